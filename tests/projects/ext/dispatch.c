/* dispatch.c — calls every registered handler. */
#include "ext.h"

void dispatch(PyObject *event)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(handlers); i++)
        Py_XDECREF(PyObject_CallOneArg(PyList_GET_ITEM(handlers, i), event));
}
