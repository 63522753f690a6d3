/*
 * listener_strong_ref.c — the rule `listener-strong-ref`: a strong
 * registration that is never undone.
 *  (a) lg_emitter_on(E, L) where E is long-lived (a field, global or static,
 *      or reached through an entry point's parameter) and nothing in the TU
 *      calls lg_emitter_off on E;
 *  (b) a hand-written listener list: a long-lived list whose items are invoked
 *      (lg_call on lg_list_get(P, i)), which receives objects the appending
 *      function did not create by a strong lg_list_append, and from which
 *      nothing in the TU removes (lg_list_remove, lg_list_pop, lg_list_clear).
 */
#include "rules.h"
#include <string.h>

#define RULE "listener-strong-ref"
#define MAXP 16

/* A long-lived place among the resolutions of p, or NULL. */
static const lgf_place *long_lived(const lgf_facts *f, const lgf_place *p)
{
    const lgf_place *res[MAXP];
    size_t n = lg_resolve_place(f, p, res, MAXP);
    for (size_t i = 0; i < n; i++)
        if (lgf_place_long_lived(res[i]) || res[i]->kind == LGF_PLACE_PARAM)
            return res[i];
    return NULL;
}

static void check_emitter(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    static const lgf_api off[] = { LGF_EMITTER_OFF };
    const lgf_place *p = long_lived(f, &c->container);
    if (p == NULL || lg_place_has_call(f, p, off, 1))
        return;
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "'%s' is registered strongly on the emitter '%s' and never unregistered: "
        "the emitter keeps it alive for ever", c->item.text, p->key);
    if (x == NULL)
        return;
    lg_finding_note(x, c->line, c->column,
        "nothing in this file calls lg_emitter_off on '%s'; register with lg_emitter_on_weak "
        "(the listener's owner then keeps it alive), or unregister when the owner goes", p->key);
    size_t n = strlen(c->callee);
    int at = n > 3 && strcmp(c->callee + n - 3, "_at") == 0;
    lg_finding_fixit(x, c->line, c->column, (unsigned)n,
                     at ? "lg_emitter_on_weak_at" : "lg_emitter_on_weak");
}

static int from_outside(lgf_origin o)
{
    return o == LGF_ORIGIN_PARAM || o == LGF_ORIGIN_OUTSIDE || o == LGF_ORIGIN_UNKNOWN;
}

static void check_list(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    static const lgf_api removals[] = { LGF_LIST_REMOVE, LGF_LIST_POP, LGF_LIST_CLEAR };
    if (!from_outside(c->item.origin))
        return;
    const lgf_place *p = long_lived(f, &c->container);
    if (p == NULL)
        return;
    const lgf_call *inv = lg_place_invoker(f, p);
    if (inv == NULL || lg_place_has_call(f, p, removals, 3))
        return;
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "listener list '%s' keeps '%s' alive: its items are called but nothing in this file "
        "ever removes one", p->key, c->item.text);
    if (x == NULL)
        return;
    lg_finding_note(x, inv->line, inv->column, "items of '%s' are invoked here", p->key);
    lg_finding_note(x, c->line, c->column,
        "append lg_weakref(%s, NULL, NULL) and call what lg_weakref_get returns, or "
        "lg_list_remove the listener when its owner goes", c->item.text);
}

void lg_rule_listener_strong_ref(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->api == LGF_EMITTER_ON)
            check_emitter(f, c, out);
        else if (c->api == LGF_LIST_APPEND)
            check_list(f, c, out);
    }
}
