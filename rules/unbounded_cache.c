/*
 * unbounded_cache.c — the rule `unbounded-cache`: a long-lived container
 * (field, global, static) that is only ever added to: an `insert` with no
 * `remove` or `clear` of the same place anywhere in the TU (a get-or-compute
 * memo table, possibly split across helpers that receive the container as a
 * parameter; a registry every instance adds itself to).  A list whose items
 * are invoked is a listener list (listener-strong-ref's), and a container
 * the model says is bounded or weak (by the insert itself, or by the
 * constructor assigned to the place in the TU) never grows without limit.  Filling a field
 * of an object created in the same function (a constructor) is not growth,
 * and storing only weak references or NULL is the fix, not the leak.  Nor is
 * what a function that runs only while the program starts (a model's
 * `startup` role: a command-line option's callback) adds.
 */
#include "rules.h"

#define RULE "unbounded-cache"
#define MAXP 16

/* 1 when the insert stores a key beside its value (a map). */
static int keyed(const lgf_call *c)
{
    return c->op != NULL && c->op->nstored > 1;
}

static void advise(const lgf_call *c, lg_finding *x)
{
    const char *rm = lg_remover_name(c);
    if (keyed(c)) {
        const char *bounded = lg_model_name(c, LGM_NEW, LGM_KIND_BOUNDED, 0, NULL);
        const char *weak = lg_model_name(c, LGM_NEW, LGM_KIND_WEAK, 0, NULL);
        if (bounded != NULL && weak != NULL)
            lg_finding_note(x, c->line, c->column,
                "bound it with %s(N), hold values weakly with %s, or evict with %s", bounded,
                weak, rm);
        else
            lg_finding_note(x, c->line, c->column, "bound it, or evict with %s", rm);
        return;
    }
    const char *weak = lg_model_name(c, LGM_INSERT, LGM_KIND_WEAK, c->op ? c->op->nstored : 0, NULL);
    if (weak != NULL)
        lg_finding_note(x, c->line, c->column,
            "register weakly (%s), or %s the item when it is done", weak, rm);
    else
        lg_finding_note(x, c->line, c->column, "register weakly, or %s the item when it is done",
                        rm);
}

/* 1 when c's inserts make the long-lived place p grow without bound:
 * nothing removes from it, no model bounds it, its items are not invoked
 * (a listener list: listener-strong-ref's), it is not a head pointer
 * dropped by `p = NULL`. */
static int grows(const lgf_facts *f, const lgf_call *c, const lgf_place *p)
{
    static const lgm_role removals[] = { LGM_REMOVE, LGM_CLEAR };
    static const lgm_role bounded_new[] = { LGM_NEW };   /* only bounded/weak ones are facts */
    if ((!keyed(c) && lg_place_invoker(f, p) != NULL) || lg_place_has_call(f, p, removals, 2)
        || lg_place_has_call(f, p, bounded_new, 1))
        return 0;
    return !(c->op != NULL && c->op->returns_container && lg_place_reset(f, p));
}

/* The long-lived place c's container stands for (through callers'
 * arguments: a helper called with several) that grows, or NULL. */
static const lgf_place *growing(const lgf_facts *f, const lgf_call *c)
{
    if (c->container.kind == LGF_PLACE_FIELD && c->container.owner_fresh)
        return NULL;
    const lgf_place *res[MAXP];
    size_t n = lg_resolve_place(f, &c->container, res, MAXP);
    for (size_t i = 0; i < n; i++)
        if (lgf_place_long_lived(res[i]) && !res[i]->owner_fresh && grows(f, c, res[i]))
            return res[i];
    return NULL;
}

static void check(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    if (c->weak_only || c->table_key
        || (c->op && (c->op->kind == LGM_KIND_BOUNDED || c->op->kind == LGM_KIND_WEAK)))
        return;                  /* (keys from a static table: as many as it has, no more) */
    const lgf_place *p = growing(f, c);
    if (p == NULL)
        return;
    if (c->func >= 0 && lg_runs_at_startup(f, f->functions[c->func].name))
        return;                  /* filled while the program starts (a command-line option's
                                    callback): as many items as the command line has, once */
    char where[96];
    const char *scope = lg_scope(f, where, sizeof where);
    lg_finding *x = keyed(c)
        ? lg_findings_add(out, RULE, c, f, "cache '%s' only grows: %s stores '%s' and nothing in "
                          "%s ever deletes from it", p->key, c->callee, c->item.text, scope)
        : lg_findings_add(out, RULE, c, f, "registry '%s' only grows: %s stores '%s' and nothing "
                          "in %s ever removes from it", p->key, c->callee, c->item.text, scope);
    if (x != NULL) {
        lg_note_passed(x, f, c, p);
        advise(c, x);
    }
}

void lg_rule_unbounded_cache(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++)
        if (f->calls[i].role == LGM_INSERT)
            check(f, &f->calls[i], out);
}
