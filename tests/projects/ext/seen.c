/* seen.c — every name seen, for ever; and a codec registry behind codecs.c's
 * getter, filled here and never emptied. */
#include "ext.h"

PyObject *seen;

void saw(PyObject *name, PyObject *codec)
{
    PySet_Add(seen, name); /* expect: unbounded-cache @PySet_Add */ /* expect-per-file: unbounded-cache @PySet_Add */
    PyDict_SetItem(codec_registry(), name, codec); /* expect: unbounded-cache @PyDict_SetItem */
}
