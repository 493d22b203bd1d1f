/*
 * tally.c
 *		Exact accumulation of one unit's contributions (see tally.h).
 *
 * Every add is overflow-checked: a wrong total is worse than an error.
 * Slots must have room; the caller grows the array (kpi_tally_grow_copy)
 * before adding to a slot beyond KPI_T_NSLOTS.
 */
#include "tally.h"

#include "kpi_nls.h"

#include <string.h>

static inline int64_t *
rating_slot(int64_t *t, int slot)
{
	return t + KPI_T_HEADER + (size_t) (slot - 1) * KPI_T_STRIDE;
}

static inline const int64_t *
rating_slot_c(const int64_t *t, int slot)
{
	return t + KPI_T_HEADER + (size_t) (slot - 1) * KPI_T_STRIDE;
}

static inline bool
add_overflows(int64_t *acc, int64_t v)
{
	return __builtin_add_overflow(*acc, v, acc);
}

/* An empty tally: nothing declared, nothing summed. */
void
kpi_tally_init(int64_t *t, int64_t nslots)
{
	memset(t, 0, kpi_tally_len(nslots) * sizeof(int64_t));
	t[KPI_T_VERSION] = KPI_TALLY_VERSION;
	t[KPI_T_NSLOTS] = nslots;
	t[KPI_T_CONTENT_WEIGHT] = -1;
	for (int s = 1; s <= nslots; s++)
	{
		rating_slot(t, s)[KPI_R_WEIGHT] = -1;
		rating_slot(t, s)[KPI_R_TRIMMED] = -1;
	}
}

/*
 * A rating slot holds what adding its scores one by one leaves: nothing at
 * all before the first, else count scores between min and max adding up to
 * sum.  So the trimmed mean's middle scores lie between min and max too,
 * and min + max never leaves the int64 range.  fuzz/fuzz_tally.c found
 * arrays the looser checks let through: an empty slot with a stray max
 * (which combine then dropped) and sums no scores between min and max
 * could make (a trimmed mean outside min..max).
 */
static bool
scores_fit(const int64_t *r)
{
	__int128	n = r[KPI_R_COUNT];

	if (n == 0)
		return r[KPI_R_SUM] == 0 && r[KPI_R_MIN] == 0 && r[KPI_R_MAX] == 0;
	return r[KPI_R_MIN] >= 0 && r[KPI_R_MIN] <= r[KPI_R_MAX] &&
		(__int128) r[KPI_R_MIN] * (n - 1) + r[KPI_R_MAX] <= r[KPI_R_SUM] &&
		r[KPI_R_SUM] <= (__int128) r[KPI_R_MAX] * (n - 1) + r[KPI_R_MIN];
}

/*
 * Check an array that claims to be a tally.  States arrive from SQL (a user
 * can call the transition function on any int8[]) and, under Citus, from the
 * network, so nothing in them is trusted.
 */
kpi_tally_status
kpi_tally_validate(const int64_t *t, size_t len)
{
	if (len < KPI_T_HEADER || t[KPI_T_VERSION] != KPI_TALLY_VERSION)
		return KPI_TALLY_CORRUPT;
	if (t[KPI_T_NSLOTS] < 0 || t[KPI_T_NSLOTS] > KPI_TALLY_MAX_SLOTS)
		return KPI_TALLY_CORRUPT;
	if (len != kpi_tally_len(t[KPI_T_NSLOTS]))
		return KPI_TALLY_CORRUPT;
	if (t[KPI_T_CONTENT_WEIGHT] < -1 || t[KPI_T_CONTENT_MAX] < 0 ||
		t[KPI_T_BONUS] < 0 || t[KPI_T_DEDUCTION] < 0 || t[KPI_T_CONTENT_POINTS] < 0)
		return KPI_TALLY_CORRUPT;
	for (int s = 1; s <= t[KPI_T_NSLOTS]; s++)
	{
		const int64_t *r = rating_slot_c(t, s);

		if (r[KPI_R_WEIGHT] < -1 || r[KPI_R_TRIMMED] < -1 || r[KPI_R_TRIMMED] > 1 ||
			r[KPI_R_COUNT] < 0)
			return KPI_TALLY_CORRUPT;
		if (!scores_fit(r))
			return KPI_TALLY_CORRUPT;
	}
	return KPI_TALLY_OK;
}

