/*
 * test_rule.c
 *		The rule evaluator and its JSON reader on their own: every kind below,
 *		at and above its threshold, rounding, and every class of bad rule,
 *		bad facts and malformed JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rule.h"
#include "malloc_alloc.h"
#include "tap.h"

static char msg[512];

/* points of facts under rule for a criterion of max (hundredths), or -status */
static int64_t
eval(const char *rule, const char *facts, int64_t max)
{
	int64_t		p = -999;
	kpi_rule_status st = kpi_rule_eval(rule, strlen(rule), facts, strlen(facts), max, &p, &MALLOC_ALLOC, msg, sizeof(msg));

	return st == KPI_RULE_OK ? p : -(int64_t) st;
}

static int
check(const char *rule, int64_t max)
{
	return kpi_rule_check(rule, strlen(rule), max, &MALLOC_ALLOC, msg, sizeof(msg));
}

/* A translator as the glue hands one (po/zh_CN.po's entries, abridged). */
static const char *
to_chinese(const char *msgid)
{
	static const char *const pairs[][2] = {
		{"a rule must be a JSON object", "计分规则必须是 JSON 对象"},
		{"\"%s\" must be %s", "\"%s\"必须是%s"},
		{"a whole number", "整数"},
		{"malformed JSON: %s", "JSON 格式错误：%s"},
		{"out of memory", "内存不足"},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(msgid, pairs[i][0]) == 0)
			return pairs[i][1];
	return msgid;
}

static const kpi_alloc CHINESE = {malloc_alloc, malloc_release, NULL, to_chinese};

/* An allocator that fails, translating: out of memory is still told apart. */
static void *
no_alloc(size_t size, void *ctx)
{
	(void) size;
	(void) ctx;
	return NULL;
}

static const kpi_alloc CHINESE_NO_MEMORY = {no_alloc, malloc_release, NULL, to_chinese};

#define BAD_RULE  (-(int64_t) KPI_RULE_BAD_RULE)
#define BAD_FACTS (-(int64_t) KPI_RULE_BAD_FACTS)

/* The rules most cases use */
static const char thr[] = "{\"kind\":\"threshold\",\"at_least\":24}";
static const char thp[] = "{\"kind\":\"threshold\",\"at_least\":3,\"prorate\":true}";
static const char chk[] = "{\"kind\":\"checklist\",\"items\":{\"有方案\":3,\"有部署\":3,\"有自查\":2}}";
static const char rate[] = "{\"kind\":\"rate\",\"targets\":{\"接回率\":1,\"安置率\":0.9,\"帮教率\":0.95}}";
static const char ratep[] = "{\"kind\":\"rate\",\"targets\":{\"安置率\":0.9},\"prorate\":true}";
static const char ded[] = "{\"kind\":\"deduct\",\"per\":0.5,\"cap\":5}";
static const char ext[] = "{\"kind\":\"external\",\"out_of\":100}";
static const char aon[] = "{\"kind\":\"all_or_nothing\",\"points\":12}";

/*
 * Every kind below, at and above its threshold: the points of facts under a
 * rule, or where facts is NULL the status of the rule alone.
 */
