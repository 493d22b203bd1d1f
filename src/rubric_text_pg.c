/*
 * rubric_text_pg.c
 *		kpi.parse_rubric(text): the 实施细则 reader (rubric_text.c) as a
 *		set-returning function of (code, parent_code, title, max_points,
 *		position).  Text it cannot read is an error with the line and its
 *		text; nothing partial is returned.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "palloc_alloc.h"
#include "numeric_fixed.h"
#include "rubric_text.h"
#include "srf_compat.h"

/* Lets a long parse be cancelled. */
static void
interrupts(void *arg)
{
	(void) arg;
	CHECK_FOR_INTERRUPTS();
}

PG_FUNCTION_INFO_V1(kpi_parse_rubric);
Datum
kpi_parse_rubric(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	kpi_rubric	r;
	kpi_rubric_error err;
	ReturnSetInfo *rsinfo;

	if (VARSIZE_ANY_EXHDR(t) > KPI_RUBRIC_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rubric text is too long"),
				 errdetail("The text has %zu bytes; at most %zu are read.",
						   (size_t) VARSIZE_ANY_EXHDR(t), KPI_RUBRIC_MAX_BYTES)));
	if (kpi_rubric_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &kpi_palloc_alloc, interrupts, NULL, &r, &err) != 0)
	{
		if (err.line > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("cannot read rubric at line %d: %s", err.line, err.message),
					 errdetail("The text at line %d: \"%s\".", err.line, err.text)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("cannot read rubric: %s", err.message)));
	}

	rsinfo = kpi_materialized_srf(fcinfo);
	for (size_t i = 0; i < r.n; i++)
	{
		kpi_rubric_node *n = &r.nodes[i];
		Datum		values[5];
		bool		nulls[5] = {false, n->parent_code == NULL, false, false, false};

		values[0] = CStringGetTextDatum(n->code);
		values[1] = n->parent_code ? CStringGetTextDatum(n->parent_code) : (Datum) 0;
		values[2] = CStringGetTextDatum(n->title);
		values[3] = NumericGetDatum(kpi_numeric_from_scaled(n->max_points, 2));
		values[4] = Int32GetDatum(n->position);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	kpi_rubric_free(&r, &kpi_palloc_alloc);
	return (Datum) 0;
}
