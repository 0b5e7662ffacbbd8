/* test_memory.c: the memory models of --model (replay/memory.c): under sc
 * a store is seen at once; under tso it waits in its thread's FIFO buffer,
 * its own thread reads it there, a flush writes the oldest, and a seq_cst
 * store or a fence drains the buffer first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "racedemo/replay.h"
#include "replay/memory.h"

struct shared {
    int x, y;
    volatile _Atomic uint64_t n;
};

/* A step of thread t under memory m. */
static struct replay_event step(struct replay_memory *m, unsigned t)
{
    return (struct replay_event){.thread = t, .memory = m};
}

static void test_sc_stores_reach_memory_at_once(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_SC, 2);
    struct shared s = {0};
    struct replay_event a = step(&m, 0), b = step(&m, 1);
    replay_store_int(&a, &s.x, 1, REPLAY_RELAXED, "x");
    assert_int_equal(s.x, 1);
    assert_int_equal(replay_load_int(&b, &s.x, REPLAY_RELAXED), 1);
    assert_int_equal(memory_pending(&m, 0), 0);
    assert_int_equal(memory_state_bytes(&m), 0);
    struct replay_event f = step(&m, 0);
    assert_false(memory_flush(&m, 0, &f));
}

static void test_tso_a_store_waits_and_only_its_thread_sees_it(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_TSO, 2);
    struct shared s = {0};
    struct replay_event a = step(&m, 0), b = step(&m, 1);
    replay_store_int(&a, &s.x, 1, REPLAY_RELAXED, "x");
    assert_int_equal(s.x, 0);
    assert_int_equal(memory_pending(&m, 0), 1);
    assert_int_equal(replay_load_int(&b, &s.x, REPLAY_ACQUIRE), 0);
    assert_false(m.passed); /* B's buffer is empty */
    assert_int_equal(replay_load_int(&a, &s.x, REPLAY_RELAXED), 1);
    assert_true(m.passed); /* A loaded with its own store still waiting */
    struct replay_event f = step(&m, 0);
    assert_true(memory_flush(&m, 0, &f));
    assert_true(f.flush);
    assert_string_equal(f.detail, "x = 1 reaches memory");
    assert_int_equal(s.x, 1);
    assert_int_equal(replay_load_int(&b, &s.x, REPLAY_RELAXED), 1);
}

static void test_tso_flushes_in_program_order_newest_value_forwarded(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_TSO, 2);
    struct shared s = {0};
    struct replay_event a = step(&m, 0);
    replay_store_int(&a, &s.x, 1, REPLAY_RELEASE, "x");
    replay_store_int(&a, &s.y, 2, REPLAY_RELAXED, "y");
    replay_store_int(&a, &s.x, 3, REPLAY_RELAXED, "x");
    assert_int_equal(replay_load_int(&a, &s.x, REPLAY_RELAXED), 3);
    char text[128];
    memory_buffers_text(&m, text, sizeof text);
    assert_string_equal(text, "A: x = 1, y = 2, x = 3 | B: -");
    struct replay_event f = step(&m, 0);
    assert_true(memory_flush(&m, 0, &f));
    assert_int_equal(s.x, 1);
    assert_int_equal(s.y, 0);
    assert_true(memory_flush(&m, 0, &f));
    assert_int_equal(s.y, 2);
    assert_true(memory_flush(&m, 0, &f));
    assert_int_equal(s.x, 3);
    assert_false(memory_flush(&m, 0, &f));
}

static void test_tso_seq_cst_store_and_fence_drain_first(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_TSO, 2);
    struct shared s = {0};
    struct replay_event a = step(&m, 0);
    replay_store_int(&a, &s.x, 1, REPLAY_RELAXED, "x");
    replay_store_u64(&a, &s.n, 7, REPLAY_SEQ_CST, "N");
    assert_int_equal(s.x, 1); /* drained before the XCHG */
    assert_int_equal(s.n, 7);
    assert_int_equal(memory_pending(&m, 0), 0);
    replay_store_int(&a, &s.y, 1, REPLAY_RELAXED, "y");
    replay_fence(&a);
    assert_int_equal(s.y, 1);
    assert_int_equal(memory_pending(&m, 0), 0);
}

static void test_tso_a_full_buffer_writes_its_oldest(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_TSO, 1);
    struct shared s = {0};
    struct replay_event a = step(&m, 0);
    for (int v = 1; v <= MEMORY_BUFFER_MAX + 1; v++)
        replay_store_int(&a, &s.x, v, REPLAY_RELAXED, "x");
    assert_int_equal(memory_pending(&m, 0), MEMORY_BUFFER_MAX);
    assert_int_equal(s.x, 1);
}

static void test_tso_pack_and_unpack_keep_the_buffers(void **state)
{
    (void)state;
    struct replay_memory m;
    memory_init(&m, MEMORY_TSO, 2);
    struct shared s = {0};
    struct replay_event a = step(&m, 0), b = step(&m, 1);
    replay_store_int(&a, &s.x, 1, REPLAY_RELAXED, "x");
    replay_store_thread(&b, &s.y, 0, REPLAY_RELAXED, "turn");
    unsigned char packed[1024], again[1024];
    assert_true(memory_state_bytes(&m) <= sizeof packed);
    memory_pack(&m, packed);
    struct replay_event f = step(&m, 0);
    assert_true(memory_flush(&m, 0, &f));
    memory_unpack(&m, packed);
    assert_int_equal(memory_pending(&m, 0), 1);
    memory_pack(&m, again);
    assert_memory_equal(packed, again, memory_state_bytes(&m));
    char text[128];
    memory_buffers_text(&m, text, sizeof text);
    assert_string_equal(text, "A: x = 1 | B: turn = A");
}

static void test_model_names_parse(void **state)
{
    (void)state;
    enum memory_model model;
    assert_true(memory_model_parse("tso", &model));
    assert_int_equal(model, MEMORY_TSO);
    assert_true(memory_model_parse("sc", &model));
    assert_int_equal(model, MEMORY_SC);
    assert_false(memory_model_parse("pso", &model));
    assert_string_equal(memory_model_name(MEMORY_TSO), "tso");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_stores_reach_memory_at_once),
        cmocka_unit_test(test_tso_a_store_waits_and_only_its_thread_sees_it),
        cmocka_unit_test(test_tso_flushes_in_program_order_newest_value_forwarded),
        cmocka_unit_test(test_tso_seq_cst_store_and_fence_drain_first),
        cmocka_unit_test(test_tso_a_full_buffer_writes_its_oldest),
        cmocka_unit_test(test_tso_pack_and_unpack_keep_the_buffers),
        cmocka_unit_test(test_model_names_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