static const struct
{
	const char *rule;
	const char *facts;
	int64_t		max;			/* the criterion's, hundredths */
	int64_t		want;
	const char *what;
}			kinds[] = {
	/* threshold: below, at, above */
	{thr, "{\"count\":23}", 500, 0, "threshold below: 0"},
	{thr, "{\"count\":24}", 500, 500, "threshold at: full points"},
	{thr, "{\"count\":31,\"note\":\"材料\"}", 500, 500, "threshold above: full points, a note is fine"},
	{thp, "{\"count\":1}", 1000, 333, "prorated 1/3 of 10.00 rounds to 3.33"},
	{thp, "{\"count\":2}", 1000, 667, "prorated 2/3 of 10.00 rounds to 6.67"},
	{thp, "{\"count\":0}", 1000, 0, "prorated 0"},
	{"{\"kind\":\"threshold\",\"at_least\":8,\"prorate\":true}", "{\"count\":1}", 100, 13,
	 "prorated 1/8 of 1.00 = 0.125 rounds half up to 0.13"},
	{thr, "{\"count\":0}", 500, 0, "count 0"},
	/* checklist */
	{chk, "{\"met\":[]}", 800, 0, "checklist none met"},
	{chk, "{\"met\":[\"有方案\",\"有自查\"]}", 800, 500, "checklist two met"},
	{chk, "{\"met\":[\"有方案\",\"有部署\",\"有自查\"]}", 800, 800, "checklist all met"},
	{chk, NULL, 700, KPI_RULE_BAD_RULE, "checklist items above the criterion's max"},
	/* rate */
	{rate, "{\"rates\":{\"接回率\":1,\"安置率\":0.9,\"帮教率\":0.95}}", 300, 300, "rates at their targets"},
	{rate, "{\"rates\":{\"接回率\":1,\"安置率\":0.95,\"帮教率\":0.99}}", 300, 300, "rates above"},
	{rate, "{\"rates\":{\"接回率\":0.99,\"安置率\":0.95,\"帮教率\":0.99}}", 300, 0, "one rate below: 0"},
	{ratep, "{\"rates\":{\"安置率\":0.45}}", 300, 150, "prorated: half the target, half the points"},
	{"{\"kind\":\"rate\",\"targets\":{\"r\":95}}", NULL, 300, KPI_RULE_BAD_RULE,
	 "a target given in percent is refused"},
	/* deduct */
	{ded, "{\"count\":0}", 1000, 1000, "deduct none"},
	{ded, "{\"count\":3}", 1000, 850, "deduct 3 × 0.5"},
	{ded, "{\"count\":10}", 1000, 500, "deduct capped at 5"},
	{"{\"kind\":\"deduct\",\"per\":4}", "{\"count\":3}", 1000, 0, "deduct floored at 0"},
	{"{\"kind\":\"deduct\",\"per\":1}", "{\"count\":9223372036854775807}", 1000, 0, "a huge count does not overflow"},
	/* external */
	{ext, "{\"score\":87.5,\"source\":\"乌普法办发〔2018〕6号\"}", 10000, 8750, "external on the same scale"},
	{ext, "{\"score\":87.55}", 1000, 876, "external rescaled, 8.755 rounds to 8.76"},
	{"{\"kind\":\"external\"}", "{\"score\":4.5}", 500, 450, "out_of defaults to the max"},
	/* all or nothing */
	{aon, "{\"met\":true}", 2000, 1200, "all_or_nothing met"},
	{aon, "{\"met\":false}", 2000, 0, "all_or_nothing not met"},
};

/* Facts a kind refuses, under its rule for a criterion of max */
static const struct
{
	const char *rule;
	const char *facts;
	int64_t		max;
	const char *what;
}			kind_bad_facts[] = {
	{chk, "{\"met\":[\"有总结\"]}", 800, "checklist fact naming an unknown item"},
	{chk, "{\"met\":[\"有方案\",\"有方案\"]}", 800, "checklist item named twice"},
	{chk, "{\"met\":\"有方案\"}", 800, "met must be a list"},
	{rate, "{\"rates\":{\"接回率\":1,\"安置率\":0.9}}", 300, "a rate missing"},
	{rate, "{\"rates\":{\"接回率\":1,\"安置率\":0.9,\"帮教率\":0.95,\"x\":1}}", 300, "an extra rate"},
	{rate, "{\"rates\":{\"接回率\":1.01,\"安置率\":0.9,\"帮教率\":0.95}}", 300, "a rate above 1"},
	{rate, "{\"rates\":{\"接回率\":-0.1,\"安置率\":0.9,\"帮教率\":0.95}}", 300, "a negative rate"},
	{ext, "{\"score\":100.5}", 10000, "external score above out_of"},
	{aon, "{\"met\":1}", 2000, "met must be a boolean"},
};

/* A rule or facts refused, and what the case is */
typedef struct refused
{
	const char *text;
	const char *what;
} refused;

/* Rules refused for a criterion of 5.00 points */
static const refused bad_rules[] = {
	{"{\"kind\":\"bogus\"}", "unknown kind"},
	{"{\"at_least\":3}", "no kind"},
	{"{\"kind\":\"threshold\",\"at_least\":\"3\"}", "wrong type"},
	{"{\"kind\":\"threshold\",\"at_least\":2.5}", "a count with decimals"},
	{"{\"kind\":\"threshold\",\"at_least\":0}", "at_least 0"},
	{"{\"kind\":\"threshold\",\"at_least\":3,\"points\":6}", "points above max"},
	{"{\"kind\":\"threshold\",\"at_least\":3,\"points\":1.005}", "points with 3 decimals"},
	{"{\"kind\":\"threshold\",\"at_least\":3,\"kind\":\"threshold\"}", "a key twice"},
	{"{\"kind\":\"deduct\",\"per\":0}", "per 0"},
	{"{\"kind\":\"checklist\",\"items\":{}}", "empty checklist"},
	{"{\"kind\":\"checklist\",\"items\":{\"a\":1,\"a\":1}}", "checklist item twice"},
	{"[1,2]", "a rule that is no object"},
	{"{\"kind\":\"threshold\",\"at_least\":1e400}", "a huge exponent"},
	{"{\"kind\":\"threshold\",\"at_least\":99999999999999999999}", "beyond int64"},
	/* malformed JSON */
	{"{\"kind\":\"threshold\"", "truncated"},
	{"{\"kind\":\"thr\\u00e9shold\"}", "escapes decoded, kind unknown"},
	{"{\"kind\":\"\\ud800\"}", "unpaired surrogate"},
	{"{\"kind\":01}", "leading zero"},
	{"{\"kind\":\"x\"} x", "trailing garbage"},
	{"", "empty input"},
};

