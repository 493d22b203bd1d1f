/*
 * test_tally.c
 *		The aggregate state on its own: exact sums, trimmed means, combine,
 *		conflicts, overflow and corrupt arrays.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"
#include "tap.h"

#define SLOTS 3

static int64_t
slot_field(const int64_t *t, int slot, int field)
{
	return t[KPI_T_HEADER + (slot - 1) * KPI_T_STRIDE + field];
}

/*
 * With KPI_TALLY_CORPUS set to a folder, write the states the tests build
 * there, one file each, as the seeds of fuzz/fuzz_tally.c.
 */
static void
keep(const char *name, const int64_t *t)
{
	const char *dir = getenv("KPI_TALLY_CORPUS");
	char		path[512];
	FILE	   *f;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(t, sizeof(int64_t), kpi_tally_len(t[KPI_T_NSLOTS]), f) !=
		kpi_tally_len(t[KPI_T_NSLOTS]) || fclose(f) != 0)
	{
		printf("# cannot write %s\n", path);
		exit(2);
	}
}

int
main(void)
{
	int64_t		t[KPI_T_HEADER + SLOTS * KPI_T_STRIDE];
	int64_t		u[KPI_T_HEADER + SLOTS * KPI_T_STRIDE];
	int64_t		big[KPI_T_HEADER + 5 * KPI_T_STRIDE];
	int64_t		sum,
				n;

	kpi_tally_init(t, SLOTS);
	is_int(kpi_tally_validate(t, kpi_tally_len(SLOTS)), KPI_TALLY_OK, "a fresh tally is valid");
	is_int(t[KPI_T_CONTENT_WEIGHT], -1, "content weight starts undeclared");

	/* content: 30 + 25.50 + 40 points, rubric max 100, weight 80 */
	is_int(kpi_tally_add_points(t, KPI_SLOT_CONTENT, 3000), KPI_TALLY_OK, "add 30.00 points");
	kpi_tally_add_points(t, KPI_SLOT_CONTENT, 2550);
	kpi_tally_add_points(t, KPI_SLOT_CONTENT, 4000);
	is_int(t[KPI_T_CONTENT_POINTS], 9550, "content points are summed exactly");
	is_int(kpi_tally_add_max(t, 10000), KPI_TALLY_OK, "add rubric max");
	is_int(kpi_tally_declare_weight(t, KPI_SLOT_CONTENT, 8000), KPI_TALLY_OK, "declare content weight");
	is_int(kpi_tally_declare_weight(t, KPI_SLOT_CONTENT, 8000), KPI_TALLY_OK, "the same weight again is fine");
	is_int(kpi_tally_declare_weight(t, KPI_SLOT_CONTENT, 7000), KPI_TALLY_CONFLICT, "another weight conflicts");

	/* trimmed mean with 2 raters keeps both */
	kpi_tally_declare_trimmed(t, 1, true);
	kpi_tally_add_points(t, 1, 9000);
	kpi_tally_add_points(t, 1, 8000);
	kpi_trimmed_kept(t, 1, &sum, &n);
	is_int(sum, 17000, "trimmed mean of 2 raters keeps the sum");
	is_int(n, 2, "trimmed mean of 2 raters keeps both");
	/* a third rater: drop one highest and one lowest */
	kpi_tally_add_points(t, 1, 7050);
	kpi_trimmed_kept(t, 1, &sum, &n);
	is_int(sum, 8000, "trimmed mean of 3 raters keeps the middle score");
	is_int(n, 1, "trimmed mean of 3 raters keeps one");
	is_int(slot_field(t, 1, KPI_R_MIN), 7050, "min tracked");
	is_int(slot_field(t, 1, KPI_R_MAX), 9000, "max tracked");

	/* plain mean keeps all */
	kpi_tally_declare_trimmed(t, 2, false);
	kpi_tally_add_points(t, 2, 6000);
	kpi_tally_add_points(t, 2, 7000);
	kpi_tally_add_points(t, 2, 10000);
	kpi_trimmed_kept(t, 2, &sum, &n);
	is_int(n, 3, "mean keeps every rater");
	is_int(kpi_tally_declare_trimmed(t, 2, true), KPI_TALLY_CONFLICT, "aggregation declared differently conflicts");
	keep("three_slots", t);

	/* bad input */
	is_int(kpi_tally_add_points(t, 4, 100), KPI_TALLY_BAD_SLOT, "slot beyond room");
	is_int(kpi_tally_add_points(t, -3, 100), KPI_TALLY_BAD_SLOT, "slot below deduction");
	is_int(kpi_tally_add_points(t, 1, -1), KPI_TALLY_BAD_VALUE, "negative points");
	is_int(kpi_tally_declare_weight(t, 1, -5), KPI_TALLY_BAD_VALUE, "negative weight");
	is_int(kpi_tally_declare_trimmed(t, 0, true), KPI_TALLY_BAD_SLOT, "content has no aggregation");

	/* overflow is refused, not wrapped */
	kpi_tally_init(u, SLOTS);
	kpi_tally_add_points(u, KPI_SLOT_BONUS, INT64_MAX - 5);
	is_int(kpi_tally_add_points(u, KPI_SLOT_BONUS, 10), KPI_TALLY_OVERFLOW, "bonus overflow refused");
	kpi_tally_init(u, SLOTS);
	kpi_tally_add_points(u, 3, INT64_MAX);
	keep("rating_at_max", u);
	is_int(kpi_tally_add_points(u, 3, 1), KPI_TALLY_OVERFLOW, "rating sum overflow refused");

	/* combine: partial states add up to the whole */
	{
		int64_t		a[KPI_T_HEADER + SLOTS * KPI_T_STRIDE];
		int64_t		b[KPI_T_HEADER + 1 * KPI_T_STRIDE];

		kpi_tally_init(a, SLOTS);
		kpi_tally_init(b, 1);
		kpi_tally_add_points(a, KPI_SLOT_CONTENT, 1000);
		kpi_tally_add_points(b, KPI_SLOT_CONTENT, 250);
		kpi_tally_add_points(b, KPI_SLOT_DEDUCTION, 100);
		kpi_tally_declare_weight(b, KPI_SLOT_CONTENT, 7000);
		kpi_tally_add_points(a, 1, 5000);
		kpi_tally_add_points(b, 1, 9000);
		kpi_tally_add_points(b, 1, 3000);
		kpi_tally_declare_trimmed(b, 1, true);
		is_int(kpi_tally_combine(a, b), KPI_TALLY_OK, "combine");
		is_int(a[KPI_T_CONTENT_POINTS], 1250, "combined content");
		is_int(a[KPI_T_DEDUCTION], 100, "combined deduction");
		is_int(a[KPI_T_CONTENT_WEIGHT], 7000, "weight carried over");
		kpi_trimmed_kept(a, 1, &sum, &n);
		is_int(sum, 5000, "combined trimmed: min 3000 and max 9000 dropped");
		is_int(n, 1, "combined trimmed count");
		is_int(kpi_tally_combine(b, a), KPI_TALLY_BAD_SLOT, "combine into a smaller tally is refused");
		is_int(kpi_tally_validate(a, kpi_tally_len(SLOTS)), KPI_TALLY_OK, "combined tally is valid");
		keep("combined", a);
		keep("one_slot", b);
	}

	/* grow keeps everything */
	kpi_tally_grow_copy(t, big, 5);
	is_int(big[KPI_T_NSLOTS], 5, "grown tally has 5 slots");
	is_int(big[KPI_T_CONTENT_POINTS], 9550, "grown tally keeps content");
	is_int(slot_field(big, 4, KPI_R_WEIGHT), -1, "new slot undeclared");
	is_int(slot_field(big, 1, KPI_R_SUM), 24050, "old slot kept");
	is_int(kpi_tally_validate(big, kpi_tally_len(5)), KPI_TALLY_OK, "grown tally is valid");
	keep("grown", big);
	{
		int64_t		empty[KPI_T_HEADER];

		kpi_tally_init(empty, 0);	/* the aggregate's INITCOND */
		keep("empty", empty);
	}

	/* corrupt arrays */
	{
		int64_t		c[KPI_T_HEADER + SLOTS * KPI_T_STRIDE];

		memcpy(c, t, sizeof(c));
		c[KPI_T_VERSION] = 2;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "wrong version");
		memcpy(c, t, sizeof(c));
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS) - 1), KPI_TALLY_CORRUPT, "wrong length");
		is_int(kpi_tally_validate(c, 3), KPI_TALLY_CORRUPT, "shorter than a header");
		c[KPI_T_NSLOTS] = -1;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "negative slot count");
		memcpy(c, t, sizeof(c));
		c[KPI_T_HEADER + KPI_R_MIN] = c[KPI_T_HEADER + KPI_R_MAX] + 1;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "min above max");
		memcpy(c, t, sizeof(c));
		c[KPI_T_HEADER + KPI_R_TRIMMED] = 2;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "bad aggregation flag");

		/* found by fuzz/fuzz_tally.c (its corpus keeps the inputs as crash-*) */
		memcpy(c, t, sizeof(c));
		c[KPI_T_HEADER + 2 * KPI_T_STRIDE + KPI_R_MAX] = 251;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "an empty slot with a max");
		memcpy(c, t, sizeof(c));	/* slot 1: 9000, 8000, 7050 */
		c[KPI_T_HEADER + KPI_R_SUM] = 9000 * 2 + 7050 + 1;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "a sum above what the max allows");
		c[KPI_T_HEADER + KPI_R_SUM] = 7050 * 2 + 9000 - 1;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "a sum below what the min allows");
		c[KPI_T_HEADER + KPI_R_SUM] = 7050 * 2 + 9000;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_OK, "two lowest and the highest: fine");
		kpi_trimmed_kept(c, 1, &sum, &n);
		is_int(sum, 7050, "trimmed keeps a score between min and max");
		c[KPI_T_HEADER + KPI_R_COUNT] = 1;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "one score, yet min, max and sum differ");
		memcpy(c, t, sizeof(c));
		c[KPI_T_HEADER + KPI_R_MIN] = INT64_MAX / 2 + 1;
		c[KPI_T_HEADER + KPI_R_MAX] = INT64_MAX / 2 + 1;
		c[KPI_T_HEADER + KPI_R_SUM] = INT64_MAX;
		is_int(kpi_tally_validate(c, kpi_tally_len(SLOTS)), KPI_TALLY_CORRUPT, "min + max beyond int64");
	}

	ok(kpi_tally_message(KPI_TALLY_CONFLICT)[0] != '\0', "every status has a message");
	return tap_done();
}
