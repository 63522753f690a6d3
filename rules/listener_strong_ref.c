/*
 * listener_strong_ref.c — the rule `listener-strong-ref`: a strong
 * registration that is never undone.
 *  (a) a `register` on a long-lived target (a field, global or static, or
 *      reached through an entry point's parameter) with no `unregister` of
 *      that target in the TU;
 *  (b) a hand-written listener list: a long-lived container whose items are
 *      invoked (an `invoke` of a `get` of it), which receives objects the
 *      inserting function did not create by a strong `insert` of one value
 *      (not a map's key and value), and from
 *      which nothing in the TU removes (`remove`, `clear`).
 * The names in its advice and fix-it come from the flagged call's model.
 */
#include "rules.h"
#include <string.h>

#define RULE "listener-strong-ref"
#define MAXP 16

/* The first place p stands for (through callers' arguments: a helper
 * called with several) that is long-lived — or, unless params is 0, an
 * entry point's parameter — and for which lingers(f, c, place) says yes;
 * NULL when none.  A field of an object created in the same function never
 * counts when params is 0. */
static const lgf_place *lingering(const lgf_facts *f, const lgf_call *c, int params,
                                  int (*lingers)(const lgf_facts *, const lgf_call *,
                                                 const lgf_place *))
{
    const lgf_place *p = &c->container;
    if (!params && p->kind == LGF_PLACE_FIELD && p->owner_fresh)
        return NULL;
    const lgf_place *res[MAXP];
    size_t n = lg_resolve_place(f, p, res, MAXP);
    for (size_t i = 0; i < n; i++)
        if (((lgf_place_long_lived(res[i]) && (params || !res[i]->owner_fresh))
             || (params && res[i]->kind == LGF_PLACE_PARAM))
            && lingers(f, c, res[i]))
            return res[i];
    return NULL;
}

/* A [handler, data] pair on the long-lived target p keeps data lingering
 * when the data is the caller's (a parameter), or something made here or
 * elsewhere (a call's result) registered on a global or static object of the
 * program's own — a singleton, a monitor: a window's handler on the
 * settings object.  Not the widgets of the program's own structs, wired to
 * each other. */
static int pair_lingers(const lgf_call *c, const lgf_place *p)
{
    if (c->item.origin == LGF_ORIGIN_PARAM)
        return 1;
    return (c->item.origin == LGF_ORIGIN_OUTSIDE || c->item.origin == LGF_ORIGIN_FRESH)
           && !c->item.static_root          /* (static data lives on) */
           && (p->kind == LGF_PLACE_GLOBAL || p->kind == LGF_PLACE_STATIC);
}

/* A field of an object this function created (calloc, malloc, a model's
 * `new`) that some function of the project releases (a model's `release`
 * of that field: the paired free function): the emitter is a part of one
 * instance and dies with it, its listeners with it. */
static int dies_with_its_owner(const lgf_facts *f, const lgf_place *p)
{
    static const lgm_role release[] = { LGM_RELEASE };
    return p->kind == LGF_PLACE_FIELD && p->owner_fresh && lg_place_has_call(f, p, release, 1);
}

/* 1 when c's registration on the place p lasts: nothing unregisters from
 * p, and a [handler, data] pair's data is one that outlives the call. */
static int registration_lingers(const lgf_facts *f, const lgf_call *c, const lgf_place *p)
{
    static const lgm_role off[] = { LGM_UNREGISTER };
    int pair = c->op != NULL && c->op->nlistener == 2;
    return !(pair && !pair_lingers(c, p)) && !lg_place_has_call(f, p, off, 1);
}

/* 1 when c is an object's handler on a field of its own (owner_listener)
 * that the program sets only to objects it makes, or never sets (a template
 * child GTK binds by offset): a part of the object, which goes with it.  A
 * field set anywhere to someone else's object (`self->monitor =
 * the_monitor`) is only a pointer to it. */
static int on_own_part(const lgf_facts *f, const lgf_call *c)
{
    const lgf_facts *in;
    return c->owner_listener && c->container.kind == LGF_PLACE_FIELD
           && lg_field_set_elsewhere(f, &c->container, &in) == NULL;
}

/* The note of an owner's handler on a field that is not a part of it. */
static void note_not_a_part(lg_finding *x, const lgf_facts *f, const lgf_call *c)
{
    const lgf_facts *in;
    const lgf_fieldset *s = c->owner_listener && c->container.kind == LGF_PLACE_FIELD
                            ? lg_field_set_elsewhere(f, &c->container, &in) : NULL;
    if (s != NULL)
        lg_finding_note(x, c->line, c->column, "'%s' is no part of '%s': %s:%u points it at an "
                        "object made elsewhere, which keeps the handler and its data",
                        c->container.key, c->item.text ? c->item.text : "its owner",
                        lg_base_name(in->path), s->line);
}

/* 1 when c registers on a parameter its function also keeps in a field
 * (`connect(menu, ...); priv->menu = menu`) that something in the project
 * unregisters from (`disconnect(priv->menu, ...)` when it is replaced): the
 * registration ends through the field. */
static int ended_through_a_field(const lgf_facts *f, const lgf_call *c)
{
    static const lgm_role off[] = { LGM_UNREGISTER };
    if (c->container.kind != LGF_PLACE_PARAM)
        return 0;
    for (size_t i = 0; i < f->nfieldsets; i++) {
        const lgf_fieldset *s = &f->fieldsets[i];
        lgf_place field = { LGF_PLACE_FIELD, s->field, -1, -1, 0 };
        if (s->func == c->container.func && s->param == c->container.param
            && lg_place_has_call(f, &field, off, 1))
            return 1;
    }
    return 0;
}

