/* codecs.c — the module's codec registry, behind a getter. */
#include "ext.h"

static PyObject *registry;

PyObject *codec_registry(void)
{
    if (registry == NULL)
        registry = PyDict_New();
    return registry;
}
