/* plain_bad.c — an extension built without PY_SSIZE_T_CLEAN, where
 * PyObject_CallFunction is the function itself (with it, a macro over
 * _PyObject_CallFunction_SizeT, which it also calls directly), and hooks
 * read with PyObject_GetItem. */
#include <Python.h>

static PyObject *on_open, *on_close, *on_read;

static PyObject *add(PyObject *module, PyObject *hook)
{
    PyList_Append(on_open, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_close, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_read, hook); /* expect: listener-strong-ref @PyList_Append */
    (void)module;
    Py_RETURN_NONE;
}

static void fire(PyObject *arg)
{
    Py_XDECREF(PyObject_CallFunction(PyList_GetItem(on_open, 0), "O", arg));
    Py_XDECREF(_PyObject_CallFunction_SizeT(PyList_GetItem(on_close, 0), "O", arg));
    PyObject *zero = PyLong_FromLong(0);
    Py_XDECREF(PyObject_CallNoArgs(PyObject_GetItem(on_read, zero)));
    Py_XDECREF(zero);
}

static PyObject *py_fire(PyObject *module, PyObject *arg)
{
    fire(arg);
    (void)module;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = { { "add", add, METH_O, NULL }, { "fire", py_fire, METH_O, NULL },
                                 { NULL, NULL, 0, NULL } };
static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "plain_bad", NULL, -1, methods };

PyMODINIT_FUNC PyInit_plain_bad(void)
{
    on_open = PyList_New(0);
    return PyModule_Create(&moddef);
}
