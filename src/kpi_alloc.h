/*
 * kpi_alloc.h
 *		Allocator handed to the pure core, so that the PostgreSQL glue can
 *		use palloc (freed with its memory context even when an error
 *		longjmps out) while unit tests and fuzzers use malloc.
 */
#ifndef KPI_ALLOC_H
#define KPI_ALLOC_H

#include <stddef.h>

typedef struct kpi_alloc
{
	void	   *(*alloc) (size_t size, void *ctx);
	void		(*release) (void *p, void *ctx);
	void	   *ctx;
} kpi_alloc;

#endif							/* KPI_ALLOC_H */