static void check_register(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    if (c->self_listener || on_own_part(f, c) || dies_with_its_owner(f, &c->container)
        || ended_through_a_field(f, c))
        return;                   /* its own handler, or on a part of itself: they go together;
                                     a per-instance emitter released with its instance; an
                                     emitter unregistered through the field it is kept in */
    /* a [handler, data] pair holds its data only as a pointer: it lingers
     * where the caller handed the data in — the caller's object outlived by
     * the target — not where it is NULL, a constant, an address or made here */
    int pair = c->op != NULL && c->op->nlistener == 2;
    /* and it lingers on a target known to outlive it: one of the program's
     * own long-lived places, not a caller's object this file cannot see */
    if (pair && c->target_made)
        return;                   /* (a handler on what this function made goes with it) */
    const lgf_place *p = lingering(f, c, !pair, registration_lingers);
    if (p == NULL)
        return;
    const char *item = c->item.text ? c->item.text : "the listener";
    char buf[256], where[96], anywhere[128] = "";
    const char *scope = lg_scope(f, where, sizeof where);
    if (f->project != NULL && f->project->files > 1)
        snprintf(anywhere, sizeof anywhere, " anywhere in %s", scope);
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "'%s' is registered strongly on the emitter '%s' and never unregistered%s: "
        "the emitter keeps it alive for ever", item, p->key, anywhere);
    if (x == NULL)
        return;
    lg_note_passed(x, f, c, p);
    note_not_a_part(x, f, c);
    const char *twin = lg_weak_twin(c, buf, sizeof buf);
    const char *weak = lg_weak_name(c);
    const char *unreg = lg_model_name(c, LGM_UNREGISTER, LGM_KIND_NONE, 0, "an unregistration");
    if (weak != NULL && c->item.origin == LGF_ORIGIN_FRESH && !c->listener_kept) {
        /* made here, and only this function holds it besides the emitter: a
         * weak registration would let it go at once — no fix-it that breaks it */
        lg_finding_note(x, c->line, c->column,
            "'%s' is made here and nothing else keeps it: registered weakly (%s) it would go at "
            "once; keep it where its owner lives and register it weakly, or call %s on '%s' when "
            "the owner goes (nothing in %s does)", item, weak, unreg, p->key, scope);
        return;
    }
    if (weak != NULL)
        lg_finding_note(x, c->line, c->column,
            "nothing in %s calls %s on '%s'; register with %s (the listener's owner then "
            "keeps it alive), or unregister when the owner goes", scope, unreg, p->key, weak);
    else
        lg_finding_note(x, c->line, c->column,
            "nothing in %s calls %s on '%s'; unregister when the listener's owner goes",
            scope, unreg, p->key);
    if (twin != NULL && !c->in_macro)       /* (a macro's call: no text of its own to edit) */
        lg_finding_fixit(x, c->line, c->column, (unsigned)strlen(c->callee), twin);
}

static int from_outside(lgf_origin o)
{
    return o == LGF_ORIGIN_PARAM || o == LGF_ORIGIN_OUTSIDE || o == LGF_ORIGIN_UNKNOWN;
}

/* 1 when the place p is a listener list that keeps what c stores: its
 * items are invoked, nothing removes one, it is not a head pointer dropped
 * by `p = NULL`. */
static int list_lingers(const lgf_facts *f, const lgf_call *c, const lgf_place *p)
{
    static const lgm_role removals[] = { LGM_REMOVE, LGM_CLEAR };
    const lgf_facts *in;
    return lg_place_invoker_in(f, p, &in) != NULL && !lg_place_has_call(f, p, removals, 2)
           && !(c->op->returns_container && lg_place_reset(f, p));
}

static void check_list(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    if (!from_outside(c->item.origin) || c->weak_only || c->op == NULL || c->op->nstored != 1
        || c->op->kind == LGM_KIND_WEAK)
        return;                   /* a listener list stores listeners, one at a time */
    const lgf_place *p = lingering(f, c, 1, list_lingers);
    if (p == NULL)
        return;
    const lgf_facts *in;
    const lgf_call *inv = lg_place_invoker_in(f, p, &in);
    char where[96];
    lg_finding *x = lg_findings_add(out, RULE, c, f,
        "listener list '%s' keeps '%s' alive: its items are called but nothing in %s "
        "ever removes one", p->key, c->item.text, lg_scope(f, where, sizeof where));
    if (x == NULL)
        return;
    lg_note_passed(x, f, c, p);
    if (in == f)
        lg_finding_note(x, inv->line, inv->column, "items of '%s' are invoked here", p->key);
    else
        lg_finding_note(x, c->line, c->column, "items of '%s' are invoked in %s:%u", p->key,
                        lg_base_name(in->path), inv->line);
    const char *wref = lg_model_name(c, LGM_WEAK_REF, LGM_KIND_NONE, 0, NULL);
    const char *deref = lg_model_name(c, LGM_DEREF, LGM_KIND_NONE, 0, NULL);
    const char *rm = lg_remover_name(c);
    if (wref != NULL && deref != NULL)
        lg_finding_note(x, c->line, c->column,
            "append a weak reference to '%s' (%s) and call what %s returns, or %s the listener "
            "when its owner goes", c->item.text, wref, deref, rm);
    else
        lg_finding_note(x, c->line, c->column,
            "hold the listener weakly, or %s it when its owner goes", rm);
}

void lg_rule_listener_strong_ref(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->role == LGM_REGISTER)
            check_register(f, c, out);
        else if (c->role == LGM_INSERT)
            check_list(f, c, out);
    }
}
