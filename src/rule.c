/*
 * rule.c
 *		Read a rule, check it against its criterion, and turn facts into
 *		points (see rule.h).  Every key is checked: unknown or missing keys,
 *		wrong types and out-of-range numbers are errors that name the key,
 *		never a silent default.  Arithmetic is exact, in int64 hundredths,
 *		with __int128 for products and rounding half away from zero.
 */
#include "rule.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "kpi_nls.h"

#define MILLION 1000000

typedef enum rule_kind
{
	RULE_CHECKLIST, RULE_THRESHOLD, RULE_RATE, RULE_ALL_OR_NOTHING, RULE_DEDUCT, RULE_EXTERNAL
} rule_kind;

typedef struct rule
{
	rule_kind	kind;
	int64_t		points;			/* hundredths; the most the rule gives */
	int64_t		at_least;		/* threshold: a count */
	bool		prorate;
	int64_t		per;			/* deduct: hundredths per occurrence */
	int64_t		cap;			/* deduct: hundredths, -1 for none */
	int64_t		out_of;			/* external: hundredths */
	const json_node *items;		/* checklist: name -> points */
	const json_node *targets;	/* rate: name -> rate */
} rule;

typedef struct ctx
{
	char	   *msg;
	size_t		msglen;
	const kpi_alloc *a;			/* its translator translates the messages */
} ctx;

/* The message of a problem: fmt translated, then filled in. */
static void say(ctx *c, const char *fmt,...) __attribute__((format(printf, 2, 3)));

static void
say(ctx *c, const char *fmt,...)
{
	const char *translated = kpi_tr(c->a, fmt);
	va_list		ap;

	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): va_start just above; clang 14 loses it */
	vsnprintf(c->msg, c->msglen, translated, ap);
	va_end(ap);
}

/*
 * Write a message naming the problem and give status, for a one-line
 * return.  Each format is a literal the compiler checks (say's attribute)
 * and xgettext extracts (keyword bad:3).
 */
#define bad(c, status, ...) (say((c), __VA_ARGS__), (status))

/* A key's name as a C string for messages (keys are NUL-terminated). */
static const char *
keyname(const json_node *n)
{
	return n->key ? n->key : "?";
}

/* No key twice in an object: which one counts would be a guess. */
static kpi_rule_status
no_duplicate_keys(ctx *c, kpi_rule_status st, const json_node *obj, const char *what)
{
	for (const json_node *m = obj->child; m; m = m->next)
		for (const json_node *o = m->next; o; o = o->next)
			if (m->keylen == o->keylen && memcmp(m->key, o->key, m->keylen) == 0)
				return bad(c, st, "%s has the key \"%s\" twice", kpi_tr(c->a, what), keyname(m));
	return KPI_RULE_OK;
}

/* Only the listed keys may appear, each once. */
static kpi_rule_status
only_keys(ctx *c, kpi_rule_status st, const json_node *obj, const char *const *allowed, const char *what)
{
	for (const json_node *m = obj->child; m; m = m->next)
	{
		bool		known = false;

		for (const char *const *k = allowed; *k; k++)
			if (json_key_is(m, *k))
				known = true;
		if (!known)
			return bad(c, st, "%s has an unknown key \"%s\"", kpi_tr(c->a, what), keyname(m));
	}
	return no_duplicate_keys(c, st, obj, what);
}

/* A number member with at most `scale` decimals, >= 0 (or > 0 when positive). */
static kpi_rule_status
number(ctx *c, kpi_rule_status st, const json_node *n, int scale, bool positive, int64_t *v)
{
	const char *what = scale == 0 ? N_("a whole number") : scale == 2 ? N_("a number with at most 2 decimals") :
		N_("a number with at most 6 decimals");

	if (n->type != JSON_NUMBER || !json_decimal(n, scale, v))
		return bad(c, st, "\"%s\" must be %s", keyname(n), kpi_tr(c->a, what));
	if (*v < 0 || (positive && *v == 0))
		return bad(c, st, "\"%s\" must be %s", keyname(n), kpi_tr(c->a, positive ? N_("above 0") : N_("0 or more")));
	return KPI_RULE_OK;
}

