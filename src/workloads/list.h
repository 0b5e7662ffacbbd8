/* list.h: every workload, one line each, in the order `racedemo list`
 * shows them. WORKLOAD(id) names the `const struct workload workload_<id>`
 * its file src/workloads/<id>.c defines; registry.c expands this list to
 * declare them and build the table, so a new workload is its file(s) and
 * one line here. No include guard: it is meant to be expanded more than
 * once. */
WORKLOAD(counter)
WORKLOAD(bank)
WORKLOAD(queue)
WORKLOAD(prodcons)
