/* inst.h — per-instance structs whose emitters die with them: a window
 * (calloc'd in win.c, freed with its emitter in close.c), a tab (an object
 * of its own type, its emitter released by its clear), and a panel whose
 * emitter nothing ever releases (the bad twin). */
#include <linger/linger.h>

struct win {
    lg_object *events;   /* the window's own emitter */
};

struct panel {
    lg_object *events;   /* the panel's emitter: never released */
};

struct win *win_new(void);
void win_free(struct win *w);
struct panel *panel_new(void);
lg_object *tab_new(void);
lg_object *on_event(lg_object *self, lg_object *arg);