static kpi_rule_status
boolean(ctx *c, kpi_rule_status st, const json_node *n, bool *v)
{
	if (n->type != JSON_BOOL)
		return bad(c, st, "\"%s\" must be true or false", keyname(n));
	*v = n->boolean;
	return KPI_RULE_OK;
}

/* round(num / den) half away from zero, num and den >= 0, den > 0 */
static int64_t
div_round(__int128 num, __int128 den)
{
	return (int64_t) ((num + den / 2) / den);
}

/*
 * A checklist's "items" (names and points above 0, whose sum the rule gives)
 * or a rate's "targets" (names and rates in 0..1): an object of one or more
 * names, none twice, each number checked as it is read.
 */
static kpi_rule_status
named_numbers(ctx *c, const json_node *root, int64_t max_points, rule *r)
{
	bool		checklist = r->kind == RULE_CHECKLIST;
	const json_node *obj = json_member(root, checklist ? "items" : "targets");
	int64_t		sum = 0;
	kpi_rule_status st;

	if (obj == NULL || obj->type != JSON_OBJECT || obj->child == NULL)
		return checklist ?
			bad(c, KPI_RULE_BAD_RULE, "a checklist needs \"items\": an object of item names and points") :
			bad(c, KPI_RULE_BAD_RULE, "a rate needs \"targets\": an object of rate names and targets in 0..1");
	if ((st = no_duplicate_keys(c, KPI_RULE_BAD_RULE, obj, checklist ? "\"items\"" : "\"targets\"")) != KPI_RULE_OK)
		return st;
	for (const json_node *m = obj->child; m; m = m->next)
	{
		int64_t		v;

		if ((st = number(c, KPI_RULE_BAD_RULE, m, checklist ? 2 : 6, checklist, &v)) != KPI_RULE_OK)
			return st;
		if (!checklist && v > MILLION)
			return bad(c, KPI_RULE_BAD_RULE, "target \"%s\" must lie between 0 and 1 (0.95 means 95%%)", keyname(m));
		if (checklist && __builtin_add_overflow(sum, v, &sum))
			return bad(c, KPI_RULE_BAD_RULE, "checklist items add up beyond range");
	}
	if (!checklist)
	{
		r->targets = obj;
		return KPI_RULE_OK;
	}
	if (sum > max_points)
		return bad(c, KPI_RULE_BAD_RULE, "checklist items add up to more than the criterion's max_points");
	r->items = obj;
	r->points = sum;
	return KPI_RULE_OK;
}

