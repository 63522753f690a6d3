/* ext.h — what the files of this small CPython extension share. */
#ifndef EXT_H
#define EXT_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern PyObject *handlers;   /* handlers.c registers, dispatch.c calls them */
extern PyObject *memo;       /* memo.c fills it, clear.c empties it */
extern PyObject *seen;       /* seen.c adds, nothing removes */
PyObject *codec_registry(void);
#endif
