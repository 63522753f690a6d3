/*
 * model.h — API models (../shared/spec/models.md): what each call of an
 * object API does, as data.  A model file is YAML, parsed with libyaml and
 * checked whole before it is used: a bad file is one error naming the file,
 * the line and the column.  A model set is the models one analysis uses
 * (the shipped `linger` model unless it is turned off, then the ones asked
 * for), with one lookup from a called function's name to what it does.
 *
 * Invariant: every argument index in an lgm_op is LGM_NONE, LGM_RETURN, or
 * in [0, LGM_MAX_ARG); every name is a non-empty string owned by its model.
 */
#ifndef LINGER_MODEL_H
#define LINGER_MODEL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LGM_VERSION 1         /* the newest model format this linger reads */
#define LGM_NONE (-1)         /* no argument given */
#define LGM_RETURN (-2)       /* the function's result */
#define LGM_MAX_ARG 64        /* argument indices are below this */
#define LGM_MAX_LIST 16       /* at most this many args in a list key */

/* What a call does (models.md, "Roles"; `deref` is ours). */
typedef enum {
    LGM_NEW, LGM_RETAIN, LGM_WEAK_REF, LGM_DEREF, LGM_REGISTER, LGM_REGISTER_WEAK,
    LGM_UNREGISTER, LGM_INSERT, LGM_REMOVE, LGM_CLEAR, LGM_GET, LGM_INVOKE,
    LGM_CLOSURE, LGM_CAPTURE_READ,
    LGM_CAST,                      /* ours: the result is argument `of` itself (G_OBJECT) */
    LGM_STARTUP,                   /* ours: the functions in `run` (or named in the tables
                                      given there) run only while the program starts */
    LGM_RELEASE,                   /* ours: drops the reference argument `of` holds (a
                                      container released with its owner) */
    LGM_ROLE_COUNT
} lgm_role;

/* The kind of object a `new` makes. */
typedef enum {
    LGM_KIND_NONE = 0, LGM_KIND_LIST, LGM_KIND_MAP, LGM_KIND_SET, LGM_KIND_EMITTER,
    LGM_KIND_BOUNDED, LGM_KIND_WEAK, LGM_KIND_OBJECT, LGM_KIND_BUFFER
} lgm_kind;

struct lgm_model;

/* One operation of one function.  Unused keys are LGM_NONE. */
typedef struct lgm_op {
    lgm_role role;                 /* what it does */
    const char *function;          /* the function's name (the model's key) */
    const struct lgm_model *model; /* the model it belongs to */
    int match_written;             /* match the name as written, not as called */
    unsigned line, column;         /* where the entry is in the file (1-based) */
    lgm_kind kind;                 /* new: what it makes; insert: `into` (ours) */
    int size, bound;               /* new: the size in bytes / the bound argument */
    int of;                        /* retain, weak-ref, deref: the argument */
    int target;                    /* register*, unregister: the target */
    int listener[2];               /* register*, unregister: listener, or handler and data */
    int nlistener;                 /* 0, 1 or 2 */
    int handle;                    /* register: LGM_RETURN or none; unregister: the handle arg */
    int tied;                      /* register-weak: the tied object */
    int all;                       /* unregister: every registration on the target */
    int container;                 /* insert, remove, clear, get */
    int stored[LGM_MAX_LIST];      /* insert: the stored args */
    int nstored;
    int returns_container;         /* insert: the result is the container */
    int callable;                  /* invoke */
    int fn;                        /* closure: the function argument */
    int captures[LGM_MAX_LIST];    /* closure: listed captures */
    int ncaptures;
    int captures_from;             /* closure: {from: N}, variadic captures after arg N */
    int count, destroy;            /* closure: optional args */
    int data_param;                /* closure: the function's parameter (index) that gets the datum */
    const char *data_param_name;   /* closure: ... or its name; "last" for the last one */
    int self, index;               /* capture-read */
    int run[LGM_MAX_LIST];         /* startup: the args that are functions or their tables */
    int nrun;
    const char *weak;              /* register: the weak twin's name (ours), or NULL */
} lgm_op;

