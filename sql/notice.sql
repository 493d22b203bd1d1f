-- The 通报 (kpi.notice_html): its structure checked without printing it
-- all; test/notice.sh prints it with Chromium and reads the PDF.
\i sql/include/fresh.sql
\set SHOW_CONTEXT never
\set ECHO none
\set QUIET 1
\i sample/2018.sql
\unset ON_ERROR_STOP
\set ECHO all

CREATE TEMP TABLE n AS SELECT kpi.notice_html('2018', issuer => '乌审旗司法局') AS html;

-- a whole HTML5 document, printable on A4, no script
SELECT left(html, 48) AS head, right(html, 8) = E'</html>\n' AS ends,
	   strpos(html, '<meta charset="utf-8">') > 0 AS utf8,
	   strpos(html, '@page { size: A4;') > 0 AS a4,
	   strpos(html, '<script') AS script
  FROM n;
-- tags open and close in pairs; one chart per group (3), one bar per unit
-- (12), tables: rewards, consequences and a score table per group (5)
SELECT t, (SELECT count(*) FROM regexp_matches(html, '<' || t || '[ >]', 'g')) AS opened,
	   (SELECT count(*) FROM regexp_matches(html, '</' || t || '>', 'g')) AS closed
  FROM n, unnest('{section,table,tr,svg,figure,p,h1,h2,h3}'::text[]) t;
SELECT (SELECT count(*) FROM regexp_matches(html, '<rect ', 'g')) AS bars FROM n;

-- the title, the lead paragraph's counts (5 实绩突出: lvsuo, fxg, bgs,
-- galutu, wushenzhao; 3 比较突出: jzg, wudinghe, sulide; 4 一般: gongzheng,
-- tjg, tuke, wulantaolegai — expected/sample.out)
SELECT (regexp_match(html, '<h1>(.*?)</h1>'))[1] AS title,
	   (regexp_match(html, '(评出[^。]*)。'))[1] AS counts
  FROM n;
-- each group's tiers in rank order (groups in code order: erji, gushi,
-- sifasuo); tuke ranks 2nd but is vetoed; sulide's ratings are incomplete
SELECT m[1] AS tier, m[2] AS units
  FROM n, regexp_matches(html, '<p class="tier tier-[a-z]+"><span class="tier-label">([^<]*)</span>([^<]*)</p>', 'g') m;

-- bars scaled to the highest total (galutu 100.74 -> 330 units), as
-- round(total × 330 / 100.74, 2): lvsuo 93.87 -> 307.4955.. -> 307.50,
-- gongzheng 88.46 -> 289.7736.. -> 289.77, fxg 99.57 -> 326.1673.. ->
-- 326.17, bgs 93.80 -> 307.2662.. -> 307.27, jzg 90.88 -> 297.7010.. ->
-- 297.70, tjg 86.55 -> 283.5169.. -> 283.52, tuke 94.26 -> 308.7730.. ->
-- 308.77, wushenzhao 92.61 -> 303.3680.. -> 303.37, wudinghe 91.79 ->
-- 300.6819.. -> 300.68, sulide 90.54 -> 296.5872.. -> 296.59,
-- wulantaolegai 86.39 -> 282.9928.. -> 282.99
SELECT m[1] AS tier, m[2] AS unit, m[3] AS width, m[4] AS total
  FROM n, regexp_matches(html, '<g class="bar tier-([a-z]+)"><text[^>]*>([^<]*)</text><rect[^>]*width="([0-9.]+)"[^>]*/><text[^>]*>([^<]*)</text>', 'g') m;

-- rewards: 1000.00 each (40% head, 60% staff), 25 rows, 5000.00 in all
SELECT (regexp_match(html, '(对实绩突出单位[^，]*，[^<]*)</p>'))[1] AS reward_line,
	   (SELECT count(*) FROM regexp_matches((regexp_match(html, '<table class="rewards">.*?</table>'))[1], '<tr>', 'g')) - 2 AS reward_rows,
	   (regexp_match(html, '<tfoot><tr><td colspan="3">合计</td><td class="num">([0-9.]+)</td>'))[1] AS reward_total
  FROM n;
-- galutu: 600.00 to 7 staff, 85.72 to the first three in code-point order
SELECT m[1] AS person, m[2] AS role, m[3] AS amount
  FROM n, regexp_matches(html, '<tr>(?:<td rowspan="8">嘎鲁图镇司法所</td>)?<td>([^<]*)</td><td>([^<]*)</td><td class="num">(85\.7[0-9]|400\.00)</td></tr>', 'g') m
 WHERE m[1] <> ALL ('{潘志勇,乌力吉,韩雪梅,额尔敦毕力格}');
-- consequences: a row per consequence and unit, in the method's order
SELECT m[1] AS consequence, m[2] AS unit, m[3] AS persons
  FROM n, regexp_matches((regexp_match(html, '<table class="consequences">.*?</table>'))[1],
						 '<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', 'g') m;