/* Read and check a rule for a criterion of max_points hundredths. */
static kpi_rule_status
read_rule(ctx *c, const json_node *root, int64_t max_points, rule *r)
{
	static const char *const checklist_keys[] = {"kind", "items", NULL};
	static const char *const threshold_keys[] = {"kind", "at_least", "points", "prorate", NULL};
	static const char *const rate_keys[] = {"kind", "targets", "points", "prorate", NULL};
	static const char *const all_keys[] = {"kind", "points", NULL};
	static const char *const deduct_keys[] = {"kind", "per", "cap", "points", NULL};
	static const char *const external_keys[] = {"kind", "out_of", NULL};
	const char *const *keys;
	const json_node *kind,
			   *m;
	kpi_rule_status st;

	memset(r, 0, sizeof(rule));
	r->cap = -1;
	r->points = max_points;
	r->out_of = max_points;
	if (root->type != JSON_OBJECT)
		return bad(c, KPI_RULE_BAD_RULE, "a rule must be a JSON object");
	kind = json_member(root, "kind");
	if (kind == NULL || kind->type != JSON_STRING)
		return bad(c, KPI_RULE_BAD_RULE, "a rule needs \"kind\": one of checklist, threshold, rate, all_or_nothing, deduct, external");
	if (strcmp(kind->text, "checklist") == 0)
		r->kind = RULE_CHECKLIST, keys = checklist_keys;
	else if (strcmp(kind->text, "threshold") == 0)
		r->kind = RULE_THRESHOLD, keys = threshold_keys;
	else if (strcmp(kind->text, "rate") == 0)
		r->kind = RULE_RATE, keys = rate_keys;
	else if (strcmp(kind->text, "all_or_nothing") == 0)
		r->kind = RULE_ALL_OR_NOTHING, keys = all_keys;
	else if (strcmp(kind->text, "deduct") == 0)
		r->kind = RULE_DEDUCT, keys = deduct_keys;
	else if (strcmp(kind->text, "external") == 0)
		r->kind = RULE_EXTERNAL, keys = external_keys;
	else
		return bad(c, KPI_RULE_BAD_RULE, "unknown rule kind \"%s\"", kind->text);
	if ((st = only_keys(c, KPI_RULE_BAD_RULE, root, keys, N_("the rule"))) != KPI_RULE_OK)
		return st;

	if ((m = json_member(root, "points")) != NULL)
	{
		if ((st = number(c, KPI_RULE_BAD_RULE, m, 2, false, &r->points)) != KPI_RULE_OK)
			return st;
		if (r->points > max_points)
			return bad(c, KPI_RULE_BAD_RULE, "\"points\" exceed the criterion's max_points");
	}
	if ((m = json_member(root, "prorate")) != NULL &&
		(st = boolean(c, KPI_RULE_BAD_RULE, m, &r->prorate)) != KPI_RULE_OK)
		return st;

	switch (r->kind)
	{
		case RULE_CHECKLIST:
		case RULE_RATE:
			return named_numbers(c, root, max_points, r);
		case RULE_THRESHOLD:
			if ((m = json_member(root, "at_least")) == NULL)
				return bad(c, KPI_RULE_BAD_RULE, "a threshold needs \"at_least\": the count that earns the points");
			if ((st = number(c, KPI_RULE_BAD_RULE, m, 0, true, &r->at_least)) != KPI_RULE_OK)
				return st;
			break;
		case RULE_ALL_OR_NOTHING:
			break;
		case RULE_DEDUCT:
			if ((m = json_member(root, "per")) == NULL)
				return bad(c, KPI_RULE_BAD_RULE, "a deduct rule needs \"per\": the points off per occurrence");
			if ((st = number(c, KPI_RULE_BAD_RULE, m, 2, true, &r->per)) != KPI_RULE_OK)
				return st;
			if ((m = json_member(root, "cap")) != NULL &&
				(st = number(c, KPI_RULE_BAD_RULE, m, 2, true, &r->cap)) != KPI_RULE_OK)
				return st;
			break;
		case RULE_EXTERNAL:
			if ((m = json_member(root, "out_of")) != NULL &&
				(st = number(c, KPI_RULE_BAD_RULE, m, 2, true, &r->out_of)) != KPI_RULE_OK)
				return st;
			if (r->out_of <= 0)
				return bad(c, KPI_RULE_BAD_RULE, "an external rule needs \"out_of\" above 0");
			break;
	}
	return KPI_RULE_OK;
}

/* The facts' member `key`, required. */
static const json_node *
required(ctx *c, const json_node *facts, const char *key, const char *what, kpi_rule_status *st)
{
	const json_node *m = json_member(facts, key);

	if (m == NULL)
		*st = bad(c, KPI_RULE_BAD_FACTS, "the facts need \"%s\": %s", key, kpi_tr(c->a, what));
	return m;
}

/* The facts' member `key`, required: a number with at most `scale` decimals, 0 or more. */
static kpi_rule_status
required_number(ctx *c, const json_node *facts, const char *key, const char *what, int scale, int64_t *v)
{
	kpi_rule_status st = KPI_RULE_OK;
	const json_node *m = required(c, facts, key, what, &st);

	return m == NULL ? st : number(c, KPI_RULE_BAD_FACTS, m, scale, false, v);
}

