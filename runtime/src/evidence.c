/*
 * evidence.c — the runtime evidence recorder's entry points.  Recording into
 * the findings database arrives with the database (issue 4); until then these
 * validate their arguments and report that nothing is recorded.
 */
#include "lg_int.h"

int lg_evidence_open(const char *db_path)
{
    if (db_path == NULL || *db_path == '\0') {
        lg__set_error("lg_evidence_open: db_path is empty");
        return -1;
    }
    return 0;
}

int lg_evidence_flush(void)
{
    return 0;
}

void lg_evidence_close(void)
{
}
