/*
 * facts.h — what a front end learns from one translation unit, as plain C
 * data with no libclang type in it: the object-API calls (with their argument
 * expressions resolved to places and origins, each call described by the
 * API model's operation it performs), the functions defined, and the calls
 * between them.  The libclang front end (plugin/frontend) and the clang
 * plugin both produce exactly this; the rules (rules/) only read it.
 *
 * Strings are owned by the facts' arena and live as long as the facts.
 */
#ifndef LINGER_FACTS_H
#define LINGER_FACTS_H

#include "model.h"
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where a container lives. */
typedef enum {
    LGF_PLACE_NONE = 0,  /* not a place we can name (a call result, arithmetic) */
    LGF_PLACE_LOCAL,     /* a local variable of the enclosing function */
    LGF_PLACE_PARAM,     /* a parameter of the enclosing function */
    LGF_PLACE_FIELD,     /* a struct field: "struct app.events", whatever reaches it */
    LGF_PLACE_GLOBAL,    /* a global variable */
    LGF_PLACE_STATIC,    /* a file-static or function-static variable */
    LGF_PLACE_RETURN     /* what function `key` returns (a getter): the rules resolve it
                            to the place its definition returns, in any unit */
} lgf_place_kind;

typedef struct {
    lgf_place_kind kind;  /* what sort of place */
    const char *key;      /* stable name: "struct app.events", "cache", "fn::local" */
    int func;             /* PARAM/LOCAL: the function (index into functions) */
    int param;            /* PARAM: the parameter's index */
    int owner_fresh;      /* FIELD: of an object created in this same function */
} lgf_place;

/* Where a stored value comes from. */
typedef enum {
    LGF_ORIGIN_UNKNOWN = 0, /* cannot tell */
    LGF_ORIGIN_FRESH,       /* created in this function by a model's `new` (or closure) */
    LGF_ORIGIN_WEAKREF,     /* a model's `weak-ref` of something */
    LGF_ORIGIN_PARAM,       /* a parameter: supplied from outside */
    LGF_ORIGIN_OUTSIDE,     /* a global, a field, another function's result */
    LGF_ORIGIN_NULL         /* the constant NULL */
} lgf_origin;

typedef struct {
    const char *text;     /* the argument as written, whitespace normalised */
    lgf_origin origin;    /* where it comes from */
    long long size;       /* bytes when a `new` with a constant size made it; -1 */
    int static_root;      /* it is (a part of) a global or static variable: `tbl[i].name` */
} lgf_value;

typedef struct {
    lgm_role role;        /* what the call does (one record per operation; a `new`
                             only for a bounded or weak container assigned to
                             container) */
    const lgm_op *op;     /* the model's operation: its names and arguments */
    const char *callee;   /* the name as written (a macro's, not the function it calls) */
    int func;             /* enclosing function, -1 at file scope */
    unsigned line;        /* 1-based line of the call's first token */
    unsigned column;      /* 1-based byte column of the call's first token */
    const char *text;     /* the whole call, whitespace and comments removed */
    lgf_place container;  /* the target, container, or closure self */
    lgf_value item;       /* the stored value (an insert's last), the listener */
    int weak_only;        /* insert: it stores one value, a weak reference or NULL */
    int self_listener;    /* register: the listener (its data) is the target itself —
                             an object's handler on its own signals dies with it */
    int target_made;      /* register: the target was assigned a new object in this
                             function (its handler goes with what was made) */
    int listener_kept;    /* register: the listener is a local this function also stored
                             in a field or global (another owner keeps it) */
    int owner_listener;   /* register: the listener is the object the target is a field
                             of (`connect(o->button, ..., o)`, also through its private
                             data: a model's `parts` function of o) — an object's handler
                             on a part of itself, if the field is one (lgf_fieldset) */
    int table_key;        /* insert of a map: the key is an entry of a static array, so
                             the map holds at most that many keys */
    int reset;            /* clear: the place was assigned NULL (op is lgf_reset_op): the
                             list whose head it held is dropped (GList-style lists) */
    int in_macro;         /* the call is not written where it is: a macro expanded there
                             wrote it (a function `DEFINE_ADDER(add_hook, hooks)` made) —
                             callee is the function called, and no fix-it can edit it */
    /* LGM_CLOSURE */
    const char *fn;       /* the closure's function, or NULL */
    lgf_place fn_from;    /* the parameter that holds the closure's function when fn is
                             NULL (a factory's `make_cb(fn, cap)`: its callers name it),
                             kind NONE otherwise */
    size_t ncaptures;     /* captures passed */
    lgf_value *captures;  /* each capture */
    /* LGM_CAPTURE_READ: the constant index, or -1 */
    long long index;
    /* LGM_INVOKE: the container whose item is invoked (a `get` of it), kind NONE if not */
    lgf_place invoked;
    /* LGM_STARTUP: what runs only while the program starts — functions by name,
       tables of them by their variable's place key (lgf_tableref) */
    size_t nruns;
    const char **runs;
} lgf_call;

