/* cache_bad.c — a CPython extension module whose module-level caches and
 * registries only grow: a dict memo table, a set of seen names, a list
 * every object appends itself to.  Nothing in the file ever deletes. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *memo;          /* key -> result, for the process's life */
static PyObject *by_name;
static PyObject *defaults;
static PyObject *registry;
static PyObject *instances;
static PyObject *seen;
static PyObject *ordered;

static PyObject *cached_compute(PyObject *module, PyObject *arg)
{
    PyObject *hit = PyDict_GetItemWithError(memo, arg);
    if (hit != NULL)
        return Py_NewRef(hit);
    PyObject *result = PyObject_Repr(arg);
    if (result == NULL || PyDict_SetItem(memo, arg, result) < 0) /* expect: unbounded-cache @PyDict_SetItem */
        return NULL;
    (void)module;
    return result;
}

static PyObject *register_named(PyObject *module, PyObject *args)
{
    const char *name;
    PyObject *obj;
    if (!PyArg_ParseTuple(args, "sO", &name, &obj))
        return NULL;
    PyDict_SetItemString(by_name, name, obj); /* expect: unbounded-cache @PyDict_SetItemString */
    PyDict_SetDefault(defaults, PyTuple_GET_ITEM(args, 0), obj); /* expect: unbounded-cache @PyDict_SetDefault */
    PyObject_SetItem(registry, PyTuple_GetItem(args, 0), obj); /* expect: unbounded-cache @PyObject_SetItem */
    PyList_Append(instances, obj); /* expect: unbounded-cache @PyList_Append */
    PySet_Add(seen, obj); /* expect: unbounded-cache @PySet_Add */
    PyList_Insert(ordered, 0, obj); /* expect: unbounded-cache @PyList_Insert */
    (void)module;
    Py_RETURN_NONE;
}

/* keyed by a caller's array: nothing bounds it */
static PyObject *by_key;

void remember_all(const char **keys, int n, PyObject *value)
{
    for (int i = 0; i < n; i++)
        PyDict_SetItemString(by_key, keys[i], value); /* expect: unbounded-cache @PyDict_SetItemString */
}

static PyMethodDef methods[] = {
    { "compute", cached_compute, METH_O, NULL },
    { "register", register_named, METH_VARARGS, NULL },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "cache_bad", NULL, -1, methods };

PyMODINIT_FUNC PyInit_cache_bad(void)
{
    memo = PyDict_New();
    by_name = PyDict_New();
    defaults = PyDict_New();
    registry = PyDict_New();
    instances = PyList_New(0);
    seen = PySet_New(NULL);
    ordered = PyList_New(0);
    return PyModule_Create(&moddef);
}
