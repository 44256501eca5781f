#!/usr/bin/env bash
# A throwaway PostgreSQL server for `make test-engines`.
#   postgres_server.sh start DIR PORT   initdb in DIR, listen on 127.0.0.1:PORT
#   postgres_server.sh stop DIR         stop it (the caller removes DIR)
# Installs Debian's postgresql package when no server binaries are found.
set -euo pipefail

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

as_owner() {
    # initdb and postgres refuse to run as root: run them as the postgres user.
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pgbin=$(find_bin || true)
if [[ -z "$pgbin" ]]; then
    echo "postgres_server: no PostgreSQL server found; installing Debian's postgresql" >&2
    "$(dirname "$0")/../apt_install.sh" postgresql
    pgbin=$(find_bin)
fi

command=${1:?usage: postgres_server.sh start DIR PORT | stop DIR}
dir=${2:?data directory}
case "$command" in
    start)
        port=${3:?port}
        mkdir -p "$dir"
        [[ $(id -u) -ne 0 ]] || chown postgres "$dir"
        as_owner "$pgbin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
        as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null
        echo "postgres_server: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
        ;;
    stop)
        if [[ -d "$dir/data" ]]; then
            as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
        fi
        ;;
    *)
        echo "usage: postgres_server.sh start DIR PORT | stop DIR" >&2
        exit 2
        ;;
esac
