# bench/lib.sh — sourced by run.sh and limits.sh.

mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# Peak memory of one run of query $1 in a fresh backend (the database's
# bench.time_runs, made by run.sh, runs it once; PGOPTIONS apply):
# prints "<peak RssAnon kB, backend + workers> <VmHWM kB of the backend>".
# RssAnon is sampled every 10 ms from /proc over the backend and its
# parallel workers, and summed.
peak_memory() {
	local q=$1 app="kpi_bench_mem_$$" pid= peak=0 hwm=0 psql_pid
	printf '%s\n' "SELECT pg_sleep(0.3);" "SELECT * FROM bench.time_runs(:'q', 0);" |
		PGAPPNAME=$app psql -X -q -At -v ON_ERROR_STOP=1 -v q="$q" >/dev/null &
	psql_pid=$!
	for _ in $(seq 1 100); do
		pid=$(psql -X -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$app'" 2>/dev/null || true)
		[ -n "$pid" ] && break
		sleep 0.01
	done
	while kill -0 "$psql_pid" 2>/dev/null; do
		local sum=0 w a h
		for w in "$pid" $(pgrep -f "parallel worker for PID $pid( |\$)" || true); do
			a=$(awk '/^RssAnon:/ { print $2 }' "/proc/$w/status" 2>/dev/null || true)
			sum=$(( sum + ${a:-0} ))
		done
		h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
		[ "${h:-0}" -gt "$hwm" ] && hwm=$h
		[ "$sum" -gt "$peak" ] && peak=$sum
		sleep 0.01
	done
	wait "$psql_pid"
	echo "$peak $hwm"
}
