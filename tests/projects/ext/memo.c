/* memo.c — a module-level memo table; clear.c empties it. */
#include "ext.h"

PyObject *memo;

int remember(PyObject *key, PyObject *value)
{
    return PyDict_SetItem(memo, key, value); /* expect-per-file: unbounded-cache @PyDict_SetItem */
}
