/*
 * keyset.h — a set of strings by open addressing, the strings borrowed (the
 * caller keeps them alive as long as the set): the project index's key sets
 * (index.c), `linger check`'s headers claimed (check.c).  Memory running
 * out leaves the set incomplete and says so (failed).
 */
#ifndef LINGER_KEYSET_H
#define LINGER_KEYSET_H

#include <stddef.h>

typedef struct {
    const char **v;       /* slots; NULL empty */
    size_t mask, n;       /* slots - 1, members */
    int failed;           /* memory ran out (the set is then incomplete) */
} lg_keyset;

/* 1 when s is a member. */
int lg_keyset_has(const lg_keyset *k, const char *s);
/* Adds s (borrowed; NULL and "" are never members). */
void lg_keyset_add(lg_keyset *k, const char *s);
void lg_keyset_free(lg_keyset *k);

#endif /* LINGER_KEYSET_H */
