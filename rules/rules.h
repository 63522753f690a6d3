/*
 * rules.h — findings and the rule registry.  A rule is a pure function from
 * facts to findings (no libclang, no I/O); the registry lists the rules and
 * runs the enabled ones.  Findings carry everything every output needs: the
 * storing call's position, the message, notes, an optional fix-it, and a
 * fingerprint that survives unrelated edits, re-indentation and file moves.
 */
#ifndef LINGER_RULES_H
#define LINGER_RULES_H

#include "facts.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    unsigned line, column;   /* 1-based; column in bytes */
    char *message;           /* owned */
} lg_note;

typedef struct {
    unsigned line;           /* where the replaced text starts */
    unsigned column;         /* 1-based byte column */
    unsigned length;         /* bytes replaced */
    char *replacement;       /* owned */
} lg_fixit;

typedef struct {
    const char *rule;        /* static rule name */
    unsigned line, column;   /* the storing call */
    unsigned length;         /* bytes of the callee name (the caret's range); 0 where a
                                macro wrote the call (no name of its own there) */
    char *message;           /* owned */
    char *function;          /* owned: enclosing function, "" at file scope */
    char *place;             /* owned: the container's place key */
    char *fingerprint;       /* owned: 16 hex digits (set by lg_rules_run) */
    unsigned long long key;  /* hash of rule, place, function and call text */
    int capture;             /* closure-captured-buffer: the capture's index; -1 */
    int confirmed;           /* runtime evidence confirms it (set from the database) */
    char *runtime;           /* owned: the runtime evidence summary, or NULL */
    char *retention;         /* owned: the first retention path recorded for it (JSON,
                                docs/database.md), or NULL (set from the database) */
    lg_note *notes;          /* owned */
    size_t nnotes;
    lg_fixit *fixit;         /* owned, or NULL */
} lg_finding;

typedef struct {
    lg_finding *v;           /* findings, in source order once sorted */
    size_t n, cap;
} lg_findings;

typedef void (*lg_rule_fn)(const lgf_facts *facts, lg_findings *out);

typedef struct {
    const char *name;        /* "listener-strong-ref" */
    const char *summary;     /* one line */
    const char *help;        /* what to do about it */
    lg_rule_fn run;
    const char *evidence;    /* the run-time evidence kind that confirms it ("kept_alive") */
    int per_capture;         /* 1: evidence confirms only the finding of its capture index */
} lg_rule;

/* The registry. */
size_t lg_rule_count(void);
const lg_rule *lg_rule_at(size_t i);
const lg_rule *lg_rule_find(const char *name);
/* Parses a --rules list ("a,b" enables only those; "-a" disables a) into
 * enabled[lg_rule_count()]; returns 0, or -1 naming the bad entry in err. */
int lg_rules_select(const char *list, int *enabled, char *err, size_t errsz);
/* Runs the enabled rules (NULL: all) and sorts the findings by position. */
void lg_rules_run(const lgf_facts *facts, const int *enabled, lg_findings *out);
/* lg_rules_run over units[0, n) judged as one program — a compile seen
 * alone: its translation unit and the project's headers it walked — into
 * out[i] for units[i] (each unit's project is set, then reset). */
void lg_rules_run_units(lgf_facts *const *units, size_t n, const int *enabled, lg_findings *out);

