# test/lib.sh: what the shell tests share.  A test starts with
#   . "$(dirname "$0")/lib.sh"
# which sets -euo pipefail, goes to the top of the tree and gives it
#   psql ...              psql -X -q -v ON_ERROR_STOP=1 (the cluster in PG*)
#   tmp                   a scratch directory, removed at exit
#   plan N                the TAP plan first (1..N), when the count is known,
#   done_testing          or last, when it is known only at the end
#   skip_all REASON       1..0 # SKIP REASON, and exit
#   check NAME GOT WANT   ok when GOT is WANT, else not ok and the difference
#   ok NAME, not_ok NAME  the outcome of a check made otherwise
#   on_exit COMMAND ARG...  run at exit, in the order given, even when a
#                         command failed or a signal came (its output and
#                         failure ignored)
#   drop_at_exit KIND NAME...  DROP KIND IF EXISTS NAME at exit, each
#   digest_sql REL...     a query of one line per table or view: its name,
#                         row count and a digest of its rows
# The output is TAP (prove --exec bash test/NAME.sh); the exit status is
# non-zero when a check failed, a command failed, or the count of checks
# is not the plan's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

tap_count=0
tap_failed=0
tap_plan=
plan() { tap_plan=$1; echo "1..$1"; }
done_testing() { plan "$tap_count"; }
skip_all() { tap_plan=0; echo "1..0 # SKIP $*"; exit 0; }
ok() { tap_count=$((tap_count + 1)); echo "ok $tap_count - $1"; }
not_ok() { tap_count=$((tap_count + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_count - $1"; }
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diff -u --label got --label want <(echo "$2") <(echo "$3") | sed 's/^/# /' || true
	fi
}

digest_sql() {
	local rel sep=
	echo "SELECT format('%s %s %s', r, n, d) FROM ("
	for rel; do
		printf "%s\tSELECT '%s' AS r, count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM %s x\n" \
			"$sep" "$rel" "$rel"
		sep="UNION ALL"
	done
	echo ") t;"
}

tap_exit_commands=()
on_exit() { local c; printf -v c '%q ' "$@"; tap_exit_commands+=("$c"); }
drop_at_exit() {
	local kind=$1 name
	shift
	for name; do on_exit psql -d postgres -c "DROP $kind IF EXISTS $name"; done
}
tap_exit() {
	local rc=$? c
	set +e
	for c in "${tap_exit_commands[@]}"; do eval "$c" >/dev/null 2>&1; done
	if [ "$rc" = 0 ] && [ "$tap_failed" -gt 0 ]; then rc=1; fi
	if [ "$rc" = 0 ] && [ "$tap_plan" != "$tap_count" ]; then
		echo "# planned ${tap_plan:-no} tests, ran $tap_count" >&2
		rc=1
	fi
	exit "$rc"
}
trap tap_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
