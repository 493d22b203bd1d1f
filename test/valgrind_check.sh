#!/usr/bin/env bash
# make valgrind-check: the whole regression suite (make installcheck:
# pg_regress and the isolation specs) against a postgres that runs under
# valgrind's memcheck, then a report of the errors whose stack passes
# through kpi.so.  Slow (tens of minutes); not part of make test.
#
# The server is a private copy of the system's PostgreSQL 15 in a scratch
# folder with this tree's kpi installed into it (make install DESTDIR=…):
# PostgreSQL finds its share and lib folders relative to its binary, so the
# system's installation is neither used nor changed.  Debian's postgres is
# not built with USE_VALGRIND, so palloc'd memory is not checked at the
# memory-context level (a read past a palloc'd chunk inside its block goes
# unseen); malloc-level errors and uses of uninitialised values are.
#
# PostgreSQL's own message catalogues (postgres-15.mo and the rest) are
# copied too: the server looks for them in the localedir relative to its
# binary ($root/usr/share/locale, where kpi's own is installed), so that
# lc_messages=zh_CN.UTF-8 translates PostgreSQL's words as well as kpi's.
# The server listens on 127.0.0.1 as well as on its socket, and the tests
# connect over TCP (PGHOST=127.0.0.1, as pg_virtualenv's PGHOST=localhost
# in make test): postgres_fdw's foreign servers in the tests upstream and
# bureaus point at host 127.0.0.1 and current_setting('port').
#
# Environment: VALGRIND_PORT (default: the first port from 54329 up that
# nothing listens on at 127.0.0.1), VALGRIND_KEEP=1 keeps the scratch
# folder (its path is printed), VALGRIND_TESTS a list of tests to run
# instead of the whole suite ("messages entry upstream bureaus pushdown":
# each a pg_regress test of sql/ or an isolation spec of
# test/isolation/specs), VALGRIND_INSTALLCHECK for other make variables
# given to make installcheck (split on blanks), PG_CONFIG.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$($PG_CONFIG --bindir)
sharedir=$($PG_CONFIG --sharedir)
pkglibdir=$($PG_CONFIG --pkglibdir)
localedir=$($PG_CONFIG --localedir)
major=$($PG_CONFIG --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')

# the tests to run: all (make installcheck's REGRESS and ISOLATION), or
# those VALGRIND_TESTS names
tests=()
if [ -n "${VALGRIND_TESTS:-}" ]; then
	regress='' isolation=''
	for t in $VALGRIND_TESTS; do
		if [ -f "sql/$t.sql" ]; then regress+="${regress:+ }$t"
		elif [ -f "test/isolation/specs/$t.spec" ]; then isolation+="${isolation:+ }$t"
		else echo "VALGRIND_TESTS: no test $t (sql/$t.sql, test/isolation/specs/$t.spec)" >&2; exit 2
		fi
	done
	tests=("REGRESS=$regress" "ISOLATION=$isolation")
fi

# a port that nothing listens on at 127.0.0.1
listening() { (: < "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -n "${VALGRIND_PORT:-}" ]; then
	port=$VALGRIND_PORT
	if listening "$port"; then echo "VALGRIND_PORT $port: something listens on 127.0.0.1:$port" >&2; exit 2; fi
else
	port=54329
	while listening "$port"; do port=$((port + 1)); done
fi
work=$(mktemp -d /tmp/kpi-valgrind.XXXXXX)
root=$work/root
logs=$work/valgrind
chmod 755 "$work"

stop() {
	if [ -f "$work/data/postmaster.pid" ]; then
		runuser -u postgres -- "$root$bindir/pg_ctl" -D "$work/data" -m fast -w -t 600 stop || true
	fi
	if [ "${VALGRIND_KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "kept: $work"; fi
}
trap stop EXIT

# the private server, with this tree's kpi and no other
mkdir -p "$root" "$logs"
for d in "$bindir" "$pkglibdir" "$sharedir"; do
	mkdir -p "$root$(dirname "$d")"
	cp -a "$d" "$root$d"
done
rm -rf "$root$sharedir"/extension/kpi[.-]* "$root$pkglibdir"/kpi.so "$root$pkglibdir"/bitcode/kpi*
# PostgreSQL's message catalogues (postgres-15, plpgsql-15, …; not kpi's,
# which make install puts there from this tree)
mkdir -p "$root$localedir"
(cd "$localedir" && find . -path "./*/LC_MESSAGES/*-$major.mo" ! -name "kpi-*" -print0 |
	xargs -0 -r cp --parents -t "$root$localedir")
make -s all
make -s install DESTDIR="$root" >/dev/null

# postgres refuses to run as root: the cluster belongs to user postgres
mkdir -p "$work/sock"
chown -R postgres: "$work/sock" "$logs"
install -d -o postgres "$work/data"
runuser -u postgres -- "$root$bindir/initdb" -D "$work/data" -U postgres -A trust --no-sync >/dev/null

echo "starting postgres under valgrind on 127.0.0.1:$port (logs in $logs)"
started=$(date +%s)
runuser -u postgres -- valgrind --tool=memcheck --trace-children=yes --track-origins=yes \
	--num-callers=40 --error-limit=no --vgdb=no --leak-check=no \
	--suppressions="$top/test/valgrind.supp" --log-file="$logs/%p.log" \
	"$root$bindir/postgres" -D "$work/data" -p "$port" -k "$work/sock" \
	-c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=1GB \
	> "$work/server.log" 2>&1 &
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
for _ in $(seq 1 600); do
	pg_isready -q && break
	sleep 1
done
pg_isready -q || { cat "$work/server.log"; exit 1; }

status=0
# the isolation spec appeal_at_deadline files an appeal before a deadline
# two seconds after its setup's announcement: under valgrind the setup and
# the filing take longer, so the spec's window is a minute here
export PGOPTIONS="${PGOPTIONS:-} -c kpi_test.appeal_window=60s"
# shellcheck disable=SC2086 # make variables, split on purpose
make installcheck "${tests[@]}" ${VALGRIND_INSTALLCHECK:-} || status=$?
[ -s regression.diffs ] && head -n 100 regression.diffs
runuser -u postgres -- "$root$bindir/pg_ctl" -D "$work/data" -m fast -w -t 600 stop >/dev/null
seconds=$(( $(date +%s) - started ))

# every error valgrind reported, and those whose stack passes through kpi.so
errors=$(cat "$logs"/*.log | grep -cE '^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument .* of function)' || true)
kpi=$(awk '
	/^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched|Source and destination|Argument)/ { if (err && hit) n++; err = 1; hit = 0; next }
	/^==[0-9]+== *$/ { if (err && hit) n++; err = 0; hit = 0; next }
	err && /kpi\.so/ { hit = 1 }
	END { if (err && hit) n++; print n + 0 }' "$logs"/*.log)
procs=$(ls "$logs" | wc -l)
echo "valgrind-check: installcheck exit $status, $((seconds / 60)) min $((seconds % 60)) s, $procs processes traced," \
	"$errors valgrind errors, $kpi with kpi.so in the stack"
if [ "$kpi" != 0 ] || [ "$errors" != 0 ]; then
	grep -lE '^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Syscall param|Mismatched)' "$logs"/*.log |
		head -n 5 | xargs -r cat | head -n 200 || true
fi
[ "$status" = 0 ] && [ "$kpi" = 0 ]
