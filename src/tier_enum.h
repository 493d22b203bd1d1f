/*
 * tier_enum.h
 *		kpi.tier enum values <-> the pure core's kpi_tier_value.
 */
#ifndef KPI_TIER_ENUM_H
#define KPI_TIER_ENUM_H

#include "postgres.h"

#include "fmgr.h"

#include "tier.h"

extern Datum kpi_tier_to_datum(FunctionCallInfo fcinfo, kpi_tier_value tier);
extern kpi_tier_value kpi_tier_from_datum(FunctionCallInfo fcinfo, int argno);

#endif							/* KPI_TIER_ENUM_H */
