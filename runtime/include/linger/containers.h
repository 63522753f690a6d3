/*
 * linger/containers.h — values (int, str, buffer) and the strong containers
 * (list, dict).  Creating calls are macros forwarding to `*_at` functions with
 * the caller's __FILE__/__LINE__, which become the object's allocation site;
 * storing calls forward the same way so that the store site is known.  The
 * plain names also exist as functions (call them as `(lg_list)()`).
 */
#ifndef LINGER_CONTAINERS_H
#define LINGER_CONTAINERS_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- int: new reference; -5..256 are cached (same object on each call). */
LG_API lg_object *lg_int_at(long v, const char *file, int line);
LG_API lg_object *(lg_int)(long v);
#define lg_int(v) lg_int_at((v), LG__FILE, __LINE__)
/* Value of an int; aborts on another type; 0 with lg_error() for NULL. */
LG_API long lg_int_value(const lg_object *o);

/* ---- str: new reference; copies s.  NULL s is an error. */
LG_API lg_object *lg_str_at(const char *s, const char *file, int line);
LG_API lg_object *(lg_str)(const char *s);
#define lg_str(s) lg_str_at((s), LG__FILE, __LINE__)
/* New reference; equal strings give the same object while one is alive. */
LG_API lg_object *lg_str_intern_at(const char *s, const char *file, int line);
LG_API lg_object *(lg_str_intern)(const char *s);
#define lg_str_intern(s) lg_str_intern_at((s), LG__FILE, __LINE__)
/* Borrowed: valid while o lives. */
LG_API const char *lg_str_cstr(const lg_object *o);

/* ---- buffer: new reference to nbytes zero-filled bytes ("big data"). */
LG_API lg_object *lg_buffer_at(size_t nbytes, const char *file, int line);
LG_API lg_object *(lg_buffer)(size_t nbytes);
#define lg_buffer(n) lg_buffer_at((n), LG__FILE, __LINE__)
/* Borrowed pointer to the bytes (NULL for a zero-size buffer). */
LG_API void *lg_buffer_data(lg_object *o);
LG_API size_t lg_buffer_size(const lg_object *o);

/* ---- list */
LG_API lg_object *lg_list_at(const char *file, int line);       /* new reference */
LG_API lg_object *(lg_list)(void);
#define lg_list() lg_list_at(LG__FILE, __LINE__)
/* Retains item.  -1 when item is NULL or memory runs out. */
LG_API int lg_list_append_at(lg_object *list, lg_object *item, const char *file, int line);
LG_API int (lg_list_append)(lg_object *list, lg_object *item);
#define lg_list_append(l, x) lg_list_append_at((l), (x), LG__FILE, __LINE__)
/* Removes (and releases) the first item identical to item; -1 if absent. */
LG_API int lg_list_remove(lg_object *list, lg_object *item);
/* New reference (the list's own), or NULL when i is out of range. */
LG_API lg_object *lg_list_pop(lg_object *list, size_t i);
/* Borrowed, or NULL when i is out of range. */
LG_API lg_object *lg_list_get(lg_object *list, size_t i);
LG_API size_t lg_list_len(const lg_object *list);
/* Releases every item. */
LG_API void lg_list_clear(lg_object *list);

/* ---- dict: ints and strs compare by value, other keys by identity;
 *      iteration order is insertion order. */
LG_API lg_object *lg_dict_at(const char *file, int line);       /* new reference */
LG_API lg_object *(lg_dict)(void);
#define lg_dict() lg_dict_at(LG__FILE, __LINE__)
/* Retains key and value (replacing a value releases the old one). */
LG_API int lg_dict_set_at(lg_object *d, lg_object *key, lg_object *value,
                          const char *file, int line);
LG_API int (lg_dict_set)(lg_object *d, lg_object *key, lg_object *value);
#define lg_dict_set(d, k, v) lg_dict_set_at((d), (k), (v), LG__FILE, __LINE__)
/* Borrowed, or NULL when absent (lg_error() is not set for a plain miss). */
LG_API lg_object *lg_dict_get(lg_object *d, lg_object *key);
/* Releases key and value; -1 if absent. */
LG_API int lg_dict_del(lg_object *d, lg_object *key);
LG_API size_t lg_dict_len(const lg_object *d);
LG_API void lg_dict_clear(lg_object *d);

#ifdef __cplusplus
}
#endif
#endif /* LINGER_CONTAINERS_H */