/*
 * Add one contribution's points: a leaf's points (content), a rater's score
 * (slot >= 1), bonus points, or rubric points taken by a deduction.
 */
kpi_tally_status
kpi_tally_add_points(int64_t *t, int slot, int64_t value)
{
	int64_t    *r;

	if (value < 0)
		return KPI_TALLY_BAD_VALUE;
	switch (slot)
	{
		case KPI_SLOT_CONTENT:
			return add_overflows(&t[KPI_T_CONTENT_POINTS], value) ? KPI_TALLY_OVERFLOW : KPI_TALLY_OK;
		case KPI_SLOT_BONUS:
			return add_overflows(&t[KPI_T_BONUS], value) ? KPI_TALLY_OVERFLOW : KPI_TALLY_OK;
		case KPI_SLOT_DEDUCTION:
			return add_overflows(&t[KPI_T_DEDUCTION], value) ? KPI_TALLY_OVERFLOW : KPI_TALLY_OK;
	}
	if (slot < 1 || slot > t[KPI_T_NSLOTS])
		return KPI_TALLY_BAD_SLOT;
	r = rating_slot(t, slot);
	if (add_overflows(&r[KPI_R_SUM], value) || add_overflows(&r[KPI_R_COUNT], 1))
		return KPI_TALLY_OVERFLOW;
	if (r[KPI_R_COUNT] == 1 || value < r[KPI_R_MIN])
		r[KPI_R_MIN] = value;
	if (r[KPI_R_COUNT] == 1 || value > r[KPI_R_MAX])
		r[KPI_R_MAX] = value;
	return KPI_TALLY_OK;
}

/* Add to the rubric maximum, the denominator of the content score. */
kpi_tally_status
kpi_tally_add_max(int64_t *t, int64_t value)
{
	if (value < 0)
		return KPI_TALLY_BAD_VALUE;
	return add_overflows(&t[KPI_T_CONTENT_MAX], value) ? KPI_TALLY_OVERFLOW : KPI_TALLY_OK;
}

/* Set a declared field once; the same value again is fine, another is not. */
static kpi_tally_status
declare(int64_t *field, int64_t value)
{
	if (*field != -1 && *field != value)
		return KPI_TALLY_CONFLICT;
	*field = value;
	return KPI_TALLY_OK;
}

/* Declare a component's weight (hundredths of a percent point). */
kpi_tally_status
kpi_tally_declare_weight(int64_t *t, int slot, int64_t weight)
{
	if (weight < 0)
		return KPI_TALLY_BAD_VALUE;
	if (slot == KPI_SLOT_CONTENT)
		return declare(&t[KPI_T_CONTENT_WEIGHT], weight);
	if (slot < 1 || slot > t[KPI_T_NSLOTS])
		return KPI_TALLY_BAD_SLOT;
	return declare(&rating_slot(t, slot)[KPI_R_WEIGHT], weight);
}

/* Declare a rating component's aggregation: trimmed mean or plain mean. */
kpi_tally_status
kpi_tally_declare_trimmed(int64_t *t, int slot, bool trimmed)
{
	if (slot < 1 || slot > t[KPI_T_NSLOTS])
		return KPI_TALLY_BAD_SLOT;
	return declare(&rating_slot(t, slot)[KPI_R_TRIMMED], trimmed ? 1 : 0);
}

/* Copy a tally into a larger one of nslots slots (to >= from's). */
void
kpi_tally_grow_copy(const int64_t *from, int64_t *to, int64_t nslots)
{
	kpi_tally_init(to, nslots);
	memcpy(to, from, kpi_tally_len(from[KPI_T_NSLOTS]) * sizeof(int64_t));
	to[KPI_T_NSLOTS] = nslots;
}

