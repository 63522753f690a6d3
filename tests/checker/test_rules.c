/*
 * test_rules.c — the rules on hand-made facts (no libclang): each rule's
 * positive and negative shapes, parameter resolution, the registry's
 * --rules selection, suppression matching, fingerprint stability.
 */
#include "rules.h"
#include <criterion/criterion.h>
#include <string.h>

static lgf_facts F;
static lgm_set *M;   /* the shipped linger model */

static void setup(void)
{
    char err[256];
    lgf_init(&F, "hand.c");
    M = lgm_set_standard(1, (const char *const[]){ "linger" }, 1, NULL, err, sizeof err);
    cr_assert_not_null(M, "%s", err);
}

static void teardown(void)
{
    lgf_free(&F);
    lgm_set_free(M);
}

TestSuite(rules, .init = setup, .fini = teardown);

static lgf_place place(lgf_place_kind k, const char *key)
{
    lgf_place p = { k, key, -1, -1, 0 };
    return p;
}

static int fn(const char *name, int nparams)
{
    lgf_function *f = lgf_add_function(&F);
    f->name = lgf_strdup(&F, name);
    f->line = 1;
    f->column = 1;
    f->nparams = nparams;
    return (int)F.nfunctions - 1;
}

/* A call of the linger model's function name (its first recorded operation). */
static lgf_call *call(const char *name, int func, unsigned line, lgf_place container, lgf_origin item)
{
    const lgm_function *mf = lgm_set_called(M, name);
    cr_assert_not_null(mf, "%s is not in the linger model", name);
    lgf_call *c = lgf_add_call(&F);
    c->op = &mf->ops[0];
    c->role = mf->ops[0].role;
    c->func = func;
    c->line = line;
    c->column = 5;
    c->callee = name;
    c->text = lgf_strdup(&F, "lg_x(a,b)");
    c->container = container;
    c->item.origin = item;
    c->item.text = "item";
    c->item.size = -1;
    c->index = -1;
    return c;
}

static size_t run(const char *rule, lg_findings *out)
{
    int enabled[8];
    char err[128];
    cr_assert_eq(lg_rules_select(rule, enabled, err, sizeof err), 0, "%s", err);
    memset(out, 0, sizeof *out);
    lg_rules_run(&F, enabled, out);
    return out->n;
}

Test(rules, emitter_on_a_field_without_off_is_a_finding)
{
    int f = fn("attach", 1);
    /* written as the macro lg_emitter_on over lg_emitter_on_at */
    call("lg_emitter_on_at", f, 10, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM)
        ->callee = "lg_emitter_on";
    /* written as the function itself */
    call("lg_emitter_on_at", f, 11, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM)
        ->callee = "lg_emitter_on_at";
    /* written as some other macro: no fix-it can be right */
    call("lg_emitter_on_at", f, 12, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM)
        ->callee = "SUBSCRIBE";
    lg_findings out;
    cr_assert_eq(run("listener-strong-ref", &out), 3);
    cr_expect_eq(out.v[0].line, 10);
    cr_expect_str_eq(out.v[0].rule, "listener-strong-ref");
    cr_assert_not_null(out.v[0].fixit);
    cr_expect_str_eq(out.v[0].fixit->replacement, "lg_emitter_on_weak");
    cr_assert_not_null(out.v[1].fixit);
    cr_expect_str_eq(out.v[1].fixit->replacement, "lg_emitter_on_weak_at");
    cr_expect_null(out.v[2].fixit);
    cr_assert_eq(out.v[2].nnotes, 1);
    cr_expect(strstr(out.v[2].notes[0].message, "calls lg_emitter_off on 'struct app.events'; "
                     "register with lg_emitter_on_weak ") != NULL, "%s", out.v[2].notes[0].message);
    lg_findings_free(&out);
}

Test(rules, emitter_off_on_the_same_place_clears_it)
{
    int f = fn("attach", 1);
    call("lg_emitter_on_at", f, 10, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM);
    call("lg_emitter_off", f, 20, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM);
    lg_findings out;
    cr_expect_eq(run("listener-strong-ref", &out), 0);
    lg_findings_free(&out);
}

Test(rules, off_on_another_place_does_not_count)
{
    int f = fn("attach", 1);
    call("lg_emitter_on_at", f, 10, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM);
    call("lg_emitter_off", f, 20, place(LGF_PLACE_FIELD, "struct app.other"), LGF_ORIGIN_PARAM);
    lg_findings out;
    cr_expect_eq(run("listener-strong-ref", &out), 1);
    lg_findings_free(&out);
}

