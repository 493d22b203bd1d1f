/*
 * palloc_alloc.h
 *		The kpi_alloc the glue hands to the pure core: palloc in the current
 *		memory context, so an error that longjmps out leaks nothing.
 */
#ifndef KPI_PALLOC_ALLOC_H
#define KPI_PALLOC_ALLOC_H

#include "kpi_alloc.h"

extern const kpi_alloc kpi_palloc_alloc;

/*
 * The same without translation, for messages an IMMUTABLE function
 * returns as its result (which must not depend on lc_messages).
 */
extern const kpi_alloc kpi_palloc_alloc_english;

#endif							/* KPI_PALLOC_ALLOC_H */
