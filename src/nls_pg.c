/*
 * nls_pg.c
 *		kpi.translate(msgid): the message in the session's lc_messages, from
 *		kpi's gettext domain (po/<lang>.po), or msgid itself when it has no
 *		translation.  It lets the plpgsql checks raise translated errors:
 *		gettext sees only C, so their English formats are looked up here
 *		(po/sql-msgids.pl extracts them) before format() fills them in.
 */
#include "postgres.h"
#include "nls_pg.h"

#include "fmgr.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(kpi_translate);
Datum
kpi_translate(PG_FUNCTION_ARGS)
{
	text	   *msgid = PG_GETARG_TEXT_PP(0);
	char	   *s = text_to_cstring(msgid);
	const char *tr = dgettext(TEXTDOMAIN, s);

	if (tr == s)
		PG_RETURN_TEXT_P(msgid);
	PG_RETURN_TEXT_P(cstring_to_text(tr));
}