/*
 * Merge a partial tally into another (the combine step of a parallel or
 * distributed aggregate).  "into" must have at least from's slots.
 */
kpi_tally_status
kpi_tally_combine(int64_t *into, const int64_t *from)
{
	kpi_tally_status st;

	if (into[KPI_T_NSLOTS] < from[KPI_T_NSLOTS])
		return KPI_TALLY_BAD_SLOT;
	if (add_overflows(&into[KPI_T_CONTENT_POINTS], from[KPI_T_CONTENT_POINTS]) ||
		add_overflows(&into[KPI_T_CONTENT_MAX], from[KPI_T_CONTENT_MAX]) ||
		add_overflows(&into[KPI_T_BONUS], from[KPI_T_BONUS]) ||
		add_overflows(&into[KPI_T_DEDUCTION], from[KPI_T_DEDUCTION]))
		return KPI_TALLY_OVERFLOW;
	if (from[KPI_T_CONTENT_WEIGHT] != -1 &&
		(st = declare(&into[KPI_T_CONTENT_WEIGHT], from[KPI_T_CONTENT_WEIGHT])) != KPI_TALLY_OK)
		return st;
	for (int s = 1; s <= from[KPI_T_NSLOTS]; s++)
	{
		const int64_t *f = rating_slot_c(from, s);
		int64_t    *r = rating_slot(into, s);

		if (f[KPI_R_WEIGHT] != -1 &&
			(st = declare(&r[KPI_R_WEIGHT], f[KPI_R_WEIGHT])) != KPI_TALLY_OK)
			return st;
		if (f[KPI_R_TRIMMED] != -1 &&
			(st = declare(&r[KPI_R_TRIMMED], f[KPI_R_TRIMMED])) != KPI_TALLY_OK)
			return st;
		if (f[KPI_R_COUNT] == 0)
			continue;
		if (r[KPI_R_COUNT] == 0 || f[KPI_R_MIN] < r[KPI_R_MIN])
			r[KPI_R_MIN] = f[KPI_R_MIN];
		if (r[KPI_R_COUNT] == 0 || f[KPI_R_MAX] > r[KPI_R_MAX])
			r[KPI_R_MAX] = f[KPI_R_MAX];
		if (add_overflows(&r[KPI_R_SUM], f[KPI_R_SUM]) ||
			add_overflows(&r[KPI_R_COUNT], f[KPI_R_COUNT]))
			return KPI_TALLY_OVERFLOW;
	}
	return KPI_TALLY_OK;
}

/*
 * The scores a rating component keeps (semantics 2): all of them, or with
 * trimmed_mean and at least 3 raters all but one highest and one lowest.
 */
void
kpi_trimmed_kept(const int64_t *t, int slot, int64_t *sum, int64_t *count)
{
	const int64_t *r = rating_slot_c(t, slot);

	*sum = r[KPI_R_SUM];
	*count = r[KPI_R_COUNT];
	if (r[KPI_R_TRIMMED] == 1 && r[KPI_R_COUNT] >= 3)
	{
		/* a valid slot's sum holds its min and its max: no overflow */
		*sum = r[KPI_R_SUM] - r[KPI_R_MIN] - r[KPI_R_MAX];
		*count -= 2;
	}
}

/* One line for each status, for the glue's error messages (it translates them). */
const char *
kpi_tally_message(kpi_tally_status s)
{
	static const char *const messages[] = {
		[KPI_TALLY_OK] = N_("no error"),
		[KPI_TALLY_OVERFLOW] = N_("a sum is out of range"),
		[KPI_TALLY_BAD_SLOT] = N_("slot number out of range"),
		[KPI_TALLY_CONFLICT] = N_("a component was declared twice with different weights or aggregations"),
		[KPI_TALLY_BAD_VALUE] = N_("a value is negative"),
		[KPI_TALLY_CORRUPT] = N_("the state is not a kpi tally"),
	};

	if ((size_t) s < sizeof(messages) / sizeof(messages[0]) && messages[s] != NULL)
		return messages[s];
	return N_("unknown error");
}
