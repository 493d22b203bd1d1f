/*
 * kpi_alloc.h
 *		Allocator handed to the pure core, so that the PostgreSQL glue can
 *		use palloc (freed with its memory context even when an error
 *		longjmps out) while unit tests and fuzzers use malloc.  It also
 *		carries the translator of the core's messages (kpi_nls.h): the
 *		glue's looks them up in kpi's gettext domain; NULL keeps English.
 */
#ifndef KPI_ALLOC_H
#define KPI_ALLOC_H

#include <stddef.h>

typedef struct kpi_alloc
{
	void	   *(*alloc) (size_t size, void *ctx);
	void		(*release) (void *p, void *ctx);
	void	   *ctx;
	const char *(*translate) (const char *msgid);	/* NULL: English */
} kpi_alloc;

#endif							/* KPI_ALLOC_H */
