/*
 * test_models.c — API model files (rules/model.c): the shipped models load
 * and describe what the rules need; every kind of malformed file is one
 * error with its file, line and column, and no model; model sets refuse a
 * function two models describe and take a model asked for twice once.
 */
#include "model.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static lgm_model *parse(const char *text, char *err, size_t errsz)
{
    err[0] = 0;
    return lgm_parse("m.yaml", text, strlen(text), err, errsz);
}

#define HEAD "model: acme\nversion: 1\nfunctions:\n"

typedef struct {
    const char *text;     /* the file */
    const char *where;    /* the error's "m.yaml:LINE:COL:" */
    const char *what;     /* a part of its message */
} bad_case;

static const bad_case bad[] = {
    { "model: acme\nversion: 1\nfunctions:\n  f: {role: insert, container: 0\n", "m.yaml:5:1:",
      "bad YAML" },
    { "model: acme\nversion: 1\nfunctions:\n  f: [\n", "m.yaml:", "bad YAML" },
    { "\t- x\n", "m.yaml:1:1:", "bad YAML" },
    { "", "m.yaml:1:1:", "empty model file" },
    { "- a\n- b\n", "m.yaml:1:1:", "a model file is a mapping" },
    { HEAD "  f: {role: regster, target: 0}\n", "m.yaml:4:13:", "unknown role 'regster'" },
    { HEAD "  f: {target: 0}\n", "m.yaml:4:6:", "has no 'role'" },
    { HEAD "  f: {role: register, target: 0}\n", "m.yaml:4:6:", "needs 'listener'" },
    { HEAD "  f: {role: insert, stored: [1]}\n", "m.yaml:4:6:", "needs 'container'" },
    { HEAD "  f: {role: unregister, target: 0}\n", "m.yaml:4:6:", "needs one of 'listener'" },
    { HEAD "  f: {role: new}\n", "m.yaml:4:6:", "needs 'kind'" },
    { HEAD "  f: {role: new, kind: huge}\n", "m.yaml:4:24:", "'kind' must be one of" },
    { HEAD "  f: {role: insert, container: 64, stored: [1]}\n", "m.yaml:4:32:", "out of range" },
    { HEAD "  f: {role: insert, container: -1, stored: [1]}\n", "m.yaml:4:32:", "out of range" },
    { HEAD "  f: {role: insert, container: 0, stored: [1, 99]}\n", "m.yaml:4:47:", "out of range" },
    { HEAD "  f: {role: insert, container: x, stored: [1]}\n", "m.yaml:4:32:", "must be an integer" },
    { HEAD "  f: {role: insert, container: return, stored: [1]}\n", "m.yaml:4:32:",
      "cannot be 'return'" },
    { HEAD "  f: {role: clear, container: 0, stored: [1]}\n", "m.yaml:4:34:", "takes no 'stored'" },
    { HEAD "  f: {role: clear, container: 0, colour: red}\n", "m.yaml:4:34:",
      "unknown key 'colour'" },
    { HEAD "  f: {role: clear, container: 0}\n  f: {role: clear, container: 1}\n", "m.yaml:5:3:",
      "duplicate function 'f'" },
    { HEAD "  f: {role: closure, function: 0, captures: {to: 1}}\n", "m.yaml:4:45:", "{from: N}" },
    { HEAD "  f: {role: register, target: 0, listener: [1, 2, 3]}\n", "m.yaml:4:44:",
      "[handler, data]" },
    { HEAD "  f: {role: startup}\n", "m.yaml:4:6:", "role startup needs 'run'" },
    { HEAD "  f: {role: startup, run: []}\n", "m.yaml:4:27:", "'run' is an empty list" },
    { HEAD "  f: {role: startup, run: [1, x]}\n", "m.yaml:4:31:", "must be an integer" },
    { HEAD "  f: {role: clear, container: 0, run: 1}\n", "m.yaml:4:34:", "takes no 'run'" },
    { HEAD "  f: []\n", "m.yaml:4:6:", "empty list of operations" },
    { HEAD "  f: 3\n", "m.yaml:4:6:", "an operation is a mapping" },
    { HEAD "  2f: {role: clear, container: 0}\n", "m.yaml:4:3:", "not a C function name" },
    { "model: acme\nversion: 2\nfunctions: {}\n", "m.yaml:2:10:", "newer than this linger" },
    { "model: acme\nversion: 0\nfunctions: {}\n", "m.yaml:2:10:", "does not exist" },
    { "model: acme\nversion: one\nfunctions: {}\n", "m.yaml:2:10:", "must be an integer" },
    { "model: Acme!\nversion: 1\nfunctions: {}\n", "m.yaml:1:8:", "a-z, 0-9" },
    { "version: 1\nfunctions: {}\n", "m.yaml:1:1:", "missing key 'model'" },
    { "model: acme\nfunctions: {}\n", "m.yaml:1:1:", "missing key 'version'" },
    { "model: acme\nversion: 1\n", "m.yaml:1:1:", "missing key 'functions'" },
    { "model: acme\nversion: 1\nfunctions: []\n", "m.yaml:3:12:", "maps function names" },
    { "model: acme\nversion: 1\nobjects: {a: 1}\nfunctions: {}\n", "m.yaml:3:10:", "'objects'" },
    { "model: acme\nversion: 1\nmodle: x\nfunctions: {}\n", "m.yaml:3:1:", "unknown key 'modle'" },
    { "model: acme\nversion: 1\nconstructors: \"*_new\"\nfunctions: {}\n", "m.yaml:3:15:",
      "'constructors' lists name patterns" },
    { "model: acme\nversion: 1\nconstructors: [\"*_new\", \"a-b\"]\nfunctions: {}\n", "m.yaml:3:25:",
      "'a-b' is not a name pattern" },
    { "model: acme\nversion: 1\nparts: \"*_priv\"\nfunctions: {}\n", "m.yaml:3:8:",
      "'parts' lists name patterns" },
    { "model: acme\nversion: 1\nparts: [\"x y\"]\nfunctions: {}\n", "m.yaml:3:9:",
      "'x y' is not a name pattern" },
    { "model: acme\nmodel: acme\nversion: 1\nfunctions: {}\n", "m.yaml:2:1:", "given twice" },
    { HEAD "  f: {role: clear, container: 0}\n---\nmodel: b\n", "m.yaml:6:1:", "one model per file" },
};

