/*
 * numeric_fixed.h
 *		numeric <-> int64 hundredths, exactly, for the glue.
 */
#ifndef KPI_NUMERIC_FIXED_H
#define KPI_NUMERIC_FIXED_H

#include "postgres.h"

#include "utils/numeric.h"

extern bool kpi_numeric_to_scaled(Numeric num, int scale, int64 *result);
extern int64 kpi_numeric_to_hundredths(Numeric num, const char *what);
extern Numeric kpi_numeric_from_scaled(int64 value, int scale);
extern Numeric kpi_numeric_from_int128_scaled(__int128 value, int scale);

#endif							/* KPI_NUMERIC_FIXED_H */
