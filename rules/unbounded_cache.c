/*
 * unbounded_cache.c — the rule `unbounded-cache`: a long-lived container
 * (field, global, static) that is only ever added to.
 *  - a dict receiving lg_dict_set with no lg_dict_del or lg_dict_clear on the
 *    same place anywhere in the TU (a get-or-compute memo table, possibly
 *    split across helpers that receive the dict as a parameter);
 *  - a list receiving lg_list_append with no lg_list_remove, lg_list_pop or
 *    lg_list_clear on it, whose items are never invoked (a registry, such as
 *    every instance appending itself to a class-wide list).
 * Filling a field of an object created in the same function (a constructor)
 * is not growth, and appending weakrefs is the fix, not the leak.
 */
#include "rules.h"

#define RULE "unbounded-cache"
#define MAXP 16

static const lgf_place *long_lived(const lgf_facts *f, const lgf_place *p)
{
    if (p->kind == LGF_PLACE_FIELD && p->owner_fresh)
        return NULL;
    const lgf_place *res[MAXP];
    size_t n = lg_resolve_place(f, p, res, MAXP);
    for (size_t i = 0; i < n; i++)
        if (lgf_place_long_lived(res[i]) && !res[i]->owner_fresh)
            return res[i];
    return NULL;
}

static void check_dict(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    static const lgf_api removals[] = { LGF_DICT_DEL, LGF_DICT_CLEAR };
    const lgf_place *p = long_lived(f, &c->container);
    if (p == NULL || lg_place_has_call(f, p, removals, 2))
        return;
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "cache '%s' only grows: lg_dict_set stores '%s' and nothing in this file ever "
        "deletes from it", p->key, c->item.text);
    if (x != NULL)
        lg_finding_note(x, c->line, c->column,
            "bound it with lg_lru(N), hold values weakly with lg_weakdict(LG_WEAK_VALUES), "
            "or evict with lg_dict_del");
}

static void check_list(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    static const lgf_api removals[] = { LGF_LIST_REMOVE, LGF_LIST_POP, LGF_LIST_CLEAR };
    if (c->item.origin == LGF_ORIGIN_WEAKREF || c->item.origin == LGF_ORIGIN_NULL)
        return;
    const lgf_place *p = long_lived(f, &c->container);
    if (p == NULL || lg_place_invoker(f, p) != NULL || lg_place_has_call(f, p, removals, 3))
        return;
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "registry '%s' only grows: lg_list_append stores '%s' and nothing in this file ever "
        "removes from it", p->key, c->item.text);
    if (x != NULL)
        lg_finding_note(x, c->line, c->column,
            "register weakly (lg_weakset_add), or lg_list_remove the item when it is done");
}

void lg_rule_unbounded_cache(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->api == LGF_DICT_SET)
            check_dict(f, c, out);
        else if (c->api == LGF_LIST_APPEND)
            check_list(f, c, out);
    }
}