/* Findings. */
lg_finding *lg_findings_add(lg_findings *out, const char *rule, const lgf_call *at,
                            const lgf_facts *facts, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void lg_finding_note(lg_finding *f, unsigned line, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void lg_finding_fixit(lg_finding *f, unsigned line, unsigned column, unsigned length,
                      const char *replacement);
void lg_findings_free(lg_findings *out);
/* Sorts by position and sets each fingerprint (key plus rank among equal keys). */
void lg_findings_finish(lg_findings *out);
/* Drops findings whose line (or the line above) carries a suppression comment
 * naming their rule: `linger-ignore: rule[, rule]`.  src is the file's text (NULL: none). */
void lg_findings_suppress(lg_findings *out, const char *src, size_t len);
/* 1 when text (a line) suppresses rule. */
int lg_suppression_matches(const char *line, size_t len, const char *rule);

/* Rule helpers shared by the rule files (resolve.c). */
/* Resolves a place through parameters: the long-lived places that callers in
 * this TU pass for it (up to max), or the place itself.  Returns how many. */
size_t lg_resolve_place(const lgf_facts *f, const lgf_place *p, const lgf_place **out, size_t max);
/* 1 when some call with one of roles in the TU targets place p (after resolution). */
int lg_place_has_call(const lgf_facts *f, const lgf_place *p, const lgm_role *roles,
                      size_t nroles);
/* The call that invokes items of p (an `invoke` of a `get` of p), or NULL. */
const lgf_call *lg_place_invoker(const lgf_facts *f, const lgf_place *p);
/* 1 when p is assigned NULL somewhere (a `= NULL` fact on it). */
int lg_place_reset(const lgf_facts *f, const lgf_place *p);
/* Where the field p is set, in f or its project, to an object not made
 * there (a global, a parameter, a lookup's result) — it may point at someone
 * else's object, not a part of its own (lgf_fieldset) — with its unit in
 * *where; NULL when nowhere. */
const lgf_fieldset *lg_field_set_elsewhere(const lgf_facts *f, const lgf_place *p,
                                           const lgf_facts **where);
/* lg_place_invoker, and in *where the unit the invoking call is in. */
const lgf_call *lg_place_invoker_in(const lgf_facts *f, const lgf_place *p,
                                    const lgf_facts **where);
/* The function defined as name — in f, else in another unit of its project:
 * its index in *where's functions, or -1. */
int lg_function_in(const lgf_facts *f, const char *name, const lgf_facts **where);
/* The call that passes, for the parameter p, what resolves to the place to:
 * in f, else in another unit of its project (*where); NULL if none. */
const lgf_callsite *lg_place_passed_from(const lgf_facts *f, const lgf_place *p,
                                         const lgf_place *to, const lgf_facts **where);
/* When c's container is a parameter that another file's call fills with
 * to: a note naming that file and line ("'cache' is the 'g_memo' that
 * main.c:12 passes to memo_put()"). */
void lg_note_passed(lg_finding *x, const lgf_facts *f, const lgf_call *c, const lgf_place *to);
/* 1 when the function called fn runs only while the program starts: a
 * model's `startup` call (GLib's option parsing) names it, or a table of
 * callbacks that names it, in f or any unit of its project. */
int lg_runs_at_startup(const lgf_facts *f, const char *fn);
/* Where a rule looked for a removal: "this file", or "the project (N files
 * analysed)" (in buf) when f is judged with others. */
const char *lg_scope(const lgf_facts *f, char *buf, size_t sz);
/* The file name of path, without its directories. */
const char *lg_base_name(const char *path);

/* Names the rules print come from the model of the call they flag (names.c). */
/* The function of c's model with role r (and kind k unless NONE, and nstored
 * stored arguments unless 0) nearest c's own name, or fallback. */
const char *lg_model_name(const lgf_call *c, lgm_role r, lgm_kind k, int nstored,
                          const char *fallback);
/* The function of c's model that takes entries out of a container like the
 * one c fills (a `remove`, else a `clear`), or "remove". */
const char *lg_remover_name(const lgf_call *c);
/* The weak twin of c's register call as the user would write it (the macro
 * form when they wrote a macro over the twin's sibling), or NULL. */
const char *lg_weak_twin(const lgf_call *c, char *buf, size_t size);
/* The weak twin's name to advise (as lg_api_name names calls), or NULL. */
const char *lg_weak_name(const lgf_call *c);

/* The rules. */
void lg_rule_listener_strong_ref(const lgf_facts *facts, lg_findings *out);
void lg_rule_unbounded_cache(const lgf_facts *facts, lg_findings *out);
void lg_rule_closure_captured_buffer(const lgf_facts *facts, lg_findings *out);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_RULES_H */