Test(models, every_malformed_file_is_one_positioned_error)
{
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[512];
        lgm_model *m = parse(bad[i].text, err, sizeof err);
        cr_expect_null(m, "case %zu was accepted", i);
        lgm_model_free(m);
        cr_expect(strncmp(err, bad[i].where, strlen(bad[i].where)) == 0,
                  "case %zu: '%s' does not start with '%s'", i, err, bad[i].where);
        cr_expect(strstr(err, bad[i].what) != NULL, "case %zu: '%s' lacks '%s'", i, err,
                  bad[i].what);
    }
}

Test(models, a_good_file_keeps_every_key)
{
    char err[512];
    lgm_model *m = parse("model: acme-2\nversion: 1\nobjects: [acme_obj, struct acme_thing]\n"
                         "functions:\n"
                         "  acme_bus_on: {role: register, target: 0, listener: [1, 2], handle: return}\n"
                         "  acme_bus_off: {role: unregister, target: 0, handle: 1}\n"
                         "  acme_put:\n    - {role: insert, container: 0, stored: [1, 2], returns: container}\n"
                         "    - {role: retain, of: 2}\n"
                         "  acme_new: {role: new, kind: bounded, bound: 0}\n"
                         "  acme_cl: {role: closure, function: 1, captures: {from: 2}, count: 2, "
                         "destroy: 0, data-param: user_data}\n"
                         "  ACME_GET: {role: get, container: 0, match: written}\n"
                         "  acme_parse_hooks: {role: startup, run: [1, 3]}\n",
                         err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    cr_expect_str_eq(m->name, "acme-2");
    cr_expect_eq(m->nobjects, 2);
    cr_expect_str_eq(m->objects[1], "acme_thing");
    cr_assert_eq(m->nfunctions, 7);
    cr_expect_eq(m->functions[6].ops[0].role, LGM_STARTUP);
    cr_expect_eq(m->functions[6].ops[0].nrun, 2);
    cr_expect_eq(m->functions[6].ops[0].run[1], 3);
    const lgm_op *on = &m->functions[0].ops[0];
    cr_expect_eq(on->role, LGM_REGISTER);
    cr_expect_eq(on->nlistener, 2);
    cr_expect_eq(on->listener[1], 2);
    cr_expect_eq(on->handle, LGM_RETURN);
    cr_expect_eq(m->functions[1].ops[0].handle, 1);
    cr_expect_eq(m->functions[2].nops, 2);
    cr_expect_eq(m->functions[2].ops[0].nstored, 2);
    cr_expect(m->functions[2].ops[0].returns_container);
    cr_expect_eq(m->functions[2].ops[1].of, 2);
    cr_expect_eq(m->functions[3].ops[0].kind, LGM_KIND_BOUNDED);
    const lgm_op *cl = &m->functions[4].ops[0];
    cr_expect_eq(cl->fn, 1);
    cr_expect_eq(cl->captures_from, 2);
    cr_expect_eq(cl->destroy, 0);
    cr_expect_str_eq(cl->data_param_name, "user_data");
    cr_expect(m->functions[5].ops[0].match_written);
    cr_expect_eq(on->line, 5);
    lgm_model_free(m);
}

Test(models, sets_look_up_as_called_and_as_written)
{
    char err[512];
    lgm_set *s = lgm_set_new();
    lgm_model *a = parse(HEAD "  acme_put: {role: insert, container: 0, stored: [1]}\n"
                         "  ACME_GET: {role: get, container: 0, match: written}\n", err, sizeof err);
    cr_assert_not_null(a, "%s", err);
    cr_assert_eq(lgm_set_add(s, a, err, sizeof err), 0);
    cr_expect_not_null(lgm_set_called(s, "acme_put"));
    cr_expect_null(lgm_set_called(s, "ACME_GET"));
    cr_expect_not_null(lgm_set_written(s, "ACME_GET"));
    cr_expect_null(lgm_set_called(s, "acme_pu"));
    /* the same model again is taken once */
    lgm_model *again = parse(HEAD "  other: {role: clear, container: 0}\n", err, sizeof err);
    cr_assert_eq(lgm_set_add(s, again, err, sizeof err), 0);
    cr_expect_eq(lgm_set_count(s), 1);
    cr_expect_null(lgm_set_called(s, "other"));
    /* another model describing acme_put is refused, naming both */
    const char *btext = "model: b\nversion: 1\nfunctions:\n  acme_put: {role: clear, container: 0}\n";
    lgm_model *b = lgm_parse("b.yaml", btext, strlen(btext), err, sizeof err);
    cr_assert_not_null(b, "%s", err);
    cr_expect_eq(lgm_set_add(s, b, err, sizeof err), -1);
    cr_expect(strstr(err, "b.yaml:4:13: function 'acme_put' is already described by model "
                     "'acme' (m.yaml:4)") != NULL, "%s", err);
    lgm_set_free(s);
}

Test(models, the_shipped_linger_model_covers_the_object_api)
{
    char err[512];
    lgm_set *s = lgm_set_standard(0, NULL, 0, NULL, err, sizeof err);
    cr_assert_not_null(s, "%s", err);
    static const struct { const char *name; lgm_role role; } want[] = {
        { "lg_emitter_on_at", LGM_REGISTER }, { "lg_emitter_on", LGM_REGISTER },
        { "lg_emitter_on_weak_at", LGM_REGISTER_WEAK }, { "lg_emitter_off", LGM_UNREGISTER },
        { "lg_list_append_at", LGM_INSERT }, { "lg_dict_set_at", LGM_INSERT },
        { "lg_list_pop", LGM_REMOVE }, { "lg_dict_clear", LGM_CLEAR }, { "lg_list_get", LGM_GET },
        { "lg_closure_at", LGM_CLOSURE }, { "lg_closure_capture", LGM_CAPTURE_READ },
        { "lg_call", LGM_INVOKE }, { "lg_buffer_at", LGM_NEW }, { "lg_weakref_at", LGM_WEAK_REF },
        { "lg_retain", LGM_RETAIN }, { "lg_lru_at", LGM_NEW }, { "lg_weakset_add_at", LGM_INSERT },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const lgm_function *f = lgm_set_called(s, want[i].name);
        cr_expect(f != NULL && lgm_function_op(f, want[i].role) != NULL, "%s", want[i].name);
    }
    const lgm_op *cl = lgm_function_op(lgm_set_called(s, "lg_closure_at"), LGM_CLOSURE);
    cr_expect_eq(cl->fn, 2);
    cr_expect_eq(cl->captures_from, 3);
    cr_expect_str_eq(lgm_function_op(lgm_set_called(s, "lg_emitter_on_at"), LGM_REGISTER)->weak,
                     "lg_emitter_on_weak_at");
    cr_expect(lgm_set_is_object(s, "struct lg_object"));
    cr_expect(!lgm_set_is_object(s, "struct app"));
    lgm_set_free(s);
    /* no default model: nothing is described */
    s = lgm_set_standard(1, NULL, 0, NULL, err, sizeof err);
    cr_assert_not_null(s, "%s", err);
    cr_expect_null(lgm_set_called(s, "lg_list_append_at"));
    lgm_set_free(s);
}

Test(models, a_missing_or_unknown_model_is_an_error)
{
    char err[512];
    cr_expect_null(lgm_set_standard(0, (const char *const[]){ "/nonexistent/x.yaml" }, 1, NULL,
                                    err, sizeof err));
    cr_expect(strstr(err, "/nonexistent/x.yaml: cannot read model file") != NULL, "%s", err);
    cr_expect_null(lgm_set_standard(0, (const char *const[]){ "gtk4" }, 1, NULL, err, sizeof err));
    cr_expect(strstr(err, "no shipped model called 'gtk4'") != NULL, "%s", err);
}

/* parts: functions, named by patterns, that return a part of their first argument */
Test(models, part_patterns)
{
    static const char text[] = "model: acme\nversion: 1\nparts: [\"*_get_instance_private\"]\n"
                               "functions: {}\n";
    char err[512];
    lgm_model *m = lgm_parse("p.yaml", text, sizeof text - 1, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    lgm_set *s = lgm_set_new();
    cr_assert_eq(lgm_set_add(s, m, err, sizeof err), 0, "%s", err);
    cr_expect(lgm_set_is_part(s, "find_bar_get_instance_private"));
    cr_expect(!lgm_set_is_part(s, "find_bar_get_instance"));
    cr_expect(!lgm_set_is_part(s, ""));
    cr_expect(!lgm_set_is_part(s, NULL));
    lgm_set_free(s);
}

/* constructors: a function with no entry of its own, named by a pattern,
 * makes a new object; one with an entry keeps its own */
Test(models, constructor_patterns)
{
    static const char text[] = "model: acme\nversion: 1\nconstructors: [\"*_new\", \"*_new_*\"]\n"
                               "functions:\n  acme_list_new: { role: new, kind: list }\n";
    char err[512];
    lgm_model *m = lgm_parse("c.yaml", text, sizeof text - 1, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    lgm_set *s = lgm_set_new();
    cr_assert_eq(lgm_set_add(s, m, err, sizeof err), 0, "%s", err);
    const lgm_function *f = lgm_set_called(s, "gtk_button_new_with_label");
    cr_assert_not_null(f);
    cr_expect_eq(f->ops[0].role, LGM_NEW);
    cr_expect_eq(f->ops[0].kind, LGM_KIND_OBJECT);
    cr_expect_not_null(lgm_set_called(s, "thing_new"));
    cr_expect_eq(lgm_set_called(s, "acme_list_new")->ops[0].kind, LGM_KIND_LIST);
    cr_expect_null(lgm_set_called(s, "thing_newer"));
    cr_expect_null(lgm_set_called(s, "renew"));
    cr_expect_null(lgm_set_called(s, ""));
    lgm_set_free(s);
}
