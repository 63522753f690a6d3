/* advice.h — registrations whose advice depends on who else holds the
 * listener, a registry reached through another file's getter, and calls
 * written through parentheses and the _at names. */
#include <linger/linger.h>

struct ui {
    lg_object *clicks;   /* an emitter living as long as the program */
    lg_object *owned;    /* a listener the ui keeps */
};

extern struct ui g_ui;
lg_object *handlers(void);          /* state.c: the program's handler registry */
lg_object *on_click(lg_object *self, lg_object *arg);
