/*
 * fuzz_rule.c
 *		libFuzzer harness of the rule evaluator and its JSON reader.  The
 *		input is a rule, then facts after the first NUL (or, with none, the
 *		first newline).  The rule is checked, and the facts evaluated under
 *		it, for criteria of several maxima: an evaluation must agree with
 *		the check and give points within 0..max.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malloc_alloc.h"
#include "rule.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An exact-size copy of data[from..to), so overreads are caught. */
static char *
copy(const uint8_t *data, size_t from, size_t to)
{
	char	   *s = malloc(to > from ? to - from : 1);

	if (to > from)
		memcpy(s, data + from, to - from);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 0: nothing to give; the sample's points; the most the glue accepts */
	static const int64_t maxima[] = {0, 500, 10000, INT64_MAX};
	const uint8_t *cut = memchr(data, '\0', size);
	size_t		rule_len,
				facts_from;
	char	   *rule,
			   *facts;
	char		msg[512];

	if (cut == NULL)
		cut = memchr(data, '\n', size);
	rule_len = cut ? (size_t) (cut - data) : size;
	facts_from = cut ? rule_len + 1 : size;
	rule = copy(data, 0, rule_len);
	facts = copy(data, facts_from, size);

	for (size_t i = 0; i < sizeof(maxima) / sizeof(maxima[0]); i++)
	{
		kpi_rule_status checked = kpi_rule_check(rule, rule_len, maxima[i], &MALLOC_ALLOC, msg, sizeof(msg));
		kpi_rule_status st;
		int64_t		points = -1;

		if (memchr(msg, '\0', sizeof(msg)) == NULL || (checked != KPI_RULE_OK && msg[0] == '\0'))
			abort();
		if (cut == NULL)
			continue;
		st = kpi_rule_eval(rule, rule_len, facts, size - facts_from, maxima[i], &points,
						   &MALLOC_ALLOC, msg, sizeof(msg));
		/* a rule the check refuses is refused by eval too, and the other way round */
		if ((checked == KPI_RULE_OK) != (st == KPI_RULE_OK || st == KPI_RULE_BAD_FACTS))
			abort();
		if (st == KPI_RULE_OK && (points < 0 || points > maxima[i]))
			abort();
		if (st != KPI_RULE_OK && msg[0] == '\0')
			abort();
	}
	free(rule);
	free(facts);
	return 0;
}
