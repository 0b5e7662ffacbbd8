/* core/platform/internal.h: what the platform files share among themselves, nobody else. */
#ifndef RACEDEMO_PLATFORM_INTERNAL_H
#define RACEDEMO_PLATFORM_INTERNAL_H

#include <stdbool.h>

#ifdef RACEDEMO_TEST_HOOKS
/* Whether platform_fail_semaphore_sharing turned sharing off (posix.c). */
bool platform_semaphore_sharing_refused(void);
#else
/* Without the testing hooks (what ships) nothing refuses it: the checks
 * of it compile away. */
static inline bool platform_semaphore_sharing_refused(void)
{
    return false;
}
#endif

#endif
