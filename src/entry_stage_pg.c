/*
 * entry_stage_pg.c
 *		kpi_entry_begin(load), kpi_entry_stage(load, n, at, ...) and
 *		kpi_entry_take(load): the rows of one COPY or INSERT into an entry
 *		view (kpi_report.score_entry, rating_entry, evidence_entry), held
 *		between the view's statement triggers in this backend's memory.
 *
 * The stage was a session temporary table reached through SECURITY DEFINER
 * helpers, and a caller could create pg_temp.kpi_entry first, with a
 * trigger of its own that then ran as kpi's owner.  Memory only this file
 * reaches has no such door, and needs no privilege to write.
 *
 * One stage per view (the load's regclass): a load nested in another (an
 * INSERT ... SELECT f() where f loads another view) keeps both apart, and
 * a second load into a view whose load is not taken yet is refused.
 *
 * Each stage has its own memory context, under TopTransactionContext rather
 * than TopMemoryContext: a stage that escaped the list below (an error
 * half-way through kpi_entry_begin) is still freed at the transaction's
 * end, so no load can outlive its transaction.  The callbacks free every
 * stage at transaction end, and at a subtransaction's abort drop what it
 * staged: the stages it began and the rows it added to older ones, as the
 * temporary table's rows were rolled back.  A take ends its load for good,
 * even if it fails part-way: in an entry view's statement that failure
 * fails the statement, and the load with it, anyway.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "access/xact.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "srf_compat.h"

/* scheme_id, unit_code, code, rater ('' for none) */
#define ENTRY_KEY_PARTS 4

/* A stage's rows are carved from blocks this size; bigger values get their own. */
#define STAGE_BLOCK_SIZE ((Size) 64 * 1024)
#define STAGE_OWN_CHUNK (STAGE_BLOCK_SIZE / 8)

typedef struct entry_key
{
	text	   *part[ENTRY_KEY_PARTS];
} entry_key;

/* A staged row: the hash table's entry, its key first. */
typedef struct staged_row
{
	entry_key	key;
	int64		n;				/* the line number: the first sort key */
	int64		seq;			/* the staging order: the second */
	SubTransactionId subid;		/* staged in */
	text	   *at;
	Numeric		points;			/* NULL for SQL null, and so below */
	Jsonb	   *facts;
	text	   *note;
} staged_row;

typedef struct entry_stage
{
	Oid			load;			/* the entry view */
	SubTransactionId subid;		/* begun in */
	MemoryContext cxt;			/* holds all of the below */
	HTAB	   *keys;			/* entry_key -> staged_row */
	staged_row **rows;			/* in staging order */
	int64		nrows;
	int64		maxrows;
	char	   *block;			/* the unused end of the current block */
	Size		block_left;
	struct entry_stage *next;
} entry_stage;

/* The loads in progress, newest first: as many as are nested, so few. */
static entry_stage *stages = NULL;
static bool callbacks_registered = false;

/* The view's name for a message, schema-qualified when not on the path. */
static char *
load_name(Oid load)
{
	return DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(load)));
}

/* The link that points at the load's stage (its *link NULL if none). */
static entry_stage **
stage_link(Oid load)
{
	entry_stage **link = &stages;

	while (*link != NULL && (*link)->load != load)
		link = &(*link)->next;
	return link;
}

/* The load's stage; an error if no load into the view is in progress. */
static entry_stage **
stage_link_in_progress(Oid load)
{
	entry_stage **link = stage_link(load);

	if (*link == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no load into %s is in progress", load_name(load)),
				 errdetail("A load begins with kpi.kpi_entry_begin and ends with kpi.kpi_entry_take.")));
	return link;
}

/* Hash the four key strings (bytes: keys compare as texteq does under a deterministic collation). */
static uint32
entry_key_hash(const void *key, Size keysize)
{
	const entry_key *k = (const entry_key *) key;
	uint32		h = 0;

	(void) keysize;
	for (int i = 0; i < ENTRY_KEY_PARTS; i++)
		h = hash_combine(h, hash_bytes((const unsigned char *) VARDATA_ANY(k->part[i]),
									   (int) VARSIZE_ANY_EXHDR(k->part[i])));
	return h;
}

/* dynahash's match: 0 when the four strings are equal. */
static int
entry_key_match(const void *key1, const void *key2, Size keysize)
{
	const entry_key *a = (const entry_key *) key1;
	const entry_key *b = (const entry_key *) key2;

	(void) keysize;
	for (int i = 0; i < ENTRY_KEY_PARTS; i++)
	{
		Size		len = VARSIZE_ANY_EXHDR(a->part[i]);

		if (len != VARSIZE_ANY_EXHDR(b->part[i]) ||
			memcmp(VARDATA_ANY(a->part[i]), VARDATA_ANY(b->part[i]), len) != 0)
			return 1;
	}
	return 0;
}

