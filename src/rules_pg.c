/*
 * rules_pg.c
 *		SQL entry points of the rule evaluator (rule.c): the points a rule
 *		gives for reported facts, and why a rule or its facts are invalid
 *		(as text, so that the triggers can raise an error naming the row).
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "palloc_alloc.h"
#include "numeric_fixed.h"
#include "rule.h"

#define MSGLEN 512

/* jsonb as the JSON text the pure core reads. */
static char *
jsonb_text(Jsonb *jb, size_t *len)
{
	char	   *s = JsonbToCString(NULL, &jb->root, VARSIZE(jb));

	*len = strlen(s);
	return s;
}

/* The criterion's max_points in hundredths. */
static int64
max_points_arg(FunctionCallInfo fcinfo, int argno)
{
	int64		v;

	if (!kpi_numeric_to_scaled(PG_GETARG_NUMERIC(argno), 2, &v) || v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_points must be 0 or more with at most 2 decimals")));
	return v;
}

/*
 * Run the rule on facts (or only check it, facts NULL); status and message,
 * translated when it is for an error, English when it is the result of an
 * IMMUTABLE function (kpi_rule_problem, kpi_facts_problem).
 */
static kpi_rule_status
run_rule(FunctionCallInfo fcinfo, bool with_facts, int max_argno, int64 *points, char *msg,
		 const kpi_alloc *a)
{
	size_t		rlen,
				flen = 0;
	char	   *rule = jsonb_text(PG_GETARG_JSONB_P(0), &rlen);
	char	   *facts = with_facts ? jsonb_text(PG_GETARG_JSONB_P(1), &flen) : NULL;
	int64		max_points = max_points_arg(fcinfo, max_argno);
	kpi_rule_status st;

	if (with_facts)
		st = kpi_rule_eval(rule, rlen, facts, flen, max_points, points, a, msg, MSGLEN);
	else
		st = kpi_rule_check(rule, rlen, max_points, a, msg, MSGLEN);
	if (st == KPI_RULE_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory evaluating a rule")));
	return st;
}

/* kpi_rule_points(rule, facts, max_points): the points, 2 decimals. */
PG_FUNCTION_INFO_V1(kpi_rule_points);
Datum
kpi_rule_points(PG_FUNCTION_ARGS)
{
	char		msg[MSGLEN];
	int64		points = 0;
	kpi_rule_status st = run_rule(fcinfo, true, 2, &points, msg, &kpi_palloc_alloc);

	if (st != KPI_RULE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(st == KPI_RULE_BAD_RULE ? gettext_noop("invalid rule") : gettext_noop("invalid facts")),
				 errdetail("%s.", msg)));
	PG_RETURN_NUMERIC(kpi_numeric_from_scaled(points, 2));
}

/* kpi_rule_problem(rule, max_points): null, or why the rule is invalid. */
PG_FUNCTION_INFO_V1(kpi_rule_problem);
Datum
kpi_rule_problem(PG_FUNCTION_ARGS)
{
	char		msg[MSGLEN];

	if (run_rule(fcinfo, false, 1, NULL, msg, &kpi_palloc_alloc_english) == KPI_RULE_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(msg));
}

/* kpi_facts_problem(rule, facts, max_points): null, or why they do not fit. */
PG_FUNCTION_INFO_V1(kpi_facts_problem);
Datum
kpi_facts_problem(PG_FUNCTION_ARGS)
{
	char		msg[MSGLEN];
	int64		points;

	if (run_rule(fcinfo, true, 2, &points, msg, &kpi_palloc_alloc_english) == KPI_RULE_OK)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(msg));
}
