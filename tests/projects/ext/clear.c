/* clear.c — empties memo.c's table. */
#include "ext.h"

void forget_all(void)
{
    PyDict_Clear(memo);
}
