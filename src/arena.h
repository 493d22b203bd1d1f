/*
 * arena.h
 *		Allocations through a kpi_alloc, released all at once.  The pure
 *		core's readers (json.c, rubric_text.c) build trees in one.
 */
#ifndef KPI_ARENA_H
#define KPI_ARENA_H

#include <stddef.h>

#include "kpi_alloc.h"

typedef struct kpi_arena
{
	const kpi_alloc *a;
	void	   *blocks;			/* chain of allocations to release */
} kpi_arena;

extern void *kpi_arena_alloc(kpi_arena *arena, size_t size);
extern void kpi_arena_release(kpi_arena *arena);

#endif							/* KPI_ARENA_H */
