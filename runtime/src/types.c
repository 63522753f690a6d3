/*
 * types.c — the table of built-in types.  Built-in types are recognised by
 * their address lying inside this one array (lg__builtin), which gives the
 * runtime their dealloc and owned-storage hooks beyond the public lg_type,
 * and, for containers, what they store and grow by (the evidence recorder
 * asks these slots; it knows no container's layout).
 */
#include "builtins.h"

#define T(name, st, trav, clr, call, dealloc, owned) \
    { { name, sizeof(st), trav, clr, NULL, call }, dealloc, owned, NULL, NULL, LG__HOLDS_NONE }
/* a container: what it stores, its growth record, its kind (for evidence) */
#define C(name, st, trav, clr, call, dealloc, owned, stored, growth, holds) \
    { { name, sizeof(st), trav, clr, NULL, call }, dealloc, owned, stored, growth, holds }

const lg__typeinfo lg__types[LG__T_COUNT] = {
    [LG__T_INT] = T("int", lg__int, NULL, NULL, NULL, lg__int_dealloc, NULL),
    [LG__T_STR] = T("str", lg__str, NULL, NULL, NULL, lg__str_dealloc, lg__str_owned),
    [LG__T_BUFFER] = T("buffer", lg__buffer, NULL, NULL, NULL, lg__int_dealloc, lg__buffer_owned),
    [LG__T_LIST] = C("list", lg__list, lg__list_traverse, lg__list_clear, NULL,
                     lg__list_dealloc, lg__list_owned, lg__list_stored, lg__list_growth,
                     LG__HOLDS_LIST),
    [LG__T_DICT] = C("dict", lg__dict, lg__dict_traverse, lg__dict_clear, NULL,
                     lg__dict_dealloc, lg__dict_owned, lg__dict_stored, lg__dict_growth,
                     LG__HOLDS_MAP),
    [LG__T_WEAKREF] = T("weakref", lg__wref, lg__weakref_traverse, lg__weakref_clear, NULL,
                        lg__weakref_dealloc, NULL),
    [LG__T_WEAKSET] = T("weakset", lg__weakset, lg__weakset_traverse, lg__weakset_clear, NULL,
                        lg__weakset_dealloc, lg__weakset_owned),
    [LG__T_WEAKDICT] = T("weakdict", lg__weakdict, lg__weakdict_traverse, lg__weakdict_clear,
                         NULL, lg__weakdict_dealloc, lg__weakdict_owned),
    [LG__T_EMITTER] = C("emitter", lg__emitter, lg__emitter_traverse, lg__emitter_clear, NULL,
                        lg__emitter_dealloc, lg__emitter_owned, lg__emitter_stored, NULL,
                        LG__HOLDS_EMITTER),
    [LG__T_LRU] = C("lru", lg__lru, lg__lru_traverse, lg__lru_clear, NULL,
                    lg__lru_dealloc, lg__lru_owned, lg__lru_stored, lg__lru_growth, LG__HOLDS_MAP),
    [LG__T_CLOSURE] = C("closure", lg__closure, lg__closure_traverse, lg__closure_clear,
                        lg__closure_call, lg__closure_dealloc, lg__closure_owned,
                        lg__closure_stored, NULL, LG__HOLDS_CLOSURE),
};
