/*
 * level_label_pg.c
 *		kpi.level_label(scheme_id, level): the label of a scheme's grade
 *		level (semantics 10); the 2018 names for a scheme without grades.
 *
 * Called once per result row after the window, so a scheme's labels are
 * read with SPI once and kept in fn_extra until scheme_id changes: rows
 * come grouped by scheme, and a row then costs a compare and a copy.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

typedef struct label_cache
{
	MemoryContext cxt;			/* the cached scheme's labels */
	text	   *scheme_id;		/* NULL: nothing cached */
	int			n;
	int32	   *level;			/* ascending */
	text	  **label;			/* NULL where the row's label is null */
} label_cache;

static const char *const labels_2018[] = {"实绩突出", "实绩比较突出", "实绩一般"};

/* Read scheme_id's grade labels into c, or the 2018 names if it has none. */
static void
load_labels(label_cache *c, text *scheme_id)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1] = {PointerGetDatum(scheme_id)};
	MemoryContext old;
	int			ret;

	MemoryContextReset(c->cxt);
	c->scheme_id = NULL;
	c->n = 0;
	if ((ret = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(ret));
	ret = SPI_execute_with_args("SELECT g.level, g.label FROM kpi.grade g"
								" WHERE g.scheme_id OPERATOR(pg_catalog.=) $1 ORDER BY g.level",
								1, argtypes, values, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(ret));

	old = MemoryContextSwitchTo(c->cxt);
	if (SPI_processed > 0)
	{
		c->n = (int) SPI_processed;
		c->level = palloc(sizeof(int32) * c->n);
		c->label = palloc(sizeof(text *) * c->n);
		for (int i = 0; i < c->n; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			bool		isnull;
			Datum		d = SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull);

			c->level[i] = isnull ? 0 : DatumGetInt32(d);
			d = SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull);
			c->label[i] = isnull ? NULL : DatumGetTextPCopy(d);
		}
	}
	else
	{
		c->n = lengthof(labels_2018);
		c->level = palloc(sizeof(int32) * c->n);
		c->label = palloc(sizeof(text *) * c->n);
		for (int i = 0; i < c->n; i++)
		{
			c->level[i] = i + 1;
			c->label[i] = cstring_to_text(labels_2018[i]);
		}
	}
	c->scheme_id = DatumGetTextPCopy(PointerGetDatum(scheme_id));
	MemoryContextSwitchTo(old);
	SPI_finish();
}

PG_FUNCTION_INFO_V1(kpi_level_label);
Datum
kpi_level_label(PG_FUNCTION_ARGS)
{
	text	   *scheme_id = PG_GETARG_TEXT_PP(0);
	int32		level = PG_GETARG_INT32(1);
	label_cache *c = (label_cache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(label_cache));
		/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): PostgreSQL's 8 * 1024 */
		c->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "kpi level_label", ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = c;
	}
	if (c->scheme_id == NULL ||
		VARSIZE_ANY_EXHDR(scheme_id) != VARSIZE_ANY_EXHDR(c->scheme_id) ||
		memcmp(VARDATA_ANY(scheme_id), VARDATA_ANY(c->scheme_id), VARSIZE_ANY_EXHDR(scheme_id)) != 0)
		load_labels(c, scheme_id);

	for (int i = 0; i < c->n; i++)
		if (c->level[i] == level)
		{
			if (c->label[i] == NULL)
				break;
			PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->label[i])));
		}
	PG_RETURN_NULL();
}