/* Points of facts under a checked rule. */
static kpi_rule_status
apply(ctx *c, const rule *r, const json_node *facts, int64_t *points)
{
	static const char *const met_keys[] = {"met", "note", NULL};
	static const char *const count_keys[] = {"count", "note", NULL};
	static const char *const rates_keys[] = {"rates", "note", NULL};
	static const char *const score_keys[] = {"score", "source", "note", NULL};
	const char *const *keys = NULL;
	const json_node *m,
			   *n;
	kpi_rule_status st = KPI_RULE_OK;

	if (facts->type != JSON_OBJECT)
		return bad(c, KPI_RULE_BAD_FACTS, "facts must be a JSON object");
	switch (r->kind)
	{
		case RULE_CHECKLIST:
		case RULE_ALL_OR_NOTHING:
			keys = met_keys;
			break;
		case RULE_THRESHOLD:
		case RULE_DEDUCT:
			keys = count_keys;
			break;
		case RULE_RATE:
			keys = rates_keys;
			break;
		case RULE_EXTERNAL:
			keys = score_keys;
			break;
	}
	if ((st = only_keys(c, KPI_RULE_BAD_FACTS, facts, keys, N_("the facts"))) != KPI_RULE_OK)
		return st;
	if ((m = json_member(facts, "note")) != NULL && m->type != JSON_STRING)
		return bad(c, KPI_RULE_BAD_FACTS, "\"note\" must be a string");

	switch (r->kind)
	{
		case RULE_CHECKLIST:
			{
				int64_t		sum = 0;

				if ((m = required(c, facts, "met", N_("the list of checklist items met"), &st)) == NULL)
					return st;
				if (m->type != JSON_ARRAY)
					return bad(c, KPI_RULE_BAD_FACTS, "\"met\" must be a list of item names");
				for (n = m->child; n; n = n->next)
				{
					const json_node *item = NULL;
					int64_t		v;

					if (n->type != JSON_STRING)
						return bad(c, KPI_RULE_BAD_FACTS, "\"met\" must list item names as strings");
					for (const json_node *i = r->items->child; i; i = i->next)
						if (i->keylen == n->len && memcmp(i->key, n->text, n->len) == 0)
							item = i;
					if (item == NULL)
						return bad(c, KPI_RULE_BAD_FACTS, "\"met\" names \"%s\", which the checklist does not have", n->text);
					for (const json_node *o = n->next; o; o = o->next)
						if (o->type == JSON_STRING && o->len == n->len && memcmp(o->text, n->text, n->len) == 0)
							return bad(c, KPI_RULE_BAD_FACTS, "\"met\" names \"%s\" twice", n->text);
					json_decimal(item, 2, &v);
					sum += v;	/* bounded by the checked items' sum */
				}
				*points = sum;
				return KPI_RULE_OK;
			}
		case RULE_ALL_OR_NOTHING:
			{
				bool		met;

				if ((m = required(c, facts, "met", N_("true when the item is achieved"), &st)) == NULL)
					return st;
				if ((st = boolean(c, KPI_RULE_BAD_FACTS, m, &met)) != KPI_RULE_OK)
					return st;
				*points = met ? r->points : 0;
				return KPI_RULE_OK;
			}
		case RULE_THRESHOLD:
		case RULE_DEDUCT:
			{
				int64_t		count;

				if ((st = required_number(c, facts, "count", N_("a whole number, 0 or more"), 0, &count)) != KPI_RULE_OK)
					return st;
				if (r->kind == RULE_THRESHOLD)
				{
					if (count >= r->at_least)
						*points = r->points;
					else
						*points = r->prorate ? div_round((__int128) r->points * count, r->at_least) : 0;
				}
				else
				{
					__int128	off = (__int128) r->per * count;

					if (r->cap >= 0 && off > r->cap)
						off = r->cap;
					*points = off >= r->points ? 0 : r->points - (int64_t) off;
				}
				return KPI_RULE_OK;
			}
		case RULE_RATE:
			{
				__int128	worst_num = 1,
							worst_den = 1;	/* min over targets of rate/target, capped at 1 */
				bool		all_met = true;
				int			given = 0,
							wanted = 0;

				if ((m = required(c, facts, "rates", N_("an object of the rule's rate names and rates in 0..1"), &st)) == NULL)
					return st;
				if (m->type != JSON_OBJECT)
					return bad(c, KPI_RULE_BAD_FACTS, "\"rates\" must be an object of rate names and rates");
				if ((st = no_duplicate_keys(c, KPI_RULE_BAD_FACTS, m, "\"rates\"")) != KPI_RULE_OK)
					return st;
				for (n = m->child; n; n = n->next)
					given++;
				for (const json_node *t = r->targets->child; t; t = t->next)
				{
					int64_t		target,
								rate;

					wanted++;
					json_decimal(t, 6, &target);
					n = json_member(m, t->key);
					if (n == NULL)
						return bad(c, KPI_RULE_BAD_FACTS, "\"rates\" lacks \"%s\"", t->key);
					if ((st = number(c, KPI_RULE_BAD_FACTS, n, 6, false, &rate)) != KPI_RULE_OK)
						return st;
					if (rate > MILLION)
						return bad(c, KPI_RULE_BAD_FACTS, "rate \"%s\" must lie between 0 and 1 (0.95 means 95%%)", t->key);
					if (rate < target)
					{
						all_met = false;
						/* rate/target < worst_num/worst_den ? */
						if ((__int128) rate * worst_den < worst_num * target)
						{
							worst_num = rate;
							worst_den = target;
						}
					}
				}
				if (given != wanted)
				{
					for (n = m->child; n; n = n->next)
						if (json_member(r->targets, n->key) == NULL)
							return bad(c, KPI_RULE_BAD_FACTS, "\"rates\" has \"%s\", which the rule does not have", keyname(n));
				}
				if (all_met)
					*points = r->points;
				else
					*points = r->prorate ? div_round((__int128) r->points * worst_num, worst_den) : 0;
				return KPI_RULE_OK;
			}
		case RULE_EXTERNAL:
			{
				int64_t		score;

				if ((st = required_number(c, facts, "score", N_("the points of the other assessment"), 2, &score)) != KPI_RULE_OK)
					return st;
				if (score > r->out_of)
					return bad(c, KPI_RULE_BAD_FACTS, "\"score\" is above the rule's \"out_of\"");
				if ((n = json_member(facts, "source")) != NULL && n->type != JSON_STRING)
					return bad(c, KPI_RULE_BAD_FACTS, "\"source\" must be a string");
				/* rescale to the criterion: score × max / out_of */
				*points = div_round((__int128) score * r->points, r->out_of);
				return KPI_RULE_OK;
			}
	}
	return bad(c, KPI_RULE_BAD_RULE, "unknown rule kind");
}

