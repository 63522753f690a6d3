/*
 * list.c — the list: a growable array of strong references.  Every operation
 * that drops a reference updates the list first and releases last, because a
 * release can run arbitrary code (finalizers, weakref callbacks) that may look
 * at this very list.
 */
#include "builtins.h"
#include <string.h>

lg_object *lg_list_at(const char *file, int line)
{
    return lg__object_alloc(LG__TYPE(LG__T_LIST), 0, file, line);
}

lg_object *(lg_list)(void)
{
    return lg_list_at(NULL, 0);
}

static int grow(lg__list *l)
{
    size_t cap = l->cap < 4 ? 4 : l->cap + l->cap / 2;
    lg_object **items = realloc(l->items, cap * sizeof *items);
    if (items == NULL) {
        lg__set_error("out of memory");
        return -1;
    }
    lg__owned_changed(&l->base, (long)((cap - l->cap) * sizeof *items));
    l->items = items;
    l->cap = cap;
    return 0;
}

int lg_list_append_at(lg_object *list, lg_object *item, const char *file, int line)
{
    if (lg__check(list, LG__T_LIST, "lg_list_append") < 0
        || lg__check_arg(item, "lg_list_append", "item") < 0)
        return -1;
    lg__list *l = (lg__list *)list;
    if (l->len == l->cap && grow(l) < 0)
        return -1;
    l->items[l->len++] = lg_retain(item);
    lg__stored(item, file, line);
    if (lg__ev_on)
        lg__ev_insert(list, &l->growth, file, line, l->len, lg__block_size(item), 1, 0);
    return 0;
}

int (lg_list_append)(lg_object *list, lg_object *item)
{
    return lg_list_append_at(list, item, NULL, 0);
}

/* Removes item i and returns the list's reference to it. */
static lg_object *take(lg__list *l, size_t i)
{
    lg_object *o = l->items[i];
    memmove(&l->items[i], &l->items[i + 1], (l->len - i - 1) * sizeof *l->items);
    l->len--;
    if (l->growth != NULL)
        lg__ev_remove(l->growth, 1, 0, lg__block_size(o));
    return o;
}

int lg_list_remove(lg_object *list, lg_object *item)
{
    if (lg__check(list, LG__T_LIST, "lg_list_remove") < 0
        || lg__check_arg(item, "lg_list_remove", "item") < 0)
        return -1;
    lg__list *l = (lg__list *)list;
    for (size_t i = 0; i < l->len; i++) {
        if (l->items[i] == item) {
            lg_release(take(l, i));
            return 0;
        }
    }
    lg__set_error("lg_list_remove: item not in list");
    return -1;
}

lg_object *lg_list_pop(lg_object *list, size_t i)
{
    if (lg__check(list, LG__T_LIST, "lg_list_pop") < 0)
        return NULL;
    lg__list *l = (lg__list *)list;
    if (i >= l->len) {
        lg__set_error("lg_list_pop: index out of range");
        return NULL;
    }
    return take(l, i);
}

lg_object *lg_list_get(lg_object *list, size_t i)
{
    if (lg__check(list, LG__T_LIST, "lg_list_get") < 0)
        return NULL;
    lg__list *l = (lg__list *)list;
    if (i >= l->len) {
        lg__set_error("lg_list_get: index out of range");
        return NULL;
    }
    return l->items[i];
}

size_t lg_list_len(const lg_object *list)
{
    if (lg__check(list, LG__T_LIST, "lg_list_len") < 0)
        return 0;
    return ((const lg__list *)list)->len;
}

void lg__list_clear(lg_object *o)
{
    lg__list *l = (lg__list *)o;
    lg_object **items = l->items;
    size_t n = l->len, cap = l->cap;
    l->items = NULL;
    l->len = l->cap = 0;
    lg__owned_changed(o, -(long)(cap * sizeof *items));
    int counted = l->growth != NULL && n > 0 && !(lg__head_of(o)->flags & LG__F_DYING);
    size_t bytes = 0;
    for (size_t i = n; i-- > 0;) {     /* last item first, as CPython's list_dealloc and
                                          _list_clear: callbacks run in that order */
        if (counted)                   /* in the pass that touches each item anyway */
            bytes += lg__block_size(items[i]);
        lg_release(items[i]);
    }
    if (counted)
        lg__ev_remove(l->growth, n, 0, bytes);
    free(items);
}

void lg_list_clear(lg_object *list)
{
    if (lg__check(list, LG__T_LIST, "lg_list_clear") == 0)
        lg__list_clear(list);
}

void lg__list_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__list *l = (lg__list *)o;
    for (size_t i = 0; i < l->len; i++)
        visit(l->items[i], arg);
}

void lg__list_stored(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__list *l = (lg__list *)o;
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i] != NULL)
            visit(l->items[i], arg);
}

lg__evsite *lg__list_growth(lg_object *o, int64_t *len)
{
    *len = (int64_t)((lg__list *)o)->len;
    return ((lg__list *)o)->growth;
}

void lg__list_dealloc(lg_object *o)
{
    if (lg__ev_on)
        lg__ev_container_dead(o);
    lg__list_clear(o);
}

size_t lg__list_owned(const lg_object *o)
{
    return ((const lg__list *)o)->cap * sizeof(lg_object *);
}
