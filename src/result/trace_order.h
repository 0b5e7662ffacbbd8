/* result/trace_order.h: a --trace's steps in an order that could have happened.
 * The clock reads around each step, on two CPUs, are no order: a load can
 * read a value before the clock says anyone stored it. One location's
 * accesses do have a total order (coherence): each thread's steps in its
 * own program order, and every load reading the latest store before it. */
#ifndef RACEDEMO_TRACE_ORDER_H
#define RACEDEMO_TRACE_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "racedemo/result.h"

/* Reorders the n steps of ev (each thread's steps in its program order,
 * in any interleaving) into one that fits every value: each thread's
 * steps stay in program order; each load comes after a store of the value
 * it read, with no other store between them, unless no step here stored
 * that value (it read a store the trace did not record: one from before
 * the recorded stretch, or the other thread's work outside it). Among the
 * orders that fit, the one closest to the clock: at each step the
 * earliest clock read that fits. Marks each step whose place before or
 * after the step above the values cannot tell (`either`). Returns false,
 * leaving ev in clock order (each thread's in program order), when no
 * order fits or the search took too long, or with errno ENOMEM when there
 * was no memory to look (errno is left alone otherwise). nthreads:
 * threads are 0 to nthreads - 1, at most RACEDEMO_MAX_THREADS. */
bool trace_order(struct result_trace_event *ev, size_t n, unsigned nthreads);

/* Whether ev[0..n) fits every value as trace_order promises: each thread
 * in program order by `seq` (its place in its thread), and each load of a
 * value some step here stored reading the latest store before it. For
 * the tests' property checks. */
bool trace_order_fits(const struct result_trace_event *ev, size_t n);

#endif