/* Parse rule (and facts); the shared front of check and eval. */
static kpi_rule_status
run(const char *rule_text, size_t rule_len, const char *facts_text, size_t facts_len,
	int64_t max_points, int64_t *points, const kpi_alloc *a, char *msg, size_t msglen)
{
	kpi_arena	arena = {a, NULL};
	ctx			c = {msg, msglen, a};
	const json_node *root,
			   *facts;
	rule		r;
	kpi_rule_status st;

	msg[0] = '\0';
	if (max_points < 0)
		return bad(&c, KPI_RULE_BAD_RULE, "the criterion's max_points must not be negative");
	root = json_parse(&arena, rule_text, rule_len, msg, msglen);
	/* json.c wrote "out of memory" translated, as every message */
	if (root == NULL)
		st = strstr(msg, kpi_tr(a, "out of memory")) ? KPI_RULE_NO_MEMORY : KPI_RULE_BAD_RULE;
	else if ((st = read_rule(&c, root, max_points, &r)) == KPI_RULE_OK && facts_text != NULL)
	{
		facts = json_parse(&arena, facts_text, facts_len, msg, msglen);
		if (facts == NULL)
			st = strstr(msg, kpi_tr(a, "out of memory")) ? KPI_RULE_NO_MEMORY : KPI_RULE_BAD_FACTS;
		else
			st = apply(&c, &r, facts, points);
	}
	kpi_arena_release(&arena);
	return st;
}

/* Is the rule well-formed for a criterion of max_points? */
kpi_rule_status
kpi_rule_check(const char *rule, size_t rule_len, int64_t max_points,
			   const kpi_alloc *a, char *msg, size_t msglen)
{
	return run(rule, rule_len, NULL, 0, max_points, NULL, a, msg, msglen);
}

/* The points (0..max_points hundredths) the rule gives for the facts. */
kpi_rule_status
kpi_rule_eval(const char *rule, size_t rule_len, const char *facts, size_t facts_len,
			  int64_t max_points, int64_t *points, const kpi_alloc *a, char *msg, size_t msglen)
{
	return run(rule, rule_len, facts, facts_len, max_points, points, a, msg, msglen);
}
