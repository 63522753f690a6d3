/*
 * table.h — the ordered hash table behind dict, lru, weakset and weakdict.
 * Entries live in an array in insertion order (deleted entries have key NULL
 * until the next rebuild); an open-addressing index of int32 maps hashes to
 * entries, as in CPython's compact dict.  The table never retains or releases:
 * its users own the references in key, value and aux, and must remove an entry
 * before releasing what it held (a release can run arbitrary code).
 */
#ifndef LG_TABLE_H
#define LG_TABLE_H

#include "lg_int.h"
#include <sys/types.h>

typedef struct lg__entry {
    size_t hash;       /* lg__key_hash(key) */
    lg_object *key;    /* NULL: deleted */
    lg_object *value;  /* owner-defined */
    lg_object *aux;    /* owner-defined (a weakref for weak entries) */
} lg__entry;

typedef struct lg__table {
    lg__entry *entries;  /* insertion order */
    size_t used;         /* entries[0..used) hold live or deleted entries */
    size_t cap;          /* entries allocated */
    size_t len;          /* live entries */
    int32_t *index;      /* -1 empty, -2 deleted, else an entry number */
    size_t mask;         /* index size - 1 (index size is a power of two) */
    size_t first;        /* no live entry before this one (oldest first) */
} lg__table;

/* Entry number of key, or -1. */
ssize_t lg__table_find(const lg__table *t, const lg_object *key, size_t hash);
/* Entry number whose aux is aux (hash is the entry's hash), or -1. */
ssize_t lg__table_find_aux(const lg__table *t, size_t hash, const lg_object *aux);
/* Appends a new entry (the key must be absent); its number, or -1 (memory). */
ssize_t lg__table_insert(lg__table *t, lg_object *key, size_t hash,
                         lg_object *value, lg_object *aux);
/* Deletes entry i (live); the caller has read out what it must release. */
void lg__table_remove(lg__table *t, size_t i);
/* Steals the entries array (for clearing); the table is left empty. */
lg__entry *lg__table_steal(lg__table *t, size_t *used);
void lg__table_free(lg__table *t);
/* Bytes of storage owned by the table. */
size_t lg__table_bytes(const lg__table *t);

#endif /* LG_TABLE_H */
