/*
 * tap.h
 *		A minimal TAP producer for the C unit tests of the pure core.
 *		Each test program ends with "N passed, M failed" and exits non-zero
 *		on any failure.
 */
#ifndef KPI_TAP_H
#define KPI_TAP_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int	tap_run = 0;
static int	tap_failed = 0;

#define ok(cond, ...) \
	do { \
		tap_run++; \
		if (cond) \
			printf("ok %d - ", tap_run); \
		else \
		{ \
			tap_failed++; \
			printf("not ok %d - ", tap_run); \
		} \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (!(cond)) \
			printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
	} while (0)

#define is_int(got, want, ...) \
	do { \
		int64_t tap_g = (int64_t) (got), tap_w = (int64_t) (want); \
		ok(tap_g == tap_w, __VA_ARGS__); \
		if (tap_g != tap_w) \
			printf("#   got %" PRId64 ", want %" PRId64 "\n", tap_g, tap_w); \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_run);
	printf("%d passed, %d failed\n", tap_run - tap_failed, tap_failed);
	return tap_failed == 0 ? 0 : 1;
}

#endif							/* KPI_TAP_H */
