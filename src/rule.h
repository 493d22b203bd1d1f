/*
 * rule.h
 *		Rules on leaf criteria: points from the facts a unit reported.
 *		Pure C over json.c.  Points are int64 hundredths; rates are fractions
 *		in 0..1 (0.95 means 95%), read to millionths.
 *
 * Kinds (README "Rules" gives each with its seed example):
 *	checklist		{"kind":"checklist","items":{"有方案":3,"有部署":3}}
 *					facts {"met":["有方案"]}
 *	threshold		{"kind":"threshold","at_least":24,"points":5,"prorate":false}
 *					facts {"count":31}
 *	rate			{"kind":"rate","targets":{"帮教率":0.95},"prorate":false}
 *					facts {"rates":{"帮教率":0.97}}
 *	all_or_nothing	{"kind":"all_or_nothing"}				facts {"met":true}
 *	deduct			{"kind":"deduct","per":0.5,"cap":5}		facts {"count":3}
 *	external		{"kind":"external","out_of":100}		facts {"score":87.5,"source":"…"}
 * "points" is optional everywhere and defaults to the criterion's max.
 * Facts may also carry "note", a string for people.
 */
#ifndef KPI_RULE_H
#define KPI_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "kpi_alloc.h"

typedef enum kpi_rule_status
{
	KPI_RULE_OK = 0,
	KPI_RULE_BAD_RULE = 1,
	KPI_RULE_BAD_FACTS = 2,
	KPI_RULE_NO_MEMORY = 3
} kpi_rule_status;

extern kpi_rule_status kpi_rule_check(const char *rule, size_t rule_len, int64_t max_points,
									  const kpi_alloc *a, char *msg, size_t msglen);
extern kpi_rule_status kpi_rule_eval(const char *rule, size_t rule_len,
									 const char *facts, size_t facts_len, int64_t max_points,
									 int64_t *points, const kpi_alloc *a, char *msg, size_t msglen);

#endif							/* KPI_RULE_H */
