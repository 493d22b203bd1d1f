/*
 * money.h
 *		The reward split of semantics 8, in fen (hundredths of a yuan).
 *		Pure C, exact: int64 amounts, __int128 for the intermediate products.
 */
#ifndef KPI_MONEY_H
#define KPI_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum kpi_money_status
{
	KPI_MONEY_OK = 0,
	KPI_MONEY_BAD_ARGUMENT,		/* negative amount, share outside 0..1 */
	KPI_MONEY_NO_MEMORY
} kpi_money_status;

/*
 * Split amount_fen among n members: heads share head_num/head_den of it
 * equally, staff the rest.  Writes each member's fen to fen[i].  With no
 * members, nothing is written (the caller pays the unit itself).
 */
extern kpi_money_status kpi_money_split(int64_t amount_fen, int64_t head_num, int64_t head_den,
										size_t n, const char *const *person, const bool *is_head,
										int64_t *fen);

#endif							/* KPI_MONEY_H */
