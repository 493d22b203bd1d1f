#!/usr/bin/env bash
# The 通报 of the 2018 sample, printed: a database with the sample gets
# kpi.notice_html('2018') written to notice/notice-2018.html, headless
# Chromium prints it to notice/notice-2018.pdf, and the PDF is checked:
#   - pdftotext finds the title, every group's name, the units of each tier
#     (实绩突出 ones from kpi.result, and the lines checked by hand against
#     expected/sample.out), the reward amounts and total, every consequence;
#   - pdfinfo: A4 pages (594.96 x 841.92 pts);
#   - the fonts are Noto CJK, embedded.  Chromium (Skia) embeds the CFF
#     outlines of Debian's Noto CJK as Type 3 fonts, which pdffonts lists
#     without a name ("[none]"); their FontDescriptor still names the face
#     (/FontName /AAAAAA+NotoSerifCJKsc-Regular), so the check is: pdffonts
#     shows every font embedded, and every FontName in the file is a Noto
#     Serif or Sans CJK face (no fallback font slipped in).
# Runs against the cluster in PG* (make test and make notice run it under
# pg_virtualenv, after make install).  Needs chromium, fonts-noto-cjk and
# poppler-utils (make deps or make notice-deps installs them).  The output
# stays in notice/, which git ignores.  Prints TAP (test/lib.sh).
. "$(dirname "$0")/lib.sh"
db=kpi_notice
out=notice
drop_at_exit DATABASE $db

