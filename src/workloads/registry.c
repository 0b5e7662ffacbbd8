/* registry.c: the table of workloads, in list.h's order, and finding one
 * by name. */
#include <string.h>

#include "racedemo/workload.h"

#define WORKLOAD(id) extern const struct workload workload_##id;
#include "list.h"
#undef WORKLOAD

/* The order is list.h's. */
const struct workload *const workloads[] = {
#define WORKLOAD(id) &workload_##id,
#include "list.h"
#undef WORKLOAD
    NULL,
};

const struct workload *workload_find(const char *name)
{
    for (const struct workload *const *w = workloads; *w; w++)
        if (strcmp((*w)->name, name) == 0)
            return *w;
    return NULL;
}
