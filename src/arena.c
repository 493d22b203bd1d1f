/*
 * arena.c
 *		A chain of allocations, each prefixed by a link (see arena.h).
 */
#include "arena.h"

typedef struct block
{
	struct block *next;
	/* keep what follows aligned for any type */
	long double align_;
} block;

void *
kpi_arena_alloc(kpi_arena *arena, size_t size)
{
	block	   *b;

	if (size > (size_t) -1 - sizeof(block))
		return NULL;
	b = arena->a->alloc(sizeof(block) + size, arena->a->ctx);
	if (b == NULL)
		return NULL;
	b->next = arena->blocks;
	arena->blocks = b;
	return b + 1;
}

void
kpi_arena_release(kpi_arena *arena)
{
	block	   *b = arena->blocks;

	while (b)
	{
		block	   *next = b->next;

		if (arena->a->release)
			arena->a->release(b, arena->a->ctx);
		b = next;
	}
	arena->blocks = NULL;
}
