/*
 * registry.c — the list of rules, --rules selection, and running them.
 * Each declares the run-time evidence kind that confirms it (the database
 * matches findings to evidence by that declaration).  Their help speaks of
 * what calls do; the API's own names come, per
 * finding, from the model of the flagged call.
 */
#include <assert.h>
#include "rules.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const lg_rule rules[] = {
    { "listener-strong-ref",
      "a listener list holds strong references to callables supplied from outside and never lets them go",
      "register weakly (the API's weak registration, or store a weak reference to the listener), "
      "or unregister (or remove) it when the listener's owner goes",
      lg_rule_listener_strong_ref, "kept_alive", 0 },
    { "unbounded-cache",
      "a long-lived dict or list is only ever added to: a memo table without eviction, a self-registration list",
      "bound it (a bounded container: an LRU), hold values weakly (a weak container), "
      "or evict (remove entries when they are done)",
      lg_rule_unbounded_cache, "growth", 0 },
    { "closure-captured-buffer",
      "a closure captures an object its function never reads, keeping it alive as long as the closure",
      "capture only what the function reads (pass the small value, not the buffer it came from)",
      lg_rule_closure_captured_buffer, "unread_capture", 1 },
};

#define NRULES (sizeof rules / sizeof *rules)

size_t lg_rule_count(void)
{
    return NRULES;
}

const lg_rule *lg_rule_at(size_t i)
{
    return i < NRULES ? &rules[i] : NULL;
}

const lg_rule *lg_rule_find(const char *name)
{
    for (size_t i = 0; i < NRULES; i++)
        if (strcmp(rules[i].name, name) == 0)
            return &rules[i];
    return NULL;
}

int lg_rules_select(const char *list, int *enabled, char *err, size_t errsz)
{
    assert(enabled != NULL && err != NULL);   /* list NULL: every rule */
    int only = 0;
    for (size_t i = 0; i < NRULES; i++)
        enabled[i] = 1;
    if (list == NULL)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *p = list;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            int neg = n > 0 && p[0] == '-';
            char name[64];
            if (n - neg == 0 || n - neg >= sizeof name) {
                snprintf(err, errsz, "empty or overlong rule name in '%s'", list);
                return -1;
            }
            memcpy(name, p + neg, n - neg);
            name[n - neg] = 0;
            const lg_rule *r = lg_rule_find(name);
            if (r == NULL) {
                snprintf(err, errsz, "unknown rule '%s' (rules: listener-strong-ref, "
                         "unbounded-cache, closure-captured-buffer)", name);
                return -1;
            }
            size_t idx = (size_t)(r - rules);
            if (pass == 0 && !neg && !only) {      /* naming one enables only those named */
                only = 1;
                for (size_t i = 0; i < NRULES; i++)
                    enabled[i] = 0;
            }
            if (pass == 1)
                enabled[idx] = !neg;
            p += n + (e != NULL);
        }
    }
    return 0;
}

void lg_rules_run(const lgf_facts *facts, const int *enabled, lg_findings *out)
{
    assert(facts != NULL && out != NULL);
    for (size_t i = 0; i < NRULES; i++)
        if (enabled == NULL || enabled[i])
            rules[i].run(facts, out);
    lg_findings_finish(out);
}

void lg_rules_run_units(lgf_facts *const *units, size_t n, const int *enabled, lg_findings *out)
{
    assert(units != NULL && out != NULL);
    const lgf_facts **v = n > 1 ? malloc(n * sizeof *v) : NULL;
    lgf_project p = { v, n, 0, 0, v != NULL ? lgf_memo_new() : NULL };
    for (size_t i = 0; v != NULL && i < n; i++) {
        v[i] = units[i];
        p.files += !units[i]->header;
    }
    for (size_t i = 0; i < n; i++) {
        units[i]->project = v != NULL ? &p : NULL;   /* (memory out: each alone) */
        lg_rules_run(units[i], enabled, &out[i]);
        units[i]->project = NULL;
    }
    lgf_memo_free(p.memo);
    free(v);
}