-- 附件2: every unit took part in 2017 too, so the second annex puts each
-- 2018 total, rank and grade beside 2017's, row for row as
-- kpi_report.year_over_year has them (checked by hand in
-- expected/year_over_year.out), in group and rank order; the attachment
-- line names both annexes
SELECT (regexp_match(html, '<p class="attachment">(.*?)</p>'))[1] AS attachment,
	   (SELECT count(*) FROM regexp_matches(html, '<div class="annex-no">附件[12]</div>', 'g')) AS annexes
  FROM n;
SELECT m[1] AS "group", m[2] AS unit, m[3] AS total, m[4] AS previous, m[5] AS change, m[6] AS rank,
	   m[7] AS previous_rank, m[8] AS grade, m[9] AS previous_grade
  FROM n, regexp_matches((regexp_match(html, '<table class="scores compared">.*?</table>'))[1],
						 '<tr><td>([^<]*)</td><td>([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', 'g') m;
WITH shown AS (
	SELECT m[1] AS unit, m[2]::numeric AS total, m[3]::numeric AS previous, m[4]::int AS rank, m[5]::int AS previous_rank
	  FROM n, regexp_matches((regexp_match(html, '<table class="scores compared">.*?</table>'))[1],
							 '<tr><td>[^<]*</td><td>([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>'
							 '<td class="num">[^<]*</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>', 'g') m
), report AS (
	SELECT "单位", "本年", "上年", "名次", "上年名次" FROM kpi_report.year_over_year
	 WHERE "方案" = '2018' AND "行类型" = '总分'
)
SELECT (SELECT count(*) FROM (SELECT * FROM shown EXCEPT SELECT * FROM report) x) AS shown_not_in_report,
	   (SELECT count(*) FROM (SELECT * FROM report EXCEPT SELECT * FROM shown) x) AS report_not_shown;

-- not finalized: a draft, dated today
SELECT strpos(html, '<p class="draft-box">草稿') > 0 AS draft_box,
	   strpos(html, '@top-right { content: "草稿 · 未发布"') > 0 AS every_page,
	   strpos(html, format('<span class="draft">（草稿）</span>%s年%s月%s日', extract(year FROM current_date)::int,
						   extract(month FROM current_date)::int, extract(day FROM current_date)::int)) > 0 AS dated_today
  FROM n;

