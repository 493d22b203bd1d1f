/*
 * nls_pg.h
 *		kpi's gettext domain, "kpi-15" for PostgreSQL 15 (po/, Makefile
 *		NLS_DOMAIN): ereport's errmsg, errdetail and errhint look their
 *		formats up in TEXTDOMAIN.  utils/elog.h sets it to NULL (the
 *		server's own domain), so, as plpgsql.h does, every glue file
 *		includes this right after postgres.h.  _PG_init binds the domain.
 */
#ifndef KPI_NLS_PG_H
#define KPI_NLS_PG_H

#undef TEXTDOMAIN
#define TEXTDOMAIN PG_TEXTDOMAIN("kpi")

#endif							/* KPI_NLS_PG_H */
