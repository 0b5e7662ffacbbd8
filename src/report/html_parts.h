/* report/html_parts.h: the pictures of render_html's page, each in its
 * own file: a free run's (report/html_run.c: the timeline, the bank's
 * audits, the queue's list) and a run of trials' (report/html_trials.c:
 * the outcome histogram, the series of trials; report/html_trace.c:
 * --trace's loads and stores). Each reads the finished
 * result and draws only what it holds: nothing of a trial that did not
 * complete. */
#ifndef RACEDEMO_RENDER_HTML_PARTS_H
#define RACEDEMO_RENDER_HTML_PARTS_H

#include <stddef.h>
#include <stdio.h>

#include "racedemo/result.h"
#include "result/verdict.h"

/* "thread 0", "producer 1", "auditor": what worker i is, for a label. */
char *html_worker_name(char *buf, size_t len, const struct result *r, unsigned i);

/* <svg id="timeline">: each worker of the first trial from its start to
 * its finish, on its CPU, with the stretches two or more overlapped. */
void html_run_timeline(FILE *out, const struct result *r);
/* <svg id="audits">: the values the workload recorded over the first
 * trial (result.series: the bank's audits) against the expected one. */
void html_run_series(FILE *out, const struct result *r);
/* <svg id="queue-list">: the list as the first trial left it (result
 * lost_list.end): what was reached, what each thread lost, the tail. */
void html_run_list(FILE *out, const struct result *r);
/* A table of each worker's state when the watchdog stopped the run. */
void html_run_stall(FILE *out, const struct result *r);

/* <svg id="histogram">: trials per outcome (summary buckets). */
void html_trials_histogram(FILE *out, const struct result *r, const struct summary *s);
/* <svg id="series">: each kept trial's lost count, in order. */
void html_trials_series(FILE *out, const struct result *r, const struct summary *s);

/* A section with the timeline of --trace's recorded loads and stores
 * (svg#trace), one lane per thread on a nanosecond axis, the first lost
 * update marked; r->trace.recorded is not 0. */
void render_html_trace(FILE *out, const struct result *r);

#endif
