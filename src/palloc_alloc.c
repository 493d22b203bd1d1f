/*
 * palloc_alloc.c
 *		kpi_alloc over palloc/pfree (see palloc_alloc.h).
 */
#include "postgres.h"
#include "nls_pg.h"

#include "palloc_alloc.h"

static void *
pg_alloc(size_t size, void *ctx)
{
	(void) ctx;					/* palloc allocates in the current context */
	return palloc(size);
}

static void
pg_release(void *p, void *ctx)
{
	(void) ctx;
	pfree(p);
}

/* The core's messages in kpi's text domain, in the session's lc_messages. */
static const char *
pg_translate(const char *msgid)
{
	return dgettext(TEXTDOMAIN, msgid);
}

const kpi_alloc kpi_palloc_alloc = {pg_alloc, pg_release, NULL, pg_translate};
const kpi_alloc kpi_palloc_alloc_english = {pg_alloc, pg_release, NULL, NULL};
