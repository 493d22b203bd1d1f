/*
 * kpi_nls.h
 *		Translatable messages of the pure core, without PostgreSQL: N_()
 *		marks a literal for xgettext (make update-po); kpi_tr() looks it
 *		up through the caller's translator (kpi_alloc.translate), so the
 *		core needs neither gettext nor a global.  Message formats are
 *		translated before they are filled in, never after.
 */
#ifndef KPI_NLS_H
#define KPI_NLS_H

#include "kpi_alloc.h"

#define N_(s) (s)

static inline const char *
kpi_tr(const kpi_alloc *a, const char *msgid)
{
	return a && a->translate ? a->translate(msgid) : msgid;
}

#endif							/* KPI_NLS_H */