typedef struct {
    const char *name;      /* the function's name */
    unsigned line;         /* where it is defined */
    unsigned column;
    int nparams;           /* parameters */
    int self_escapes;      /* parameter 0 is passed to a function other than as a
                              capture-read's self, or copied: it may read every capture */
    unsigned long long used_params; /* bit i: parameter i is used (i < 64) */
    const char **param_names;       /* each parameter's name ("" when unnamed) */
    lgf_place returns;              /* a long-lived place it returns (`return s_table;`),
                                       kind NONE when none */
} lgf_function;

/* A call to a function other than the object API, with its arguments' places:
 * what lets a parameter be traced back to the container its callers pass. */
typedef struct {
    const char *callee;    /* the called function's name */
    int func;              /* the calling function, -1 at file scope */
    unsigned line;         /* 1-based line of the call */
    size_t nargs;          /* arguments */
    lgf_place *args;       /* each argument's place */
    const char **fns;      /* each argument's function when it names one (`make_cb(on_draw,
                              buf)`), else NULL; fns itself NULL when none does */
    unsigned long long nulls; /* bit i: argument i is the constant NULL (i < 64) */
} lgf_callsite;

/* A function named in a file-scope variable's initializer: a table of
 * callbacks (`static GOptionEntry entries[] = { { ..., cb, ... } }`). */
typedef struct {
    const char *table;     /* the variable's place key (a global's name, a static's) */
    const char *fn;        /* the function */
} lgf_tableref;

/* An assignment to a struct field (`o->f = x`): what the project sets the
 * field to tells an object's parts (set only to objects made there) from
 * pointers to someone else's (set to a global, a parameter, a lookup). */
typedef struct {
    const char *field;     /* the field's place key ("View.button") */
    int func;              /* the assigning function */
    unsigned line;         /* 1-based line of the assignment */
    int made;              /* the value was made there (a model's `new`) */
    int param;             /* the value is parameter `param` of func (`o->menu = menu`), or -1 */
} lgf_fieldset;

typedef struct lgf_arena lgf_arena;
struct lgf_project;

typedef struct {
    const char *path;            /* the main file, as given */
    int header;                  /* 1: a header's function definitions (headers.h), not a
                                    translation unit — not counted among the files */
    const struct lgf_project *project; /* the units judged with it as one program, or NULL */
    lgf_function *functions;     /* functions defined in the main file */
    size_t nfunctions;
    lgf_call *calls;             /* object-API calls in the main file, in source order */
    size_t ncalls;
    lgf_callsite *callsites;     /* other calls in the main file */
    size_t ncallsites;
    lgf_tableref *tablerefs;     /* functions named in file-scope initializers */
    size_t ntablerefs;
    lgf_fieldset *fieldsets;     /* assignments to struct fields */
    size_t nfieldsets;
    unsigned *suppress_lines;    /* read from a summary: lines with suppression comments */
    const char **suppress_texts; /* ... and each one's text (lgf_summary_suppressions) */
    size_t nsuppress;
    lgf_arena *arena;            /* owns every string and array above */
    size_t cap_functions, cap_calls, cap_callsites, cap_tablerefs, cap_fieldsets; /* allocated */
} lgf_facts;

/* Translation units judged together: a removal, an unregistration, an
 * invocation or a closure's function in any of them counts for all (places
 * the whole program shares: globals and struct fields by record). */
