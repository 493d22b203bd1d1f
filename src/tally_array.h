/*
 * tally_array.h
 *		The int8[] that carries a tally through SQL.
 */
#ifndef KPI_TALLY_ARRAY_H
#define KPI_TALLY_ARRAY_H

#include "postgres.h"

#include "utils/array.h"

extern int64 *kpi_tally_from_array(ArrayType *a);
extern ArrayType *kpi_tally_new_array(int64 nslots, MemoryContext cxt);

#endif							/* KPI_TALLY_ARRAY_H */
