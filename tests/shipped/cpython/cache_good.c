/* cache_good.c — the same caches, each bounded: entries deleted (DelItem,
 * DelItemString, Pop, PyObject_DelItem), cleared, discarded, popped, cut
 * from a list, or held through weak references.  Nothing here is flagged. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_ENTRIES 256

static PyObject *memo, *by_name, *popped, *generic, *generic_str, *cleared;
static PyObject *seen, *seen_cleared, *seen_popped, *instances, *ordered, *weak_list;

static int remember(PyObject *key, PyObject *value)
{
    if (PyDict_Size(memo) >= MAX_ENTRIES)
        PyDict_Clear(cleared);
    PyDict_SetItem(memo, key, value);
    PyDict_SetItemString(by_name, "last", value);
    PyDict_SetItem(popped, key, value);
    PyObject_SetItem(generic, key, value);
    PyDict_SetItemString(generic_str, "k", value);
    PyDict_SetItem(cleared, key, value);
    PySet_Add(seen, key);
    PySet_Add(seen_cleared, key);
    PySet_Add(seen_popped, key);
    PyList_Append(instances, value);
    PyList_Insert(ordered, 0, value);
    PyObject *ref = PyWeakref_NewRef(value, NULL);
    if (ref == NULL)
        return -1;
    PyList_Append(weak_list, ref);
    Py_DECREF(ref);
    return 0;
}

static void forget(PyObject *key)
{
    PyDict_DelItem(memo, key);
    PyDict_DelItemString(by_name, "last");
    Py_XDECREF(_PyDict_Pop(popped, key, Py_None));
    PyObject_DelItem(generic, key);
    PyObject_DelItemString(generic_str, "k");
    PySet_Discard(seen, key);
    PySet_Clear(seen_cleared);
    Py_XDECREF(PySet_Pop(seen_popped));
    PySequence_DelItem(instances, 0);
    PyList_SetSlice(ordered, MAX_ENTRIES, PY_SSIZE_T_MAX, NULL);
    PySequence_DelSlice(weak_list, 0, 1);
}

/* a table filled from a static one at init: as many keys as it has */
static PyObject *consts;
static const struct { const char *name; long value; } const_table[] = {
    { "ONE", 1 }, { "TWO", 2 }, { NULL, 0 },
};
static const char *const names[] = { "a", "b" };

static int fill_consts(void)
{
    for (int i = 0; const_table[i].name != NULL; i++)
        if (PyDict_SetItemString(consts, const_table[i].name, PyLong_FromLong(const_table[i].value)) < 0)
            return -1;
    for (int i = 0; i < 2; i++)
        PyDict_SetItemString(consts, names[i], Py_None);
    return 0;
}

static PyObject *py_remember(PyObject *module, PyObject *args)
{
    PyObject *k, *v;
    if (!PyArg_ParseTuple(args, "OO", &k, &v) || remember(k, v) < 0)
        return NULL;
    forget(k);
    (void)module;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = { { "remember", py_remember, METH_VARARGS, NULL }, { NULL, NULL, 0, NULL } };
static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "cache_good", NULL, -1, methods };

PyMODINIT_FUNC PyInit_cache_good(void)
{
    memo = PyDict_New();
    consts = PyDict_New();
    if (consts == NULL || fill_consts() < 0)
        return NULL;
    return PyModule_Create(&moddef);
}