typedef struct lgf_memo lgf_memo;

typedef struct lgf_project {
    const lgf_facts *const *units;  /* every walked unit, each one's facts */
    size_t n;
    size_t files;                   /* the files of the set (translation units; headers
                                       are walked with them) */
    size_t unanalysed;              /* of them, those that could not be analysed (whole) */
    lgf_memo *memo;                 /* resolutions already made while the units are judged
                                       (lgf_memo_new), or NULL; valid while no unit changes */
} lgf_project;

/* A cache of place resolutions for one judgement of a project: a place of
 * another unit is resolved once, not once per question (resolve.c). */
lgf_memo *lgf_memo_new(void);
void lgf_memo_free(lgf_memo *m);

/* The name index (where each function is defined and called) of a set of
 * units that does not change — an editor's project index — built once, so
 * that each judgement of a buffer against it indexes only the buffer. */
typedef struct lgf_names lgf_names;
/* NULL when memory runs out (judgements then index every unit themselves). */
lgf_names *lgf_names_build(const lgf_facts *const *units, size_t n);
void lgf_names_free(lgf_names *names);
/* A memo (as lgf_memo_new) whose name index is base's — less the unit skip
 * of base (the one a buffer's own facts replace), or NULL — and the
 * project's units that are not in base.  base must outlive the memo. */
lgf_memo *lgf_memo_new_over(const lgf_names *base, const lgf_facts *skip);

/* Building (front ends) */
void lgf_init(lgf_facts *f, const char *path);
void lgf_free(lgf_facts *f);
/* Copies s into the arena (NULL stays NULL); NULL only when memory runs out. */
const char *lgf_strdup(lgf_facts *f, const char *s);
const char *lgf_strndup(lgf_facts *f, const char *s, size_t n);
void *lgf_alloc(lgf_facts *f, size_t n);            /* zeroed arena memory */
/* The source text src[s, e) as both front ends record it: whitespace and
 * comments removed (one space kept between two words), literals verbatim,
 * capped at 4096 bytes.  An empty range at s (the extent clang gives a
 * macro-made call inside another macro's argument) becomes the expression
 * written at s: a name and its balanced parentheses.  "?" when s < 0. */
const char *lgf_source_text(lgf_facts *f, const char *src, size_t len, long s, long e);
/* The identifier written at byte off of src (a call's callee as written, the
 * macro's name when the call comes from one), or NULL when none starts there. */
const char *lgf_source_word(lgf_facts *f, const char *src, size_t len, size_t off);
/* The operation of a `place = NULL` fact (role clear). */
extern const lgm_op lgf_reset_op;
/* 1 for the characters of a C identifier. */
int lgf_word_char(char c);
/* Appends a zeroed record and returns it (its index is count - 1). */
lgf_function *lgf_add_function(lgf_facts *f);
lgf_call *lgf_add_call(lgf_facts *f);
lgf_callsite *lgf_add_callsite(lgf_facts *f);
lgf_tableref *lgf_add_tableref(lgf_facts *f);
lgf_fieldset *lgf_add_fieldset(lgf_facts *f);

/* FNV-1a of a NUL-ended string: the one string hash of the project's name
 * tables (the rules' name index, the project index's key sets). */
size_t lgf_str_hash(const char *s);
/* 1 for long-lived places: fields, globals, statics. */
int lgf_place_long_lived(const lgf_place *p);
/* 1 when both name the same place. */
int lgf_place_same(const lgf_place *a, const lgf_place *b);
/* Index of the function called name, or -1. */
int lgf_function_index(const lgf_facts *f, const char *name);
/* Copies function of (with its calls and call sites) from old into f, moved
 * by dl lines (an editor's reuse of an unchanged function).  0, or -1. */
int lgf_copy_function(lgf_facts *f, const lgf_facts *old, int of, int dl);
/* Writes the facts as canonical text, one record per line (what the parity
 * test compares between the two front ends). */
void lgf_dump(const lgf_facts *f, FILE *out);
/* lgf_dump appended to the file LINGER_DUMP_FACTS names, when set (tests). */
void lgf_dump_if_asked(const lgf_facts *f);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_FACTS_H */
