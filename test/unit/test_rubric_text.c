/*
 * test_rubric_text.c
 *		The 实施细则 reader on its own: the seed's three rubrics, four other
 *		styles, a wrong total kept as stated, and text it must refuse with
 *		the right line.  Run from the project's top directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rubric_text.h"
#include "malloc_alloc.h"
#include "tap.h"

static kpi_rubric R;
static kpi_rubric_error E;

static char *
slurp(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		n;

	if (f == NULL)
	{
		printf("# cannot open %s\n", path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t) n + 1);
	*len = fread(buf, 1, (size_t) n, f);
	fclose(f);
	return buf;
}

static int
parse_text(const char *text)
{
	return kpi_rubric_parse(text, strlen(text), &MALLOC_ALLOC, NULL, NULL, &R, &E);
}

static int
parse_file(const char *path)
{
	size_t		len;
	char	   *text = slurp(path, &len);
	int			rc = kpi_rubric_parse(text, len, &MALLOC_ALLOC, NULL, NULL, &R, &E);

	free(text);
	if (rc != 0)
		printf("# %s: line %d: %s\n", path, E.line, E.message);
	return rc;
}

static const kpi_rubric_node *
node(const char *code)
{
	for (size_t i = 0; i < R.n; i++)
		if (strcmp(R.nodes[i].code, code) == 0)
			return &R.nodes[i];
	return NULL;
}

static int64_t
points(const char *code)
{
	const kpi_rubric_node *n = node(code);

	return n ? n->max_points : -1;
}

/* Nodes whose children do not add up to them. */
static int
mismatches(void)
{
	int			bad = 0;

	for (size_t i = 0; i < R.n; i++)
	{
		int64_t		sum = 0;
		int			children = 0;

		for (size_t j = 0; j < R.n; j++)
			if (R.nodes[j].parent_code && strcmp(R.nodes[j].parent_code, R.nodes[i].code) == 0)
				sum += R.nodes[j].max_points, children++;
		if (children && sum != R.nodes[i].max_points)
			bad++;
	}
	return bad;
}

static int
top_count(int64_t *sum)
{
	int			n = 0;

	*sum = 0;
	for (size_t i = 0; i < R.n; i++)
		if (R.nodes[i].parent_code == NULL)
			n++, *sum += R.nodes[i].max_points;
	return n;
}

/* A node's points, or its title where one is given. */
typedef struct node_case
{
	const char *code;
	int64_t		points;
	const char *title;
	const char *what;
} node_case;

static void
check_node(const node_case *c)
{
	if (c->title != NULL)
		ok(node(c->code) && strcmp(node(c->code)->title, c->title) == 0, "%s", c->what);
	else
		is_int(points(c->code), c->points, "%s", c->what);
}

/* Rubrics in other styles: each parses, its nodes read as listed, it adds up. */
static const struct
{
	const char *path;
	const char *what;
	int			mismatches;
	const char *adds_up;
	node_case	nodes[4];		/* up to the first without a code */
}			styles[] = {
	{"test/rubric/halfwidth.txt", "half-width brackets", 0, "half-width adds up",
		{{"1.1.2", 500, NULL, "(5分) parts"}, {"2", 2000, NULL, "a one-line heading after an item"}}},
	{"test/rubric/nested.txt", "一、 with （一） under it", 0, "nested adds up",
		{{"1", 2000, NULL, "一、 item"}, {"1.1.2", 300, NULL, "（一）'s part"}, {"2.1.1", 300, NULL, "，3 分； part"},
		 {"2.1", 0, "人民调解，有台账，有回访", "no stray punctuation where markers were cut"}}},
	{"test/rubric/decimals.txt", "decimal points", 0, "decimals add up",
		{{"2.1.1", 325, NULL, "3.25 points"}, {"1.2", 500, NULL, "扣0.5分 is a rule, not a part"}}},
	{"test/rubric/table.txt", "table layout, full-width digits", 0, "table adds up",
		{{"2.2.3", 1000, NULL, "（１０分） read"}, {"1.2", 1000, NULL, "参训率100％ is no marker"}}},
	{"test/rubric/wrong_total.txt", "a wrong total is read as stated", 1, "and exactly that item does not add up",
		{{"1.1", 1200, NULL, "item says 12"}}},
};

/* Text refused (-1) with the line it is refused at (0: not checked), or read. */
static const struct
{
	const char *text;
	int			rc;
	const char *what;
	int			line;
	const char *at;
}			texts[] = {
	{"综合工作（10分）\n1.甲（5分）\n3.乙（5分）\n", -1, "numbers out of sequence", 3, "at the item that breaks it"},
	{"综合工作（10分）\n1.甲（2.555分）\n", -1, "3 decimals", 2, "at the marker's line"},
	{"综合\n工作\n1.甲（5分）\n", -1, "a heading without total", 1, "at the heading's first line"},
	{"这是一段说明，不是细则。\n1.甲（5分）\n", -1, "text before the first category", 1, "at that line"},
	{"综合工作（10分）\n1.甲（99999999999999999999分）\n", -1, "points beyond range (found by fuzzing)", 0, NULL},
	{"综合工作（10分）\n1.甲（90000000000000000分），乙（90000000000000000分），丙（90000000000000000分）\n", -1,
	 "parts adding up beyond range", 0, NULL},
	{"", -1, "empty text", 0, NULL},
	{"\n \n\t\n", -1, "blank text", 0, NULL},
	{"综合工作（10分）\n1.甲（5分）\n\xff\xfe（5分）\n", 0, "invalid UTF-8 is read as text, no crash", 0, NULL},
};

