/* orders.h: the memory orders of each --order, as constants. A memory
 * order must be a constant where the access is compiled: given as a
 * variable, compilers treat it as seq_cst. So each test's loops are
 * written once as a macro over these and expanded for every order and
 * fence (LITMUS_VARIANTS), and run[order][fence] picks the expansion. */
#ifndef RACEDEMO_LITMUS_ORDERS_H
#define RACEDEMO_LITMUS_ORDERS_H

#include <stdatomic.h>

/* --order relaxed: no ordering beyond each location's own. */
#define RELAXED_STORE memory_order_relaxed
#define RELAXED_LOAD  memory_order_relaxed
/* --order release-acquire: a store releases what came before it, a load
 * acquires what came after it. */
#define RELEASE_ACQUIRE_STORE memory_order_release
#define RELEASE_ACQUIRE_LOAD  memory_order_acquire
/* --order seq_cst: one total order of every seq_cst access. */
#define SEQ_CST_STORE memory_order_seq_cst
#define SEQ_CST_LOAD  memory_order_seq_cst

/* --fence: a full fence, atomic_thread_fence(memory_order_seq_cst) (x86
 * a locked instruction or MFENCE (gcc 12: LOCK OR on the stack), arm64
 * DMB ISH); without it, nothing. */
#define FENCE_1 atomic_thread_fence(memory_order_seq_cst)
#define FENCE_0 ((void)0)

/* Defines NAME_<order>_<fence> for every order and fence with the
 * test's macro BODY(store order, load order, fence statement), and the
 * table that run[order][fence] is. */
#define LITMUS_VARIANT(test, o, f)                                                                 \
    static void test##_##o##_##f(const struct litmus_arrays *a, unsigned t, size_t from,           \
                                 size_t to)                                                        \
    {                                                                                              \
        test##_BODY(o##_STORE, o##_LOAD, FENCE_##f);                                               \
    }
#define LITMUS_VARIANTS(test)                                                                      \
    LITMUS_VARIANT(test, RELAXED, 0)                                                               \
    LITMUS_VARIANT(test, RELAXED, 1)                                                               \
    LITMUS_VARIANT(test, RELEASE_ACQUIRE, 0)                                                       \
    LITMUS_VARIANT(test, RELEASE_ACQUIRE, 1)                                                       \
    LITMUS_VARIANT(test, SEQ_CST, 0)                                                               \
    LITMUS_VARIANT(test, SEQ_CST, 1)
#define LITMUS_RUN_TABLE(test)                                                                     \
    {                                                                                              \
        {test##_RELAXED_0, test##_RELAXED_1},                                                      \
            {test##_RELEASE_ACQUIRE_0, test##_RELEASE_ACQUIRE_1},                                  \
            {test##_SEQ_CST_0, test##_SEQ_CST_1},                                                  \
    }

#endif