/*
 * Memory for one value of a row, never freed alone (the stage goes as a
 * whole): carving small values from blocks saves the allocator's header
 * and power-of-2 rounding on each, which a load of 10^6 rows feels.
 */
static void *
stage_alloc(entry_stage *st, Size size)
{
	void	   *p;

	size = INTALIGN(size);		/* text, numeric and jsonb are int-aligned */
	if (size > STAGE_OWN_CHUNK)
		return MemoryContextAlloc(st->cxt, size);
	if (size > st->block_left)
	{
		st->block = MemoryContextAlloc(st->cxt, STAGE_BLOCK_SIZE);
		st->block_left = STAGE_BLOCK_SIZE;
	}
	p = st->block;
	st->block += size;
	st->block_left -= size;
	return p;
}

/*
 * A copy of a text, numeric or jsonb argument in the stage, detoasted and
 * with a 4-byte header: the same bytes, so the same value to the scale.
 */
static struct varlena *
stage_copy(entry_stage *st, Datum d)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	Size		len = VARSIZE_ANY_EXHDR(v);
	struct varlena *c = stage_alloc(st, VARHDRSZ + len);

	SET_VARSIZE(c, VARHDRSZ + len);
	memcpy(VARDATA(c), VARDATA_ANY(v), len);
	return c;
}

/* Unlink a stage and free it. */
static void
stage_drop(entry_stage **link)
{
	entry_stage *st = *link;

	*link = st->next;
	MemoryContextDelete(st->cxt);
}

/*
 * Unstage the rows staged in subtransaction subid or a later one.  Those
 * began after every other row of the stage, so they are its last rows.
 */
static void
stage_drop_rows_since(entry_stage *st, SubTransactionId subid)
{
	while (st->nrows > 0 && st->rows[st->nrows - 1]->subid >= subid)
	{
		entry_key	key = st->rows[st->nrows - 1]->key;

		st->nrows--;
		(void) hash_search(st->keys, &key, HASH_REMOVE, NULL);
	}
}

/* At the end of the transaction no load is in progress any more. */
static void
entry_stage_xact(XactEvent event, void *arg)
{
	(void) arg;
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_PREPARE:
			while (stages != NULL)
				stage_drop(&stages);
			break;
		default:
			break;
	}
}

/*
 * A subtransaction's abort drops what it staged: the stages begun in it
 * or in one it began (subtransaction ids only grow, and those it began are
 * exactly the later ones while it is open), and the rows it added to the
 * older stages.  A load that failed in a savepoint leaves nothing behind.
 */
static void
entry_stage_subxact(SubXactEvent event, SubTransactionId mySubid,
					SubTransactionId parentSubid, void *arg)
{
	entry_stage **link = &stages;

	(void) parentSubid;
	(void) arg;
	if (event != SUBXACT_EVENT_ABORT_SUB)
		return;
	while (*link != NULL)
	{
		if ((*link)->subid >= mySubid)
			stage_drop(link);
		else
		{
			stage_drop_rows_since(*link, mySubid);
			link = &(*link)->next;
		}
	}
}

/*
 * The callbacks, once per backend, on its first load: a backend that only
 * reads results never pays for them, and parallel workers (these functions
 * are parallel unsafe) never register them.
 */
static void
register_callbacks(void)
{
	if (callbacks_registered)
		return;
	RegisterXactCallback(entry_stage_xact, NULL);
	RegisterSubXactCallback(entry_stage_subxact, NULL);
	callbacks_registered = true;
}

/* Start a load into the view: an empty stage, refused while one is in progress. */
PG_FUNCTION_INFO_V1(kpi_entry_begin);
Datum
kpi_entry_begin(PG_FUNCTION_ARGS)
{
	Oid			load = PG_GETARG_OID(0);
	MemoryContext cxt;
	entry_stage *st;
	HASHCTL		ctl;

	if (*stage_link(load) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a load into %s is already in progress", load_name(load)),
				 errdetail("A load ends with kpi.kpi_entry_take; the same view cannot be loaded again inside it.")));
	register_callbacks();

	/* were this to fail half-way, the transaction's end would free it */
	/* NOLINTNEXTLINE(bugprone-implicit-widening-of-multiplication-result): PostgreSQL's 8 * 1024 */
	cxt = AllocSetContextCreate(TopTransactionContext, "kpi entry stage", ALLOCSET_DEFAULT_SIZES);
	st = MemoryContextAllocZero(cxt, sizeof(entry_stage));
	st->load = load;
	st->subid = GetCurrentSubTransactionId();
	st->cxt = cxt;
	ctl.keysize = sizeof(entry_key);
	ctl.entrysize = sizeof(staged_row);
	ctl.hash = entry_key_hash;
	ctl.match = entry_key_match;
	ctl.hcxt = cxt;
	st->keys = hash_create("kpi entry stage keys", 1024, &ctl,
						   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	st->maxrows = 1024;
	st->rows = MemoryContextAlloc(cxt, sizeof(staged_row *) * st->maxrows);

	st->next = stages;
	stages = st;
	PG_RETURN_VOID();
}

