#!/usr/bin/env bash
# `make test-engines`: start a throwaway PostgreSQL server, run engine_checks
# (fixtures built on DuckDB, PostgreSQL and Spark, marts compared), stop it.
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${ENGINES_PYTHON:-.venv-engines/bin/python}
pgdir=$(mktemp -d -t loyalty-pg.XXXXXX)
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    scripts/engines/postgres_server.sh stop "$pgdir" || true
    rm -rf "$pgdir"
}
trap cleanup EXIT
scripts/engines/postgres_server.sh start "$pgdir" "$port"
export LOYALTY_PG_HOST=127.0.0.1 LOYALTY_PG_PORT=$port LOYALTY_PG_USER=postgres SPARK_LOCAL_IP=127.0.0.1
"$python" -m pytest engine_checks -q -p no:cacheprovider --durations=10 "$@"
