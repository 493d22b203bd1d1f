/*
 * fuzz_rubric_text.c
 *		libFuzzer harness of the 实施细则 reader: any bytes, as the text of
 *		kpi.parse_rubric.  A parse either fails with a line and a message or
 *		gives a tree whose every node is sound; anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "malloc_alloc.h"
#include "rubric_text.h"

static void
tick(void *arg)
{
	(*(int *) arg)++;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so that reading one byte past the end is caught */
	char	   *text = malloc(size ? size : 1);
	kpi_rubric	r;
	kpi_rubric_error err;
	int			ticks = 0;

	if (size)
		memcpy(text, data, size);
	if (kpi_rubric_parse(text, size, &MALLOC_ALLOC, tick, &ticks, &r, &err) == 0)
	{
		for (size_t i = 0; i < r.n; i++)
		{
			const kpi_rubric_node *n = &r.nodes[i];

			/* what the glue reads: strings, points within int64 hundredths, positions */
			if (n->code == NULL || n->title == NULL || n->code[0] == '\0' ||
				n->max_points < 0 || n->position < 1 || n->line < 1)
				abort();
			(void) strlen(n->title);
			if (n->parent_code != NULL && strlen(n->parent_code) >= strlen(n->code))
				abort();
		}
		kpi_rubric_free(&r, &MALLOC_ALLOC);
	}
	else if (strlen(err.message) == 0 || strlen(err.text) >= sizeof(err.text))
		abort();
	free(text);
	return 0;
}
