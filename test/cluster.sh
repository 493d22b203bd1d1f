# test/cluster.sh: PostgreSQL clusters of a script's own, on loopback, for
# what one cluster cannot show (a hot standby, banners in two clusters).
# Sourced by test/standby.sh and bench/bureaus.sh; each removes its
# clusters at exit.  The servers run as postgres when the script runs as
# root (make test in CI), as the user otherwise.
#   cluster_dir NAME             a new directory under /tmp the servers may use
#   free_port FROM               the first loopback port from FROM nothing listens on
#   new_cluster DATA PORT SOCKETS [SETTING...]
#                                initdb DATA (trust), listening on 127.0.0.1:PORT
#                                and in SOCKETS, fsync off, and the settings given
#   start_cluster DATA           start it, its log in DATA.log
#   stop_cluster DATA            stop it (immediate) if it runs
#   cluster_psql SOCKETS PORT ...  psql to it as postgres, whatever PG* says
cluster_bindir=$(pg_config --bindir)
if [ "$(id -u)" = 0 ]; then as_owner() { runuser -u postgres -- "$@"; }; else as_owner() { "$@"; }; fi

cluster_dir() {
	local d
	d=$(mktemp -d "/tmp/$1.XXXXXX")
	chmod 755 "$d"
	if [ "$(id -u)" = 0 ]; then chown postgres "$d"; fi
	echo "$d"
}
free_port() {
	local p
	for p in $(seq "$1" $(($1 + 200))); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
	done
	return 1
}
new_cluster() {
	local data=$1 port=$2 sockets=$3
	shift 3
	as_owner "$cluster_bindir/initdb" -D "$data" -U postgres -A trust --no-sync >/dev/null
	{
		echo "listen_addresses = '127.0.0.1'"
		echo "port = $port"
		echo "unix_socket_directories = '$sockets'"
		echo "fsync = off"
		if [ $# -gt 0 ]; then printf '%s\n' "$@"; fi
	} >> "$data/postgresql.conf"
}
start_cluster() { as_owner "$cluster_bindir/pg_ctl" -D "$1" -l "$1.log" -w start >/dev/null; }
stop_cluster() {
	if [ -f "$1/postmaster.pid" ]; then as_owner "$cluster_bindir/pg_ctl" -D "$1" -m immediate -w stop >/dev/null; fi
}
cluster_psql() {
	local sockets=$1 port=$2
	shift 2
	env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGPASSWORD \
		psql -X -q -v ON_ERROR_STOP=1 -h "$sockets" -p "$port" -U postgres "$@"
}
