/* test_workloads.c: the workload registry. Every entry is complete as the
 * recipe at the top of racedemo/workload.h asks, findable, and named
 * unlike any strategy; the table has exactly the lines of list.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/workload.h"

/* Its options: each named and explained, each filling a field inside the
 * workload's config struct; the option --schedule counts iterations by
 * (iters_option) among them. */
static void assert_options_complete(const struct workload *w)
{
    bool iters_found = false;
    for (const struct opt *o = w->options; o->name; o++) {
        assert_non_null(o->help);
        assert_true(o->offset < w->config_size);
        iters_found |= w->replay && strcmp(o->name, w->replay->iters_option) == 0;
    }
    if (w->replay && !iters_found)
        fail_msg("%s: the replay's iters_option --%s is none of its options", w->name,
                 w->replay->iters_option);
}

/* Its steps for --schedule, if it has them: named, and every function there. */
static void assert_replay_complete(const struct workload *w)
{
    const struct replay_ops *r = w->replay;
    if (!r)
        return;
    assert_true(r->nsteps > 0);
    for (unsigned k = 0; k < r->nsteps; k++)
        assert_non_null(r->steps[k]);
    assert_non_null(r->shared_name);
    assert_non_null(r->iters_option);
    assert_true(r->setup && r->step && r->outcome && r->teardown);
    assert_true(r->marked && r->marked_did);
}

static void test_registry_entries_are_complete_and_findable(void **state)
{
    (void)state;
    size_t count = 0;
    for (const struct workload *const *w = workloads; *w; w++, count++) {
        assert_non_null((*w)->name);
        assert_true(strlen((*w)->summary) > 10);
        assert_true(strlen((*w)->about) > 10);
        assert_non_null((*w)->options);
        assert_true((*w)->config_size > 0);
        assert_options_complete(*w);
        /* The free run, and what the watchdog asks of it. */
        assert_true((*w)->setup && (*w)->reset && (*w)->work && (*w)->observe && (*w)->teardown &&
                    (*w)->progress);
        assert_true(!(*w)->helpers || (*w)->helper_role);
        assert_true(!(*w)->sleeps || ((*w)->asleep && (*w)->wake));
        assert_replay_complete(*w);
        assert_ptr_equal(workload_find((*w)->name), *w);
        /* `racedemo explain NAME` finds one or the other, never both. */
        if (sync_find((*w)->name))
            fail_msg("%s is both a workload and a strategy", (*w)->name);
    }
    /* Every line of the list is in the table, and nothing else is. */
    size_t listed = 0
#define WORKLOAD(id) +1
#include "workloads/list.h"
#undef WORKLOAD
        ;
    assert_int_equal(count, listed);
    assert_null(workload_find("no-such-workload"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_entries_are_complete_and_findable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
