#!/usr/bin/env python3
"""gen_cases.py DIR N [SEED] — writes N C files that mix, at random, the
shapes in which code stores references: containers that are globals,
statics, fields (through values, pointers, arrays, anonymous members,
macros and casts), parameters traced through callers, and locals that alias
them; items that are fresh, retained, weak, NULL, parameters or conditional;
closures whose functions read some captures or none.  The same seed gives
the same files.  Used by the parity test: the files are not in the repo's
fixtures, so the two front ends are compared on code neither was tuned on."""
import os
import random
import sys

HEAD = """\
#include <stddef.h>
#include <stdio.h>
#include <linger/linger.h>

#define CONT(x) (x)
#define ADD(l, x) lg_list_append((l), (x))
#define PUT(d, k, v) lg_dict_set(d, k, v)

struct box {
    lg_object *list;
    lg_object *dict;
    lg_object *em;
    lg_object *arr[4];
    struct { lg_object *inner; } sub;
    union { lg_object *u; long raw; };
};
typedef struct box box_t;

static lg_object *g_list, *g_dict, *g_em;
lg_object *e_list;
static struct box g_box;
static box_t *g_ptr = &g_box;

static lg_object *reads_none(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static lg_object *reads_first(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

static lg_object *leaks_self(lg_object *self, lg_object *arg)
{
    (void)arg;
    lg_object *alias = self;
    return lg_retain(alias);
}
"""

LISTS = ["g_list", "e_list", "g_box.list", "g_ptr->list", "g_box.arr[2]", "g_box.sub.inner",
         "g_box.u", "CONT(g_list)", "(g_list)", "((lg_object *)e_list)", "b->list", "lst"]
DICTS = ["g_dict", "g_box.dict", "g_ptr->dict", "CONT(g_dict)", "b->dict", "dct"]
EMS = ["g_em", "g_box.em", "g_ptr->em", "b->em", "em"]
ITEMS = ["x", "lg_int(1)", "lg_str(\"k\")", "lg_retain(x)", "fresh", "lg_weakref(x, NULL, NULL)",
         "NULL", "0", "(lg_object *)x", "flag ? x : fresh", "lg_buffer(70000)", "CONT(x)", "w"]


def statement(r, n):
    kind = r.randrange(12)
    if kind == 0:
        return "lg_list_append(%s, %s);" % (r.choice(LISTS), r.choice(ITEMS))
    if kind == 1:
        return "ADD(%s, %s);" % (r.choice(LISTS), r.choice(ITEMS))
    if kind == 2:
        return "lg_dict_set(%s, %s, %s);" % (r.choice(DICTS), r.choice(ITEMS), r.choice(ITEMS))
    if kind == 3:
        return "PUT(%s, lg_str(\"k%d\"), %s);" % (r.choice(DICTS), n, r.choice(ITEMS))
    if kind == 4:
        return "lg_emitter_on(%s, %s);" % (r.choice(EMS), r.choice(ITEMS))
    if kind == 5:
        return "lg_emitter_on_weak(%s, x);" % r.choice(EMS)
    if kind == 6:
        return r.choice(["lg_list_remove(%s, x);" % r.choice(LISTS),
                         "lg_dict_del(%s, x);" % r.choice(DICTS),
                         "lg_emitter_off(%s, x);" % r.choice(EMS),
                         "lg_list_clear(%s);" % r.choice(LISTS)])
    if kind == 7:
        fn = r.choice(["reads_none", "reads_first", "leaks_self"])
        caps = ", ".join(r.choice(["big", "fresh", "x", "lg_buffer(%d)" % r.choice([16, 65536, 1 << 20])])
                         for _ in range(r.randrange(1, 3)))
        ncaps = caps.count(",") + 1
        at = r.random() < 0.3
        call = ("lg_closure_at(__FILE__, __LINE__, %s, %d, %s)" if at else "lg_closure(%s, %d, %s)") % (
            fn, ncaps, caps)
        return "c%d = %s; lg_list_append(%s, c%d);" % (n, call, r.choice(LISTS), n)
    if kind == 8:
        return ("for (size_t i = 0; i < lg_list_len(%s); i++) lg_release(lg_call(lg_list_get(%s, i), x));"
                % ((r.choice(LISTS),) * 2))
    if kind == 9:
        return "lst = %s;" % r.choice(LISTS[:-1] + ["lg_list()"])
    if kind == 10:
        return "%s = lst;" % r.choice(["g_list", "g_box.list", "b->list"])
    return "store_%d(%s, %s);" % (r.randrange(3), r.choice(LISTS), r.choice(ITEMS))


def function(r, i):
    body = ["lg_object *fresh = lg_list();", "lg_object *big = lg_buffer(%d);" % r.choice([64, 100000]),
            "lg_object *lst = lg_list(), *dct = lg_dict(), *em = lg_emitter();",
            "lg_object *w = lg_weakref(x, NULL, NULL);"]
    body += ["lg_object *c%d;" % n for n in range(8)]
    for n in range(r.randrange(3, 8)):
        body.append(statement(r, n))
    body.append("(void)flag; (void)w; (void)big; (void)dct; (void)em;")
    return ("void case_%d(box_t *b, lg_object *x, int flag)\n{\n    %s\n}\n"
            % (i, "\n    ".join(body)))


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.makedirs(out, exist_ok=True)
    for f in range(n):
        r = random.Random(seed * 100003 + f)
        parts = [HEAD]
        for k in range(3):
            parts.append("static void store_%d(lg_object *into, lg_object *v)\n{\n    %s\n}\n" % (
                k, r.choice(["lg_list_append(into, v);", "lg_dict_set(into, v, v);",
                             "lg_emitter_on(into, v);", "lg_list_remove(into, v);"])))
        for i in range(r.randrange(2, 6)):
            parts.append(function(r, i))
        with open(os.path.join(out, "case_%03d.c" % f), "w") as fh:
            fh.write("\n".join(parts))


if __name__ == "__main__":
    main()