/* One function of a model and its operations. */
typedef struct {
    const char *name;              /* as called (or as written with match: written) */
    lgm_op *ops;                   /* its operations, in file order */
    size_t nops;
} lgm_function;

typedef struct lgm_model {
    char *name;                    /* [a-z0-9-]+ */
    char *path;                    /* the file it came from, as given */
    int version;                   /* the format version it declares */
    char **objects;                /* struct or typedef names whose pointers are objects */
    size_t nobjects;
    lgm_function *functions;       /* in file order */
    size_t nfunctions;
    char **constructors;           /* name globs (fnmatch): a function with no entry whose
                                      name matches one makes a new object ("*_new") */
    size_t nconstructors;
    lgm_op constructor_op;         /* what such a call does: new, kind object */
    lgm_function constructor_fn;   /* its one operation, as lgm_set_called gives it */
    char **parts;                  /* name globs: a function whose name matches one returns
                                      a part of its first argument (GObject's private data:
                                      "*_get_instance_private") */
    size_t nparts;
    int shipped;                   /* one of the models linger ships */
} lgm_model;

/* Parses and checks the YAML text (path only names it in errors).  Returns
 * the model, or NULL with "PATH:LINE:COL: what is wrong" in err. */
lgm_model *lgm_parse(const char *path, const char *text, size_t len, char *err, size_t errsz);
/* Reads the file at path, then as lgm_parse. */
lgm_model *lgm_load_file(const char *path, char *err, size_t errsz);
void lgm_model_free(lgm_model *m);

/* Shipped models, compiled in from rules/models/NAME.yaml. */
size_t lgm_shipped_count(void);
const char *lgm_shipped_name(size_t i);
/* Where the shipped model's file is installed (it may not be installed). */
const char *lgm_shipped_path(size_t i);
/* Loads the shipped model called name; NULL with err when there is none. */
lgm_model *lgm_load_shipped(const char *name, char *err, size_t errsz);
/* A model as the doors name one: a shipped model's name ([a-z0-9-]+), else
 * a file's path.  NULL with the reason in err. */
lgm_model *lgm_load_spec(const char *spec, char *err, size_t errsz);

/* ---- model sets */

typedef struct lgm_set lgm_set;

/* An empty set. */
lgm_set *lgm_set_new(void);
void lgm_set_free(lgm_set *s);
/* Adds a model the set then owns.  A model of the same name already in the
 * set is not added again (0; m is freed).  A function defined by two
 * models is an error: -1 with err (m is freed). */
int lgm_set_add(lgm_set *s, lgm_model *m, char *err, size_t errsz);
/* Adds the model spec names: a shipped name or a file's path. */
int lgm_set_add_spec(lgm_set *s, const char *spec, char *err, size_t errsz);
/* Adds every *.yaml in dir, in name order (a missing dir adds nothing). */
int lgm_set_add_dir(lgm_set *s, const char *dir, char *err, size_t errsz);
/* The standard set: `linger` unless no_default, then each of specs[0..n),
 * then LINGER_MODELS (colon-separated), then the project's models: every
 * *.yaml of the first .linger/models found in project_dir or above it
 * (project_dir may be NULL).  NULL with err. */
lgm_set *lgm_set_standard(int no_default, const char *const *specs, size_t nspecs,
                          const char *project_dir, char *err, size_t errsz);

size_t lgm_set_count(const lgm_set *s);
/* The function as called (match: written entries excluded), or NULL. */
const lgm_function *lgm_set_called(const lgm_set *s, const char *name);
/* 1 when a model's `parts` names the function called name. */
int lgm_set_is_part(const lgm_set *s, const char *name);
/* The function as written (match: written entries only), or NULL. */
const lgm_function *lgm_set_written(const lgm_set *s, const char *name);
/* 1 when some function of the set is matched as written. */
int lgm_set_has_written(const lgm_set *s);
/* The first operation of f with role r, or NULL. */
const lgm_op *lgm_function_op(const lgm_function *f, lgm_role r);
/* 1 when type (a canonical spelling: "struct acme_obj", "PyObject") names
 * one of the set's object types. */
int lgm_set_is_object(const lgm_set *s, const char *type);

const char *lgm_role_name(lgm_role r);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_MODEL_H */