/* Facts any rule refuses, here under thr */
static const refused bad_facts[] = {
	{"{\"count\":-1}", "negative count"},
	{"{\"count\":1,\"extra\":2}", "extra key in facts"},
	{"{}", "missing count"},
	{"[]", "facts that are no object"},
};

int
main(void)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		is_int(kinds[i].facts ? eval(kinds[i].rule, kinds[i].facts, kinds[i].max) : check(kinds[i].rule, kinds[i].max),
			   kinds[i].want, "%s", kinds[i].what);
	for (size_t i = 0; i < sizeof(kind_bad_facts) / sizeof(kind_bad_facts[0]); i++)
		is_int(eval(kind_bad_facts[i].rule, kind_bad_facts[i].facts, kind_bad_facts[i].max), BAD_FACTS,
			   "%s", kind_bad_facts[i].what);
	/* bad rules; a missing or an unknown key is named in the message */
	is_int(check("{\"kind\":\"threshold\"}", 500), KPI_RULE_BAD_RULE, "missing key");
	ok(strstr(msg, "at_least") != NULL, "the message names the missing key");
	is_int(check("{\"kind\":\"threshold\",\"at_least\":3,\"extra\":1}", 500), KPI_RULE_BAD_RULE, "extra key");
	ok(strstr(msg, "extra") != NULL, "the message names the extra key");
	for (size_t i = 0; i < sizeof(bad_rules) / sizeof(bad_rules[0]); i++)
		is_int(check(bad_rules[i].text, 500), KPI_RULE_BAD_RULE, "%s", bad_rules[i].what);
	is_int(check("{\"kind\":\"threshold\",\"at_least\":1e1}", 500), KPI_RULE_OK, "1e1 is exactly 10");
	for (size_t i = 0; i < sizeof(bad_facts) / sizeof(bad_facts[0]); i++)
		is_int(eval(thr, bad_facts[i].text, 500), BAD_FACTS, "%s", bad_facts[i].what);
	{
		/* 10,000 nested arrays: refused at depth 64, no stack overflow */
		size_t		n = 10000;
		char	   *deep = malloc(2 * n + 1);

		memset(deep, '[', n);
		memset(deep + n, ']', n);
		deep[2 * n] = '\0';
		is_int(check(deep, 500), KPI_RULE_BAD_RULE, "deep nesting refused");
		ok(strstr(msg, "deeply") != NULL, "the message says why");
		free(deep);
	}
	{
		/* input is not NUL-terminated: lengths are honoured */
		const char	text[] = "{\"kind\":\"all_or_nothing\"}XXXX";
		int64_t		p;

		is_int(kpi_rule_eval(text, sizeof(text) - 5, "{\"met\":true}", 12, 500, &p, &MALLOC_ALLOC, msg, sizeof(msg)),
			   KPI_RULE_OK, "lengths, not NULs, end the input");
		is_int(p, 500, "all_or_nothing defaults to the max");
	}
	{
		/* messages through the caller's translator: formats translated, then filled in */
		const char *r = "[1]";

		is_int(kpi_rule_check(r, strlen(r), 500, &CHINESE, msg, sizeof(msg)), KPI_RULE_BAD_RULE,
			   "translated: still a bad rule");
		ok(strcmp(msg, "计分规则必须是 JSON 对象") == 0, "a fixed message translated: %s", msg);
		r = "{\"kind\":\"threshold\",\"at_least\":1.5}";
		is_int(kpi_rule_check(r, strlen(r), 500, &CHINESE, msg, sizeof(msg)), KPI_RULE_BAD_RULE,
			   "translated: a bad at_least");
		ok(strcmp(msg, "\"at_least\"必须是整数") == 0, "a format and its phrase translated: %s", msg);
		r = "{\"kind\"";
		kpi_rule_check(r, strlen(r), 500, &CHINESE, msg, sizeof(msg));
		ok(strncmp(msg, "JSON 格式错误：", strlen("JSON 格式错误：")) == 0, "JSON errors translated: %s", msg);
		r = "{\"kind\":\"all_or_nothing\"}";
		is_int(kpi_rule_check(r, strlen(r), 500, &CHINESE_NO_MEMORY, msg, sizeof(msg)), KPI_RULE_NO_MEMORY,
			   "out of memory told apart in translation: %s", msg);
	}
	return tap_done();
}
