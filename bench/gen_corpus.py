"""gen_corpus.py DIR N — writes N C files that use the linger object API the way
real code does: system headers (stdio, stdlib, string, pthread, errno, time),
structs with object fields, helpers, caches, listeners and closures, and the
project's own header (corpus.h) of static inline helpers every file includes
and uses.  About a tenth of the files hold one of the three leak patterns."""
import os
import sys

TEMPLATE = """\
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linger/linger.h>
#include "corpus.h"

struct module_{i} {{
    lg_object *events;       /* emitter */
    lg_object *cache;        /* lru */
    lg_object *pending;      /* work list */
    pthread_mutex_t lock;
    long counter;
}};

static struct module_{i} mod_{i};

static lg_object *handler_{i}(lg_object *self, lg_object *arg)
{{
    lg_object *state = lg_closure_capture(self, 0);
    (void)state;
    return lg_retain(arg);
}}

static int parse_{i}(const char *text, long *out)
{{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\\0')
        return -1;
    *out = v;
    return 0;
}}

int module_{i}_init(void)
{{
    mod_{i}.events = lg_emitter();
    mod_{i}.cache = lg_lru(128);
    mod_{i}.pending = lg_list();
    pthread_mutex_init(&mod_{i}.lock, NULL);
    return mod_{i}.events && mod_{i}.cache && mod_{i}.pending ? 0 : -1;
}}

lg_object *module_{i}_lookup(const char *name)
{{
    lg_object *key = corpus_key(name);
    lg_object *hit = lg_lru_get(mod_{i}.cache, key);
    if (hit == NULL) {{
        char buf[64];
        snprintf(buf, sizeof buf, "%s-%ld", name, (long)time(NULL));
        lg_object *value = lg_str(buf);
        lg_lru_put(mod_{i}.cache, key, value);
        lg_release(value);
        hit = lg_lru_get(mod_{i}.cache, key);
    }}
    lg_release(key);
    return hit;
}}

int module_{i}_listen(lg_object *owner)
{{
    lg_object *state = lg_buffer(256);
    lg_object *h = lg_closure(handler_{i}, 1, state);
    int rc = lg_emitter_on_weak(mod_{i}.events, h);
    lg_dict_set(owner, h, h);
    lg_release(h);
    lg_release(state);
    return rc;
}}

void module_{i}_work(const char **items, size_t n)
{{
    pthread_mutex_lock(&mod_{i}.lock);
    for (size_t k = 0; k < n; k++) {{
        long v;
        if (parse_{i}(items[k], &v) < 0)
            continue;
        lg_object *o = lg_int(v);
        corpus_push(mod_{i}.pending, o);
        lg_release(o);
        mod_{i}.counter += v;
    }}
    while (lg_list_len(mod_{i}.pending) > 0) {{
        lg_object *o = lg_list_pop(mod_{i}.pending, 0);
        lg_emitter_emit(mod_{i}.events, o);
        lg_release(o);
    }}
    pthread_mutex_unlock(&mod_{i}.lock);
}}
{extra}
"""

HEADER = """\
/* corpus.h — the generated project's own helpers, inline. */
#ifndef CORPUS_H
#define CORPUS_H
#include <string.h>
#include <linger/linger.h>

static inline lg_object *corpus_key(const char *name)
{
    return lg_str(name != NULL ? name : "");
}

static inline void corpus_push(lg_object *list, lg_object *item)
{
    lg_list_append(list, item);
}

static inline lg_object *corpus_take(lg_object *list)
{
    return lg_list_len(list) > 0 ? lg_list_pop(list, 0) : NULL;
}

static inline void corpus_set(lg_object **slot, lg_object *value)
{
    lg_object *old = *slot;
    *slot = value != NULL ? lg_retain(value) : NULL;
    lg_release(old);
}

static inline int corpus_same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static inline size_t corpus_count(lg_object *list)
{
    return list != NULL ? lg_list_len(list) : 0;
}
#endif
"""

LEAKS = [
    """
static lg_object *memo_{i};
lg_object *memo_{i}_get(lg_object *k)
{{
    lg_object *v = lg_dict_get(memo_{i}, k);
    if (v == NULL) {{
        v = lg_buffer(1024);
        lg_dict_set(memo_{i}, k, v);
        lg_release(v);
    }}
    return lg_dict_get(memo_{i}, k);
}}
""",
    """
void module_{i}_subscribe(lg_object *listener)
{{
    lg_emitter_on(mod_{i}.events, listener);
}}
""",
    """
static lg_object *keep_{i};
void module_{i}_progress(void)
{{
    lg_object *data = lg_buffer(8000000);
    lg_object *rows = lg_int(1000);
    lg_release(keep_{i});
    keep_{i} = lg_closure(handler_{i}, 2, rows, data);
    lg_release(rows);
    lg_release(data);
}}
""",
]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "corpus.h"), "w") as f:
        f.write(HEADER)
    for i in range(n):
        extra = LEAKS[(i // 10) % 3].format(i=i) if i % 10 == 0 else ""
        with open(os.path.join(out, f"module_{i:04d}.c"), "w") as f:
            f.write(TEMPLATE.format(i=i, extra=extra))


if __name__ == "__main__":
    main()
