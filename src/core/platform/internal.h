/* core/platform/internal.h: what the platform files share among themselves, nobody else. */
#ifndef RACEDEMO_PLATFORM_INTERNAL_H
#define RACEDEMO_PLATFORM_INTERNAL_H

#include <stdbool.h>

/* Whether platform_fail_semaphore_sharing turned sharing off (posix.c). */
bool platform_semaphore_sharing_refused(void);

#endif
