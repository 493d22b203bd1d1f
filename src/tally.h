/*
 * tally.h
 *		The state of kpi_weighted_total: one unit's contributions summed
 *		exactly, as int64 hundredths, in a flat int64 array.
 *
 * The array is the aggregate's SQL state (int8[]), so it must make sense
 * to anyone who reads it back: a version, the number of rating slots, the
 * content sums, then six numbers per rating component.  Pure C: no
 * PostgreSQL header, so it is unit-tested and fuzzed on its own.
 */
#ifndef KPI_TALLY_H
#define KPI_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KPI_TALLY_VERSION		1

/* Slot numbers of a contribution: content, bonus, deduction, ratings >= 1 */
#define KPI_SLOT_DEDUCTION		(-2)
#define KPI_SLOT_BONUS			(-1)
#define KPI_SLOT_CONTENT		0
#define KPI_TALLY_MAX_SLOTS		1000

/* Header fields */
#define KPI_T_VERSION			0
#define KPI_T_NSLOTS			1
#define KPI_T_CONTENT_POINTS	2
#define KPI_T_CONTENT_MAX		3
#define KPI_T_CONTENT_WEIGHT	4	/* -1: not declared */
#define KPI_T_BONUS				5
#define KPI_T_DEDUCTION			6
#define KPI_T_HEADER			7

/* Fields of a rating slot, at KPI_T_HEADER + (slot - 1) * KPI_T_STRIDE */
#define KPI_R_WEIGHT			0	/* -1: not declared */
#define KPI_R_TRIMMED			1	/* -1: not declared, 0 mean, 1 trimmed */
#define KPI_R_SUM				2
#define KPI_R_COUNT				3
#define KPI_R_MIN				4
#define KPI_R_MAX				5
#define KPI_T_STRIDE			6

typedef enum kpi_tally_status
{
	KPI_TALLY_OK = 0,
	KPI_TALLY_OVERFLOW,			/* a sum left the int64 range */
	KPI_TALLY_BAD_SLOT,			/* slot number out of range */
	KPI_TALLY_CONFLICT,			/* a slot declared twice, differently */
	KPI_TALLY_BAD_VALUE,		/* negative where it cannot be */
	KPI_TALLY_CORRUPT			/* the array is not a tally */
} kpi_tally_status;

/* Length of a tally array holding nslots rating slots. */
static inline size_t
kpi_tally_len(int64_t nslots)
{
	return KPI_T_HEADER + (size_t) nslots * KPI_T_STRIDE;
}

extern void kpi_tally_init(int64_t *t, int64_t nslots);
extern kpi_tally_status kpi_tally_validate(const int64_t *t, size_t len);
extern kpi_tally_status kpi_tally_add_points(int64_t *t, int slot, int64_t value);
extern kpi_tally_status kpi_tally_add_max(int64_t *t, int64_t value);
extern kpi_tally_status kpi_tally_declare_weight(int64_t *t, int slot, int64_t weight);
extern kpi_tally_status kpi_tally_declare_trimmed(int64_t *t, int slot, bool trimmed);
extern void kpi_tally_grow_copy(const int64_t *from, int64_t *to, int64_t nslots);
extern kpi_tally_status kpi_tally_combine(int64_t *into, const int64_t *from);
extern void kpi_trimmed_kept(const int64_t *t, int slot, int64_t *sum, int64_t *count);
extern const char *kpi_tally_message(kpi_tally_status s);

#endif							/* KPI_TALLY_H */
