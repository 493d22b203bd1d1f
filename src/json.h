/*
 * json.h
 *		A small strict JSON reader for rules and facts: a tree of nodes in an
 *		arena, numbers kept as text (read exactly by json_decimal, never as
 *		double).  Pure C; hostile input gives an error, never a crash.
 */
#ifndef KPI_JSON_H
#define KPI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

#define KPI_JSON_MAX_DEPTH 64

typedef enum json_type
{
	JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT
} json_type;

typedef struct json_node
{
	json_type	type;
	bool		boolean;
	const char *text;			/* string (UTF-8, unescaped) or number text */
	size_t		len;
	const char *key;			/* member name inside an object */
	size_t		keylen;
	struct json_node *child;	/* first element or member */
	struct json_node *next;		/* next sibling */
} json_node;

extern json_node *json_parse(kpi_arena *arena, const char *text, size_t len,
							 char *msg, size_t msglen);
extern bool json_decimal(const json_node *n, int scale, int64_t *value);
extern const json_node *json_member(const json_node *obj, const char *key);
extern bool json_key_is(const json_node *n, const char *key);

#endif							/* KPI_JSON_H */
