/*
 * palloc_alloc.c
 *		kpi_alloc over palloc/pfree (see palloc_alloc.h).
 */
#include "postgres.h"

#include "palloc_alloc.h"

static void *
pg_alloc(size_t size, void *ctx)
{
	(void) ctx;					/* palloc allocates in the current context */
	return palloc(size);
}

static void
pg_release(void *p, void *ctx)
{
	(void) ctx;
	pfree(p);
}

const kpi_alloc kpi_palloc_alloc = {pg_alloc, pg_release, NULL};
