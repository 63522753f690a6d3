/*
 * fuzz_suppress.c — libFuzzer harness for suppression comments: the input
 * is a source file's text; findings on each of its first lines are passed
 * through lg_findings_suppress (which reads `// linger-ignore: RULE, ...`
 * on the line and the line above), and each line is matched against every
 * rule with lg_suppression_matches.
 */
#include "rules.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    lg_findings fs = { 0 };
    for (unsigned line = 1; line <= 8; line++) {
        lgf_call at;
        memset(&at, 0, sizeof at);
        at.callee = "lg_list_append";
        at.text = "lg_list_append(l,x)";
        at.func = -1;
        at.line = line;
        at.column = 1;
        (void)lg_findings_add(&fs, lg_rule_at(line % lg_rule_count())->name, &at, NULL,
                              "finding %u", line);
    }
    lg_findings_suppress(&fs, src, size);
    for (size_t s = 0, e; s < size; s = e + 1) {
        for (e = s; e < size && src[e] != '\n'; e++)
            ;
        for (size_t r = 0; r < lg_rule_count(); r++)
            (void)lg_suppression_matches(src + s, e - s, lg_rule_at(r)->name);
    }
    lg_findings_free(&fs);
    return 0;
}