Test(rules, local_emitter_is_not_long_lived)
{
    int f = fn("attach", 1);
    call("lg_emitter_on_at", f, 10, place(LGF_PLACE_LOCAL, "attach::em"), LGF_ORIGIN_PARAM);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

Test(rules, listener_list_needs_invocation_and_outside_items)
{
    int f = fn("add", 1);
    lgf_place list = place(LGF_PLACE_GLOBAL, "hooks");
    call("lg_list_append_at", f, 10, list, LGF_ORIGIN_PARAM);
    lg_findings out;
    cr_expect_eq(run("listener-strong-ref", &out), 0, "never invoked: not a listener list");
    lg_findings_free(&out);
    lgf_call *inv = call("lg_call", f, 30, place(LGF_PLACE_NONE, NULL), LGF_ORIGIN_UNKNOWN);
    inv->invoked = list;
    cr_expect_eq(run("listener-strong-ref", &out), 1);
    cr_expect_eq(out.v[0].nnotes, 2);
    cr_expect_eq(out.v[0].notes[0].line, 30, "the note points at the invocation");
    lg_findings_free(&out);
    call("lg_list_remove", f, 40, list, LGF_ORIGIN_PARAM);
    cr_expect_eq(run("listener-strong-ref", &out), 0, "a removal undoes it");
    lg_findings_free(&out);
}

Test(rules, weakref_and_fresh_items_are_not_listener_findings)
{
    int f = fn("add", 1);
    lgf_place list = place(LGF_PLACE_GLOBAL, "hooks");
    call("lg_list_append_at", f, 10, list, LGF_ORIGIN_WEAKREF);
    call("lg_list_append_at", f, 11, list, LGF_ORIGIN_FRESH);
    lgf_call *inv = call("lg_call", f, 30, place(LGF_PLACE_NONE, NULL), LGF_ORIGIN_UNKNOWN);
    inv->invoked = list;
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

Test(rules, dict_without_del_is_unbounded)
{
    int f = fn("memo", 1);
    call("lg_dict_set_at", f, 12, place(LGF_PLACE_STATIC, "memo"), LGF_ORIGIN_FRESH);
    lg_findings out;
    cr_assert_eq(run("unbounded-cache", &out), 1);
    cr_expect_str_eq(out.v[0].place, "memo");
    lg_findings_free(&out);
    call("lg_dict_clear", f, 40, place(LGF_PLACE_STATIC, "memo"), LGF_ORIGIN_UNKNOWN);
    cr_expect_eq(run("unbounded-cache", &out), 0);
    lg_findings_free(&out);
}

Test(rules, parameter_resolves_to_the_callers_place)
{
    int helper = fn("store", 3);
    int user = fn("get", 1);
    lgf_place param = place(LGF_PLACE_PARAM, "store::cache");
    param.func = helper;
    param.param = 0;
    call("lg_dict_set_at", helper, 5, param, LGF_ORIGIN_PARAM);
    lg_findings out;
    cr_expect_eq(run("unbounded-cache", &out), 0, "no caller: a parameter is not long-lived");
    lg_findings_free(&out);
    lgf_callsite *cs = lgf_add_callsite(&F);
    cs->callee = "store";
    cs->func = user;
    cs->nargs = 3;
    cs->args = lgf_alloc(&F, 3 * sizeof *cs->args);
    cs->args[0] = place(LGF_PLACE_FIELD, "struct svc.results");
    cr_expect_eq(run("unbounded-cache", &out), 1);
    cr_expect_eq(out.v[0].line, 5, "reported at the storing call in the helper");
    lg_findings_free(&out);
    call("lg_dict_del", user, 50, place(LGF_PLACE_FIELD, "struct svc.results"), LGF_ORIGIN_UNKNOWN);
    cr_expect_eq(run("unbounded-cache", &out), 0, "deleting from the caller's place counts");
    lg_findings_free(&out);
}

Test(rules, registry_list_is_unbounded_unless_invoked)
{
    int f = fn("instance_new", 0);
    lgf_place list = place(LGF_PLACE_GLOBAL, "instances");
    call("lg_list_append_at", f, 8, list, LGF_ORIGIN_FRESH);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 1);
    cr_expect_str_eq(out.v[0].rule, "unbounded-cache");
    lg_findings_free(&out);
}

Test(rules, constructor_filling_a_fresh_object_is_not_growth)
{
    int f = fn("tree_new", 0);
    lgf_place field = place(LGF_PLACE_FIELD, "tree.children");
    field.owner_fresh = 1;
    call("lg_list_append_at", f, 8, field, LGF_ORIGIN_FRESH);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

static lgf_call *closure(int func, const char *target, size_t n)
{
    lgf_call *c = call("lg_closure_at", func, 20, place(LGF_PLACE_NONE, NULL), LGF_ORIGIN_UNKNOWN);
    c->fn = target;
    c->ncaptures = n;
    c->captures = lgf_alloc(&F, n * sizeof *c->captures);
    for (size_t i = 0; i < n; i++)
        c->captures[i] = (lgf_value){ i ? "data" : "rows", LGF_ORIGIN_FRESH, i ? 8000000 : -1, 0 };
    return c;
}

static void capture_read(int func, long long index)
{
    lgf_place self = place(LGF_PLACE_PARAM, "cb::self");
    self.func = func;
    self.param = 0;
    call("lg_closure_capture", func, 3, self, LGF_ORIGIN_UNKNOWN)->index = index;
}

Test(rules, unread_capture_is_named_with_its_size)
{
    int cb = fn("cb", 2);
    int maker = fn("make", 0);
    capture_read(cb, 0);
    closure(maker, "cb", 2);
    lg_findings out;
    cr_assert_eq(run("closure-captured-buffer", &out), 1);
    cr_expect(strstr(out.v[0].message, "'data'") != NULL, "%s", out.v[0].message);
    cr_expect(strstr(out.v[0].message, "capture 1") != NULL, "%s", out.v[0].message);
    cr_expect(strstr(out.v[0].message, "8,000,000 bytes") != NULL, "%s", out.v[0].message);
    lg_findings_free(&out);
}

Test(rules, nonconstant_index_or_escape_reads_everything)
{
    int cb = fn("cb", 2);
    int maker = fn("make", 0);
    capture_read(cb, -1);
    closure(maker, "cb", 2);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

Test(rules, self_escape_reads_everything)
{
    int cb = fn("cb", 2);
    int maker = fn("make", 0);
    F.functions[cb].self_escapes = 1;
    closure(maker, "cb", 2);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

Test(rules, undefined_function_is_not_judged)
{
    int maker = fn("make", 0);
    closure(maker, "elsewhere", 2);
    lg_findings out;
    cr_expect_eq(run(NULL, &out), 0);
    lg_findings_free(&out);
}

Test(rules, fingerprints_ignore_lines_but_not_functions)
{
    int f = fn("attach", 1);
    call("lg_emitter_on_at", f, 10, place(LGF_PLACE_FIELD, "struct app.events"), LGF_ORIGIN_PARAM);
    lg_findings a, b, c;
    run(NULL, &a);
    F.calls[0].line = 99;
    run(NULL, &b);
    cr_expect_str_eq(a.v[0].fingerprint, b.v[0].fingerprint);
    F.functions[f].name = "other";
    run(NULL, &c);
    cr_expect_str_neq(a.v[0].fingerprint, c.v[0].fingerprint);
    lg_findings_free(&a);
    lg_findings_free(&b);
    lg_findings_free(&c);
}

Test(rules, select_lists)
{
    int en[8];
    char err[256];
    cr_assert_eq(lg_rules_select(NULL, en, err, sizeof err), 0);
    cr_expect(en[0] && en[1] && en[2]);
    cr_assert_eq(lg_rules_select("unbounded-cache", en, err, sizeof err), 0);
    cr_expect(!en[0] && en[1] && !en[2]);
    cr_assert_eq(lg_rules_select("-unbounded-cache", en, err, sizeof err), 0);
    cr_expect(en[0] && !en[1] && en[2]);
    cr_expect_eq(lg_rules_select("no-such-rule", en, err, sizeof err), -1);
    cr_expect(strstr(err, "no-such-rule") != NULL);
    cr_expect_eq(lg_rules_select("", en, err, sizeof err), 0, "empty list: all rules");
    cr_expect_eq(lg_rules_select(",", en, err, sizeof err), -1);
}

Test(rules, suppression_comment_syntax)
{
    const char *l1 = "x(); // linger-ignore: unbounded-cache";
    const char *l2 = "/* linger-ignore: listener-strong-ref, unbounded-cache */";
    const char *l3 = "// linger-ignore: unbounded-cache-extra";
    cr_expect(lg_suppression_matches(l1, strlen(l1), "unbounded-cache"));
    cr_expect(!lg_suppression_matches(l1, strlen(l1), "listener-strong-ref"));
    cr_expect(lg_suppression_matches(l2, strlen(l2), "unbounded-cache"));
    cr_expect(lg_suppression_matches(l2, strlen(l2), "listener-strong-ref"));
    cr_expect(!lg_suppression_matches(l3, strlen(l3), "unbounded-cache"));
}
