/*
 * rubric_text.h
 *		Read 实施细则 text as county bureaus write it into a criteria tree:
 *		categories (a heading, maybe split over lines, with its total),
 *		numbered items (1. 1、 一、 （一） (1)), and the separately scored
 *		parts of an item.  Pure C over UTF-8; allocation through kpi_alloc.
 */
#ifndef KPI_RUBRIC_TEXT_H
#define KPI_RUBRIC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "kpi_alloc.h"

#define KPI_RUBRIC_MAX_BYTES ((size_t) 10 * 1024 * 1024)

typedef struct kpi_rubric_node
{
	char	   *code;			/* "1", "1.2", "1.2.3" */
	char	   *parent_code;	/* NULL for a top node */
	char	   *title;
	int64_t		max_points;		/* hundredths */
	int			position;		/* 1-based among siblings */
	int			line;			/* where it starts */
} kpi_rubric_node;

typedef struct kpi_rubric
{
	kpi_rubric_node *nodes;
	size_t		n;
	void	   *blocks;			/* what to release */
} kpi_rubric;

typedef struct kpi_rubric_error
{
	int			line;			/* 1-based; 0 when about the whole text */
	char		text[256];		/* that line, cut to fit */
	char		message[256];
} kpi_rubric_error;

/* 0 on success; -1 with *err filled.  tick, when set, is called now and then. */
extern int	kpi_rubric_parse(const char *text, size_t len, const kpi_alloc *a,
							 void (*tick) (void *), void *tick_arg,
							 kpi_rubric *out, kpi_rubric_error *err);
extern void kpi_rubric_free(kpi_rubric *r, const kpi_alloc *a);

#endif							/* KPI_RUBRIC_TEXT_H */
