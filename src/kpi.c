/*
 * kpi.c
 *		The module's magic block.  Each SQL-callable function lives in the
 *		*_pg.c file of its concern; the logic they call is in the pure-C
 *		files (tally.c, tier.c, money.c, deduct.c, rule_eval.c, ...).
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