/*
 * Stage one row of the load, or, if its key was staged by this load
 * already, stage nothing and return where the earlier row was.  Every value
 * is copied into the stage: the caller's die with the row.  Each step that
 * may fail (the copies, a bigger row array, the hash table's entry) comes
 * before the row is linked, so a failed call leaves the stage as it was.
 */
PG_FUNCTION_INFO_V1(kpi_entry_stage);
Datum
kpi_entry_stage(PG_FUNCTION_ARGS)
{
	static const char *const required[] = {"load", "n", "at", "scheme_id", "unit_code", "code"};
	entry_stage *st;
	entry_key	key;
	staged_row	staged;
	uint32		hash;
	staged_row *row;
	bool		found;

	for (int i = 0; i < (int) lengthof(required); i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument \"%s\" of kpi_entry_stage must not be null", required[i])));
	st = *stage_link_in_progress(PG_GETARG_OID(0));

	key.part[0] = PG_GETARG_TEXT_PP(3);
	key.part[1] = PG_GETARG_TEXT_PP(4);
	key.part[2] = PG_GETARG_TEXT_PP(5);
	key.part[3] = PG_ARGISNULL(6) ? cstring_to_text("") : PG_GETARG_TEXT_PP(6);
	hash = get_hash_value(st->keys, &key);
	row = hash_search_with_hash_value(st->keys, &key, hash, HASH_FIND, NULL);
	if (row != NULL)
		PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(row->at)));

	if (st->nrows == st->maxrows)
	{
		st->rows = repalloc_huge(st->rows, sizeof(staged_row *) * st->maxrows * 2);
		st->maxrows *= 2;
	}
	for (int i = 0; i < ENTRY_KEY_PARTS; i++)
		staged.key.part[i] = (text *) stage_copy(st, PointerGetDatum(key.part[i]));
	staged.n = PG_GETARG_INT64(1);
	staged.seq = st->nrows;
	staged.subid = GetCurrentSubTransactionId();
	staged.at = (text *) stage_copy(st, PG_GETARG_DATUM(2));
	staged.points = PG_ARGISNULL(7) ? NULL : (Numeric) stage_copy(st, PG_GETARG_DATUM(7));
	staged.facts = PG_ARGISNULL(8) ? NULL : (Jsonb *) stage_copy(st, PG_GETARG_DATUM(8));
	staged.note = PG_ARGISNULL(9) ? NULL : (text *) stage_copy(st, PG_GETARG_DATUM(9));

	row = hash_search_with_hash_value(st->keys, &staged.key, hash, HASH_ENTER, &found);
	Assert(!found);
	*row = staged;
	st->rows[st->nrows++] = row;
	PG_RETURN_NULL();
}

/* Line order, and staging order on the same line. */
static int
staged_row_cmp(const void *a, const void *b)
{
	const staged_row *x = *(staged_row *const *) a;
	const staged_row *y = *(staged_row *const *) b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

/*
 * The staged rows of the load, in order, ending it.  Once unlinked, the
 * stage hangs under the call's memory context: if the rows cannot all be
 * returned, the error frees it with the call; else it is freed here.
 */
PG_FUNCTION_INFO_V1(kpi_entry_take);
Datum
kpi_entry_take(PG_FUNCTION_ARGS)
{
	entry_stage **link = stage_link_in_progress(PG_GETARG_OID(0));
	ReturnSetInfo *rsinfo = kpi_materialized_srf(fcinfo);
	entry_stage *st = *link;

	*link = st->next;
	MemoryContextSetParent(st->cxt, CurrentMemoryContext);

	qsort(st->rows, (size_t) st->nrows, sizeof(staged_row *), staged_row_cmp);
	for (int64 i = 0; i < st->nrows; i++)
	{
		const staged_row *row = st->rows[i];
		Datum		values[7];
		bool		nulls[7] = {false, false, false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		for (int k = 0; k < ENTRY_KEY_PARTS; k++)
			values[k] = PointerGetDatum(row->key.part[k]);
		values[4] = PointerGetDatum(row->points);
		nulls[4] = row->points == NULL;
		values[5] = PointerGetDatum(row->facts);
		nulls[5] = row->facts == NULL;
		values[6] = PointerGetDatum(row->note);
		nulls[6] = row->note == NULL;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(st->cxt);
	return (Datum) 0;
}