int
main(void)
{
	int64_t		sum;

	/* the seed's 司法所 rubric (附件2) */
	is_int(parse_file("sample/rubrics/sifasuo.txt"), 0, "司法所 rubric parses");
	is_int(top_count(&sum), 8, "8 categories");
	is_int(sum, 60000, "600 points");
	{
		const char *cats[] = {"1", "2", "3", "4", "5", "6", "7", "8"};
		const int64_t want[] = {7000, 3000, 3000, 7000, 10000, 10000, 10000, 10000};
		const char *titles[] = {"综合工作", "信息化建设", "思想政治工作", "干警日常管理工作",
		"深化普法依法治理工作", "基层工作", "法律援助工作", "社区矫正工作"};

		for (int i = 0; i < 8; i++)
		{
			is_int(points(cats[i]), want[i], "category %s points", cats[i]);
			ok(node(cats[i]) && strcmp(node(cats[i])->title, titles[i]) == 0, "category %s is %s", cats[i], titles[i]);
		}
	}
	is_int(mismatches(), 0, "every node's children add up");
	is_int(points("1.1"), 3000, "综合 item 1: total 30 stated after its parts");
	is_int(points("1.1.2"), 500, "its part 全年编报信息不少于24条 is 5");
	ok(strcmp(node("1.1.2")->title, "全年编报信息不少于24条") == 0, "part title cut at the marker");
	is_int(points("6.1.4"), 1200, "达到得12分 is a part of 12");
	ok(node("6.1.5") == NULL, "没有达到得0分 is not a part");
	is_int(points("6.2.3"), 300, "有总结（3） read as 3 points");
	is_int(points("3.2"), 500, "（此项针对有党员的司法所） is no marker");
	ok(node("5") && node("5.1") == NULL, "the 普法 category is one leaf");
	is_int(points("8.13"), 600, "社区矫正 item 13");
	ok(node("1.1")->line > 0, "nodes carry their line");
	kpi_rubric_free(&R, &MALLOC_ALLOC);

	/* 附件3: one category each, items with total first and parts after */
	is_int(parse_file("sample/rubrics/lvsuo.txt"), 0, "律师事务所 rubric parses");
	is_int(top_count(&sum), 1, "one category");
	is_int(sum, 10000, "100 points");
	is_int(points("1.7"), 1000, "seven items, the last of 10");
	ok(node("1.8") == NULL, "no eighth item");
	is_int(points("1.1.5"), 300, "党建 item: five parts of 3");
	is_int(points("1.5.3"), 500, "差错率低于 1，5 分: the 1 is no marker, the 5 is");
	is_int(mismatches(), 0, "律师事务所 adds up");
	kpi_rubric_free(&R, &MALLOC_ALLOC);
	is_int(parse_file("sample/rubrics/gongzheng.txt"), 0, "公证处 rubric parses");
	is_int(points("1"), 10000, "公证处 100 points");
	for (int i = 1; i <= 5; i++)
	{
		char		code[16];

		snprintf(code, sizeof(code), "1.%d", i);
		is_int(points(code), 2000, "公证处 item %d is 20", i);
	}
	is_int(points("1.1.5"), 400, "公证处 item 1: five parts of 4");
	is_int(points("1.2.2"), 1000, "公证处 item 2: two parts of 10");
	is_int(mismatches(), 0, "公证处 adds up");
	kpi_rubric_free(&R, &MALLOC_ALLOC);

	/* other styles */
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
	{
		is_int(parse_file(styles[i].path), 0, "%s", styles[i].what);
		for (const node_case *c = styles[i].nodes; c < styles[i].nodes + 4 && c->code; c++)
			check_node(c);
		is_int(mismatches(), styles[i].mismatches, "%s", styles[i].adds_up);
		kpi_rubric_free(&R, &MALLOC_ALLOC);
	}

	/* refused, with the line */
	is_int(parse_text("综合工作（10分）\n1.有计划\n"), -1, "an item without points");
	is_int(E.line, 2, "named at its line");
	ok(strcmp(E.text, "1.有计划") == 0, "with its text");
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
	{
		int			rc = parse_text(texts[i].text);

		is_int(rc, texts[i].rc, "%s", texts[i].what);
		if (texts[i].line > 0)
			is_int(E.line, texts[i].line, "%s", texts[i].at);
		if (rc == 0)
			kpi_rubric_free(&R, &MALLOC_ALLOC);
	}
	{
		/* 100,000 items: linear, no recursion */
		size_t		n = 100000,
					cap = n * 24 + 64,
					len = 0;
		char	   *big = malloc(cap);

		len += (size_t) snprintf(big + len, cap - len, "大类（100000分）\n");
		for (size_t i = 1; i <= n; i++)
			len += (size_t) snprintf(big + len, cap - len, "%zu.项目（1分）\n", i);
		is_int(kpi_rubric_parse(big, len, &MALLOC_ALLOC, NULL, NULL, &R, &E), 0, "100,000 items");
		is_int(R.n, n + 1, "all read");
		kpi_rubric_free(&R, &MALLOC_ALLOC);
		free(big);
	}
	return tap_done();
}
