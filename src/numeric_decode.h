/*
 * numeric_decode.h
 *		A PostgreSQL numeric read from its stored bytes as an exact int64
 *		count of 10^-scale units.  Pure C, no PostgreSQL header: the glue
 *		(numeric_fixed.c), the unit test and the fuzz harness call the same
 *		code.
 */
#ifndef KPI_NUMERIC_DECODE_H
#define KPI_NUMERIC_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KPI_NUMERIC_MAX_SCALE 8

/*
 * body: the len bytes of a numeric after its 4-byte varlena header (a
 * detoasted numeric's VARDATA, len = VARSIZE - VARHDRSZ).  Writes the value
 * times 10^scale to *result; false, writing nothing, when it is NaN or
 * infinite, has more decimals than scale, leaves int64 (its magnitude
 * above INT64_MAX), is malformed (shorter than its header, a base-10000
 * digit outside 0..9999), or scale is outside 0..KPI_NUMERIC_MAX_SCALE.
 */
extern bool kpi_numeric_decode(const void *body, size_t len, int scale, int64_t *result);

#endif							/* KPI_NUMERIC_DECODE_H */
