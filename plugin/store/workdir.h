/*
 * workdir.h — the working directory the process started in.  libclang's
 * -working-directory moves the process's own, so every path the user gave
 * relative to where they stood (--db, LINGER_DB, -p, SARIF's %SRCROOT%) is
 * resolved against the one remembered here, by every front door alike.
 */
#ifndef LINGER_WORKDIR_H
#define LINGER_WORKDIR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Remembers the current directory (call first thing; later calls keep the
 * first answer). */
void lg_workdir_remember(void);
/* That directory, or NULL when it could not be read.  Borrowed. */
const char *lg_workdir(void);
/* path resolved against it into out (path unchanged when absolute). */
void lg_workdir_absolute(const char *path, char *out, size_t sz);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_WORKDIR_H */