missing=$(for p in chromium fonts-noto-cjk poppler-utils; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then echo "missing:" $missing "(make notice-deps)" >&2; exit 1; fi

psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -d "$db" -c 'CREATE EXTENSION kpi'
psql -d "$db" -f sample/2018.sql >/dev/null
mkdir -p "$out"
psql -At -d "$db" -c "SELECT kpi.notice_html('2018', issuer => '乌审旗司法局（示例）', doc_number => '乌司发〔2019〕1号')" \
	> "$out/notice-2018.html"

# --no-sandbox: Chromium's sandbox refuses to run as root (CI is root);
# a profile of its own so a running Chromium is not disturbed
start=$EPOCHREALTIME
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
	--user-data-dir="$tmp/profile" --print-to-pdf="$out/notice-2018.pdf" \
	"file://$PWD/$out/notice-2018.html" >"$tmp/chromium.log" 2>&1 || { cat "$tmp/chromium.log" >&2; exit 1; }
seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
echo "# $out/notice-2018.html -> $out/notice-2018.pdf: $(pdfinfo "$out/notice-2018.pdf" | sed -n 's/^Pages: *//p') pages, Chromium $seconds s"

# The PDF's text without white space: pdftotext -layout breaks lines and
# pads columns; what a paragraph says stays in order.
pdftotext -layout "$out/notice-2018.pdf" "$tmp/notice.txt"
flat=$(tr -d ' \n\f\t' < "$tmp/notice.txt")
has() { if [[ "$flat" == *"$2"* ]]; then ok "$1"; else not_ok "$1"; echo "# not found: $2"; fi; }

has "the title" "关于2018年度全旗司法行政工作目标管理考核（示例）结果的通报"
has "the issuing office heads it" "乌审旗司法局（示例）乌司发〔2019〕1号"
has "the lead paragraph counts the tiers" "评出实绩突出单位5个、实绩比较突出单位3个、实绩一般单位4个"
has "not finalized: marked as a draft" "草稿：本考核结果尚未发布"
while IFS='|' read -r code title; do
	has "group $code by name" "$title"
done < <(psql -At -d "$db" -c "SELECT group_code, title FROM kpi.unit_group WHERE scheme_id = '2018' ORDER BY 1")
while IFS='|' read -r group name; do
	has "实绩突出 unit of kpi.result: $name ($group)" "$name"
done < <(psql -At -d "$db" -c "SELECT group_code, unit_name FROM kpi.result WHERE scheme_id = '2018' AND tier = 'outstanding' ORDER BY 1, rank")
# by hand from expected/sample.out (2018: lvsuo 1st of erji; fxg and bgs 1st
# and 2nd of gushi; galutu 1st and wushenzhao 3rd of sifasuo, tuke 2nd but
# vetoed; wudinghe and sulide 比较突出, sulide incomplete; the last of each
# group 一般)
has "二级单位 by tier" "（一）二级单位实绩突出单位：直属律师事务所。实绩比较突出单位：无。实绩一般单位：直属公证处。"
has "局属股室 by tier" "（二）局属股室实绩突出单位：法治宣传股、办公室。实绩比较突出单位：社区矫正股。实绩一般单位：人民调解股。"
has "基层司法所 by tier" "（三）基层司法所实绩突出单位：嘎鲁图镇司法所、乌审召镇司法所。实绩比较突出单位：无定河镇司法所、苏力德苏木司法所（评分数据不全）。实绩一般单位：图克镇司法所（一票否决）、乌兰陶勒盖镇司法所。"
has "the reward per unit and its split" "对实绩突出单位各奖励人民币1000.00元，其中40%奖给主要负责人，60%奖给工作人员"
# expected/sample.out: each unit 1000.00; galutu's 600.00 to 7 staff is
# 85.72 × 3 + 85.71 × 4; lvsuo's to 5 staff 120.00; heads 400.00
has "a head's 400.00" "潘志勇主要负责人400.00"
has "galutu's staff 85.72" "其木格工作人员85.72"
has "galutu's staff 85.71" "赵志强工作人员85.71"
has "lvsuo's staff 120.00" "阿如娜工作人员120.00"
has "fxg's staff 300.00" "田野工作人员300.00"
has "wushenzhao's staff 200.00" "陈志伟工作人员200.00"
has "the total of the rewards, 5 × 1000.00" "合计5000.00"
while read -r c; do
	has "consequence $c" "$c"
done < <(psql -At -d "$db" -c "SELECT DISTINCT consequence FROM kpi.consequence WHERE scheme_id = '2018' ORDER BY 1")
has "不称职公务员: wulantaolegai's three (2017 and 2018 实绩一般)" "确定为不称职公务员乌兰陶勒盖镇司法所周静、孟根其其格、朝鲁门"
has "the annex's chart caption" "图3基层司法所考核总分"
has "the annex's highest total" "100.74"
# the second annex (2017 exists for every unit): galutu 100.74 beside 93.58
has "the second annex's heading" "附件2与上年考核结果对比"
has "the second annex: galutu beside 2017" "嘎鲁图镇司法所100.7493.58+7.16"

size=$(pdfinfo "$out/notice-2018.pdf" | sed -n 's/^Page size: *//p')
if [[ "$size" =~ ^59[45]\.[0-9]+\ x\ 84[12]\.[0-9]+\ pts ]]; then ok "page size A4 ($size)"; else not_ok "page size A4 ($size)"; fi
pages=$(pdfinfo -f 1 -l 99 "$out/notice-2018.pdf" | grep -c 'size: *59[45]\.[0-9]* x 84[12]\.[0-9]* pts' || true)
if [ "$pages" = "$(pdfinfo "$out/notice-2018.pdf" | sed -n 's/^Pages: *//p')" ]; then ok "every page A4 ($pages)"; else not_ok "every page A4"; fi

fonts=$(pdffonts "$out/notice-2018.pdf" | tail -n +3)
if [ -n "$fonts" ] && ! echo "$fonts" | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit !bad }'; then
	ok "every font embedded ($(echo "$fonts" | wc -l) fonts)"
else
	not_ok "every font embedded"; echo "$fonts" | sed 's/^/# /'
fi
names=$(grep -a -o '/FontName */[A-Z]*+[A-Za-z0-9-]*' "$out/notice-2018.pdf" | sed 's#.*+##' | sort -u)
if [ -n "$names" ] && ! echo "$names" | grep -qv '^Noto\(Serif\|Sans\)CJKsc-'; then
	ok "only Noto CJK faces: $(echo $names)"
else
	not_ok "only Noto CJK faces"; echo "$names" | sed 's/^/# /'
fi
if echo "$names" | grep -q '^NotoSerifCJK' && echo "$names" | grep -q '^NotoSansCJK'; then
	ok "body in Noto Serif CJK SC, headings in Noto Sans CJK SC"
else
	not_ok "body in Noto Serif CJK SC, headings in Noto Sans CJK SC"
fi
done_testing
