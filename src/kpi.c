/*
 * kpi.c
 *		The module's magic block.  Each SQL-callable function lives in the
 *		*_pg.c file of its concern; the logic they call is in the pure-C
 *		files (tally.c, tier.c, money.c, deduct.c, rule_eval.c, ...).
 *		_PG_init binds kpi's gettext domain (TEXTDOMAIN, nls_pg.h)
 *		to PostgreSQL's localedir, as plpgsql does, so that ereport finds
 *		po/zh_CN.po's translations when lc_messages asks for them.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "miscadmin.h"

PG_MODULE_MAGIC;

/* declared by fmgr.h only from PostgreSQL 16 */
extern PGDLLEXPORT void _PG_init(void);

void
_PG_init(void)
{
	pg_bindtextdomain(TEXTDOMAIN);
}
