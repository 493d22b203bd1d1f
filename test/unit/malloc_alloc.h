/*
 * malloc_alloc.h
 *		The kpi_alloc over malloc and free that the unit tests and the fuzz
 *		harnesses hand to the pure core, so that ASan and valgrind see every
 *		block and its bounds.
 */
#ifndef KPI_MALLOC_ALLOC_H
#define KPI_MALLOC_ALLOC_H

#include <stdlib.h>

#include "kpi_alloc.h"

static void *
malloc_alloc(size_t size, void *ctx)
{
	(void) ctx;
	return malloc(size);
}

static void
malloc_release(void *p, void *ctx)
{
	(void) ctx;
	free(p);
}

static const kpi_alloc MALLOC_ALLOC = {malloc_alloc, malloc_release, NULL, NULL};

#endif							/* KPI_MALLOC_ALLOC_H */
