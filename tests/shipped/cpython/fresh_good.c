/* fresh_good.c — lists whose items are called, filled only with objects
 * made right here (each constructor of the model, and references to them):
 * nobody else's object is kept alive, so nothing is flagged.  Without the
 * model knowing a constructor, its item would come "from outside" and the
 * list would be a listener list. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

static PyObject *made;
static PyTypeObject Thing_Type;

static void fill(void)
{
    PyList_Append(made, PyDict_New());
    PyList_Append(made, PyList_New(0));
    PyList_Append(made, PySet_New(NULL));
    PyList_Append(made, PyFrozenSet_New(NULL));
    PyList_Append(made, PyTuple_New(0));
    PyList_Append(made, PyTuple_Pack(0));
    PyList_Append(made, Py_BuildValue("(i)", 1));
    PyList_Append(made, _Py_BuildValue_SizeT("(i)", 1));
    PyList_Append(made, PyLong_FromLong(1));
    PyList_Append(made, PyLong_FromSsize_t(1));
    PyList_Append(made, PyFloat_FromDouble(1.0));
    PyList_Append(made, PyUnicode_FromString("a"));
    PyList_Append(made, PyUnicode_FromFormat("%d", 1));
    PyList_Append(made, PyUnicode_FromStringAndSize("ab", 2));
    PyList_Append(made, PyBytes_FromString("a"));
    PyList_Append(made, PyBytes_FromStringAndSize(NULL, 1 << 20));
    PyList_Append(made, PyByteArray_FromStringAndSize(NULL, 1 << 20));
    static char mem[64];
    PyList_Append(made, PyMemoryView_FromMemory(mem, sizeof mem, PyBUF_READ));
    PyList_Append(made, (PyObject *)PyObject_New(PyObject, &Thing_Type));
    PyList_Append(made, (PyObject *)_PyObject_New(&Thing_Type));
    PyList_Append(made, (PyObject *)PyObject_GC_New(PyObject, &Thing_Type));
    PyList_Append(made, (PyObject *)_PyObject_GC_New(&Thing_Type));
    PyList_Append(made, PyType_GenericNew(&Thing_Type, NULL, NULL));
    PyObject *mine = PyList_New(0);
    PyList_Append(made, Py_NewRef(mine));
    PyList_Append(made, _Py_NewRef(mine));
    PyList_Append(made, Py_XNewRef(mine));
    PyList_Append(made, _Py_XNewRef(mine));
    Py_XINCREF(mine);
    PyList_Append(made, mine);
}

static void fire(PyObject *args, PyObject *kwargs)
{
    Py_ssize_t n = PyList_GET_SIZE(made);
    for (Py_ssize_t i = 0; i < n; i++)
        Py_XDECREF(PyObject_VectorcallDict(PyList_GET_ITEM(made, i), NULL, 0, kwargs));
    (void)args;
}

/* reading a dict's item: a borrowed reference, called */
static PyObject *named;

static void fire_named(PyObject *key)
{
    Py_XDECREF(PyObject_CallNoArgs(PyDict_GetItem(named, key)));
    Py_XDECREF(PyObject_CallNoArgs(PyDict_GetItemString(named, "main")));
}

static PyObject *py_fire(PyObject *module, PyObject *args)
{
    fill();
    fire(args, NULL);
    fire_named(args);
    (void)module;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = { { "fire", py_fire, METH_VARARGS, NULL }, { NULL, NULL, 0, NULL } };
static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "fresh_good", NULL, -1, methods };

PyMODINIT_FUNC PyInit_fresh_good(void)
{
    made = PyList_New(0);
    named = PyDict_New();
    return PyModule_Create(&moddef);
}
