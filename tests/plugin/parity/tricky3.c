/* Rarer C: GNU ?:, __builtin_choose_expr, compound literals, K&R and
 * variadic definitions, containers reached through calls and dereferences,
 * unevaluated operands, parenthesised callees, static inline helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <linger/linger.h>

struct reg { lg_object *items; lg_object *by_key; };
static struct reg the_reg;
static lg_object *fallback;

static struct reg *get_reg(void) { return &the_reg; }

static inline void keep(lg_object *x)
{
    lg_list_append(the_reg.items, x);
}

void gnu_forms(lg_object *x, lg_object *maybe)
{
    lg_list_append(the_reg.items, maybe ?: x);
    lg_list_append(__builtin_choose_expr(1, the_reg.items, fallback), x);
    lg_dict_set(get_reg()->by_key, x, x);
    lg_object **pp = &the_reg.items;
    lg_list_append(*pp, x);
    (void)sizeof(lg_list_append(fallback, x));
    (lg_list_append_at)(fallback, x, __FILE__, __LINE__);
    keep(x);
}

void old_style(list, x)
    lg_object *list;
    lg_object *x;
{
    lg_list_append(list, x);
}

void many(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        lg_list_append(fallback, va_arg(ap, lg_object *));
    va_end(ap);
}

void literals(lg_object *x)
{
    struct reg local = (struct reg){ the_reg.items, NULL };
    lg_list_append(local.items, x);
    lg_object *arr[] = { the_reg.items, fallback };
    lg_list_append(arr[0], (lg_object *)(void *)x);
    old_style(the_reg.items, x);
}
