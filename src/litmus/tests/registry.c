/* registry.c: the table of litmus tests, and what every caller asks of it. */
#include <string.h>

#include "racedemo/litmus.h"
#include "litmus/litmus.h"

#define LITMUS_TEST(id) extern const struct litmus_test litmus_##id;
#include "list.h"
#undef LITMUS_TEST

/* The order is list.h's. */
const struct litmus_test *const litmus_tests[] = {
#define LITMUS_TEST(id) &litmus_##id,
#include "list.h"
#undef LITMUS_TEST
    NULL,
};

const char *const litmus_order_names[LITMUS_ORDERS] = {"relaxed", "release-acquire", "seq_cst"};
const char *const litmus_model_names[LITMUS_MODELS] = {"SC", "x86-TSO", "arm64", "C11"};

const struct litmus_test *litmus_find(const char *name)
{
    for (const struct litmus_test *const *t = litmus_tests; *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}

enum litmus_model litmus_machine_model(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return LITMUS_X86;
#elif defined(__aarch64__)
    return LITMUS_ARM64;
#else
    return LITMUS_MODELS;
#endif
}

bool litmus_allowed(const struct litmus_test *t, enum litmus_order order, bool fence,
                    enum litmus_model model, unsigned outcome)
{
    /* Every outcome but the relaxed one is some interleaving of the
     * threads' steps, which every model allows. */
    if (outcome != t->relaxed_outcome)
        return true;
    return t->rows[order][fence].allowed[model];
}

uint64_t litmus_in_step_seen(const struct litmus_result *r)
{
    uint64_t n = 0;
    for (unsigned o = 0; o < (1u << r->test->nregs); o++)
        if (r->test->in_step >> o & 1)
            n += r->seen[o];
    return n;
}

uint64_t litmus_forbidden_seen(const struct litmus_result *r, enum litmus_model model)
{
    uint64_t n = 0;
    for (unsigned o = 0; o < (1u << r->test->nregs); o++)
        if (!litmus_allowed(r->test, r->order, r->fence, model, o))
            n += r->seen[o];
    return n;
}