-- users' text is escaped wherever it appears: a scheme whose title, group,
-- unit and member carry HTML, printed with a hostile issuer and number
INSERT INTO kpi.scheme (scheme_id, year, title) VALUES ('h', 2019, '<b>"年度"</b>');
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES ('h', 'g', '<i>组&</i>');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('h', 'g', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('h', 'R', NULL, 100), ('h', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('hx', '<script>&"''');
INSERT INTO kpi.participant VALUES ('h', 'hx', 'g', 'R');
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES ('h', 'hx', 'L', 90);
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES ('h', 'hx', '</td><script>x</script>', 'head');
CREATE TEMP TABLE h AS SELECT kpi.notice_html('h', issuer => '<办>', doc_number => '"文号"&') AS html;
-- no tag of theirs survives; each text appears escaped: the unit in its
-- tier line, the reward and consequence tables, the score table and the
-- chart (5); the group in the addressees, two headings, the chart's label
-- and caption (5); the title in <title>, <h1> and the lead (3); the
-- issuer heading and signing (2); the member in the reward table (1)
SELECT strpos(html, '<script') AS script, strpos(html, '<b>') AS b, strpos(html, '<i>') AS i,
	   strpos(html, '<办>') AS issuer, strpos(html, '"文号"') AS number, strpos(html, '&"''') AS raw_unit,
	   (SELECT count(*) FROM regexp_matches(html, '&lt;script&gt;&amp;&quot;&#39;', 'g')) AS unit,
	   (SELECT count(*) FROM regexp_matches(html, '&lt;i&gt;组&amp;&lt;/i&gt;', 'g')) AS "group",
	   (SELECT count(*) FROM regexp_matches(html, '&lt;b&gt;&quot;年度&quot;&lt;/b&gt;', 'g')) AS title,
	   (SELECT count(*) FROM regexp_matches(html, '&lt;办&gt;', 'g')) AS issuers,
	   (SELECT count(*) FROM regexp_matches(html, '&quot;文号&quot;&amp;', 'g')) AS numbers,
	   (SELECT count(*) FROM regexp_matches(html, '&lt;/td&gt;&lt;script&gt;x&lt;/script&gt;', 'g')) AS member
  FROM h;
SELECT kpi.html_escape('<a href="x">&amp;''</a>'), kpi.html_escape(NULL) IS NULL AS stays_null;
-- its one unit took part in no scheme of 2018: no second annex
SELECT strpos(html, '附件2') AS second_annex, (regexp_match(html, '<p class="attachment">(.*?)</p>'))[1] AS attachment FROM h;

-- finalized: no draft mark, dated the day of publication
SELECT count(*) FROM kpi.finalize('h', force => true);
SELECT strpos(html, '草稿') AS draft,
	   strpos(html, format('<div>%s年%s月%s日</div>', extract(year FROM p.published_at)::int,
						   extract(month FROM p.published_at)::int, extract(day FROM p.published_at)::int)) > 0 AS dated_published
  FROM (SELECT kpi.notice_html('h') AS html) x, kpi.publication p WHERE p.scheme_id = 'h';
-- without an issuer: the default office heads and signs it
SELECT (regexp_match(kpi.notice_html('h'), '<div class="issuer">(.*?)</div>'))[1] AS issuer;

-- a scheme without results: the notice says so, with no chart or table
INSERT INTO kpi.scheme (scheme_id, year) VALUES ('e', 2020);
SELECT (regexp_match(html, '<h1>(.*?)</h1>'))[1] AS title,
	   (regexp_match(html, '<p class="addressees">(.*?)</p>'))[1] AS addressees,
	   (regexp_match(html, '<p>按照(.*?)</p>'))[1] AS lead,
	   strpos(html, '<svg') AS svg, strpos(html, '<table') AS "table", strpos(html, '<h2>') AS sections
  FROM (SELECT kpi.notice_html('e') AS html) x;

-- an unknown scheme, and none
SELECT kpi.notice_html('nope');
\echo :LAST_ERROR_SQLSTATE
SELECT kpi.notice_html(NULL);
\echo :LAST_ERROR_SQLSTATE

-- a caller's search_path with hostile look-alikes in front of pg_catalog
-- changes nothing (the function pins its own)
CREATE FUNCTION public.replace(text, text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: replace'; END $$;
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: round'; END $$;
CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: btrim'; END $$;
CREATE FUNCTION public.hostile_concat(text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: ||'; END $$;
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = public.hostile_concat);
SET search_path = public, pg_catalog;
SELECT md5(kpi.notice_html('2018', issuer => '乌审旗司法局')) OPERATOR(pg_catalog.=) md5(html) AS same FROM n;
RESET search_path;
DROP OPERATOR public.|| (text, text);
DROP FUNCTION public.hostile_concat(text, text), public.replace(text, text, text),
	public.round(numeric, integer), public.btrim(text);

-- a scheme of four grades (kpi.grade): the 通报 lists them in level order
-- with their labels.  优秀: total >= 90 and at most 20 % of the group (甲组
-- of 6: 1 place; 乙组 of 2: none); 良好: >= 80; 合格: the default; 不合格:
-- below 60, and a veto caps at it (level 4).  By hand: 甲组 jia1 and jia2
-- tie first at 95, both 优秀 (no candidate ranks above them); jia3 (92) has
-- two above, so 良好; jia4 (85) is vetoed: 不合格; jia5 (70) 合格; jia6 (55)
-- below 60: 不合格.  乙组 yi1 (91) gets no 优秀 place: 良好; yi2 (50) 不合格.
INSERT INTO kpi.scheme (scheme_id, year, title, veto_level) VALUES ('g4', 2019, '2019年度四等次考核', 4);
INSERT INTO kpi.grade (scheme_id, level, label, share, min_total, below_total, is_default, reward_amount, head_share) VALUES
	('g4', 1, '优秀', 0.2, 90, NULL, false, 2000, NULL),
	('g4', 2, '良好', NULL, 80, NULL, false, 500, 0.5),
	('g4', 3, '合格', NULL, NULL, NULL, true, NULL, NULL),
	('g4', 4, '不合格', NULL, NULL, 60, false, NULL, NULL);
INSERT INTO kpi.unit_group (scheme_id, group_code, title) VALUES ('g4', 'jia', '甲组'), ('g4', 'yi', '乙组');
INSERT INTO kpi.component (scheme_id, group_code, component_code, weight) VALUES ('g4', 'jia', 'content', 100), ('g4', 'yi', 'content', 100);
INSERT INTO kpi.criterion (scheme_id, criterion_code, parent_code, max_points) VALUES ('g4', 'R', NULL, 100), ('g4', 'L', 'R', 100);
INSERT INTO kpi.unit (unit_code, name) VALUES ('jia1', '甲一所'), ('jia2', '甲二所'), ('jia3', '甲三所'), ('jia4', '甲四所'),
	('jia5', '甲五所'), ('jia6', '甲六所'), ('yi1', '乙一所'), ('yi2', '乙二所');
INSERT INTO kpi.participant
SELECT 'g4', u, CASE WHEN u LIKE 'jia%' THEN 'jia' ELSE 'yi' END, 'R' FROM unnest('{jia1,jia2,jia3,jia4,jia5,jia6,yi1,yi2}'::text[]) u;
INSERT INTO kpi.score (scheme_id, unit_code, criterion_code, points) VALUES
	('g4', 'jia1', 'L', 95), ('g4', 'jia2', 'L', 95), ('g4', 'jia3', 'L', 92), ('g4', 'jia4', 'L', 85),
	('g4', 'jia5', 'L', 70), ('g4', 'jia6', 'L', 55), ('g4', 'yi1', 'L', 91), ('g4', 'yi2', 'L', 50);
INSERT INTO kpi.veto (scheme_id, unit_code, condition_code) VALUES ('g4', 'jia4', 1);
INSERT INTO kpi.member (scheme_id, unit_code, person, role) VALUES
	('g4', 'jia1', '张一', 'head'), ('g4', 'jia1', '王二', 'staff'), ('g4', 'jia1', '李三', 'staff'),
	('g4', 'jia3', '赵四', 'head'), ('g4', 'jia3', '钱五', 'staff'),
	('g4', 'yi1', '周七', 'head'), ('g4', 'yi1', '吴八', 'staff'), ('g4', 'yi1', '郑九', 'staff');
CREATE TEMP TABLE g4 AS SELECT kpi.notice_html('g4') AS html;
-- the lead counts each grade: 优秀 jia1, jia2; 良好 jia3, yi1; 合格 jia5;
-- 不合格 jia4, jia6, yi2; no tier class (four levels have no tiers)
SELECT (regexp_match(html, '(评出[^。]*)。'))[1] AS counts, strpos(html, 'class="tier tier-') AS tier_class,
	   strpos(html, 'class="bar tier-') AS tier_bar
  FROM g4;
-- each group's grades in level order, "none" where a grade has no unit
SELECT m[1] AS class, m[2] AS label, m[3] AS units
  FROM g4, regexp_matches(html, '<p class="tier ([a-z0-9-]+)"><span class="tier-label">([^<]*)</span>([^<]*)</p>', 'g') m;
-- the annex: each unit's grade; bars coloured by level (1 red, then grey
-- from dark to light), scaled to 95: round(total × 330 / 95, 2): 92 ->
-- 319.578.. -> 319.58, 85 -> 295.263.. -> 295.26, 70 -> 243.157.. ->
-- 243.16, 55 -> 191.052.. -> 191.05, 91 -> 316.105.. -> 316.11, 50 ->
-- 173.684.. -> 173.68
SELECT m[1] AS rank, m[2] AS unit, m[3] AS grade
  FROM g4, regexp_matches(html, '<tr><td class="num">([0-9]+)</td><td>([^<]*)</td>(?:<td class="num">[^<]*</td>){5}<td>([^<]*)</td>', 'g') m;
SELECT m[1] AS class, m[2] AS unit, m[3] AS width, m[4] AS fill
  FROM g4, regexp_matches(html, '<g class="bar ([a-z0-9-]+)"><text[^>]*>([^<]*)</text><rect[^>]*width="([0-9.]+)"[^>]* fill="(#[0-9a-f]{6})"/>', 'g') m;
SELECT (regexp_match(html, '<p class="legend">(.*?)</p>'))[1] AS legend FROM g4;
-- rewards of both rewarded grades: 优秀 2000.00 (the scheme's 40 % to the
-- head), 良好 500.00 (half and half): jia1 800 + 2 × 600, jia2 (no
-- members) 2000 to the unit, jia3 250 + 250, yi1 250 + 2 × 125; 5000.00
SELECT (regexp_match(html, '<h2>二、奖励</h2>\n<p>([^<]*)</p>'))[1] AS reward_lead,
	   (regexp_match(html, '<tfoot><tr><td colspan="3">合计</td><td class="num">([0-9.]+)</td>'))[1] AS reward_total
  FROM g4;
SELECT m[1] AS unit, m[2] AS person, m[3] AS role, m[4] AS amount
  FROM g4, regexp_matches((regexp_match(html, '<table class="rewards">.*?</table>'))[1],
						  '<tr>(?:<td rowspan="[0-9]+">([^<]*)</td>)?<td>([^<]*)</td><td>([^<]*)</td><td class="num">([0-9.]+)</td></tr>', 'g') m;
-- consequences by the 2018 rules over four levels: 通报表彰 for level 1,
-- 通报批评 for the worst (its units have no members to name); the closing
-- paragraph names the worst grade
SELECT m[1] AS consequence, m[2] AS unit, m[3] AS persons
  FROM g4, regexp_matches((regexp_match(html, '<table class="consequences">.*?</table>'))[1],
						  '<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>', 'g') m;
SELECT (regexp_match(html, '<p>(希望[^<]*)</p>'))[1] AS closing FROM g4;
