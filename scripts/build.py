"""`make build`: build the warehouse without ever publishing half of it.

dbt replaces tables one at a time, so a build that stops part-way (a bad
file, a failing data test, SIGTERM, SIGKILL) would leave marts from two data
sets in the file BI tools read. Instead the build runs into a scratch file
next to the published one; only when `dbt build` succeeds (every model and
data test) is the scratch file renamed over the published one, which is
atomic. A failed or killed build leaves the published warehouse as it was
and says so.

After publishing, the marts are also written to a BI copy
(`<warehouse>_bi.duckdb`) in an older storage format that every current
DuckDB reader opens (Metabase, Evidence, Superset bundle duckdb 1.x), with
their table and column descriptions. BI tools open the copy, never the
file the next build writes, so they cannot block it.

Builds are incremental by default: the scratch file starts as a copy of the
published warehouse, so the parsed event sources read only the files added
since, and the data tests of the incremental models read the rows the build
wrote (docs/decisions.md, "Daily runs"). `--full-refresh` (make build
FULL_REFRESH=1) starts from an empty scratch file and rebuilds everything.

    python scripts/build.py --warehouse warehouse/loyalty.duckdb [--full-refresh] -- <dbt build arguments>
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import signal
import subprocess
import sys

import duckdb

BI_STORAGE_VERSION = "v1.1.0"
PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """Linux: have the kernel send signum to this process when its parent dies,
    even by SIGKILL, which cannot be caught and forwarded. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)


def remove(path: pathlib.Path) -> None:
    """A DuckDB file, its write-ahead log and the folder DuckDB spills to
    beyond its memory limit (left behind when a build is killed)."""
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def run_dbt(dbt: str, scratch: pathlib.Path, dbt_args: list[str], incremental: bool = False) -> int:
    """dbt build into the scratch file; a signal to this process stops dbt too,
    and so does this process's death (SIGKILL included). An incremental build
    tests the rows it wrote in the models that say which (var
    data_tests_scope): the rest passed every test when it was published."""
    env = {**os.environ, "LOYALTY_WAREHOUSE": str(scratch)}
    if incremental:
        env.setdefault("LOYALTY_DATA_TESTS_SCOPE", "this_build")
    child = subprocess.Popen([dbt, "build", *dbt_args], env=env, start_new_session=True, preexec_fn=die_with_parent)

    def forward(signum, _frame):
        os.killpg(child.pid, signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, forward)
    return child.wait()


def publish_bi_copy(warehouse: pathlib.Path, bi: pathlib.Path) -> int:
    """Copy every mart, with its descriptions, into a file in an older storage format."""
    scratch = bi.with_name(bi.name + ".building")
    remove(scratch)
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as source (read_only)")
    con.execute(f"attach '{scratch}' as bi (storage_version '{BI_STORAGE_VERSION}')")
    con.execute("create schema if not exists bi.marts")
    tables = con.execute("select table_name, comment from duckdb_tables() "
                         "where database_name = 'source' and schema_name = 'marts' order by 1").fetchall()
    for name, comment in tables:
        con.execute(f'create table bi.marts."{name}" as select * from source.marts."{name}"')
        if comment:
            con.execute(f"comment on table bi.marts.\"{name}\" is '{comment.replace(chr(39), chr(39) * 2)}'")
        columns = con.execute("select column_name, comment from duckdb_columns() where database_name = 'source' "
                              "and schema_name = 'marts' and table_name = ? and comment is not null", [name]).fetchall()
        for column, text in columns:
            con.execute(f"comment on column bi.marts.\"{name}\".\"{column}\" is '{text.replace(chr(39), chr(39) * 2)}'")
    con.close()
    os.replace(scratch, bi)
    return len(tables)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=pathlib.Path, required=True, help="the published DuckDB file")
    parser.add_argument("--bi", type=pathlib.Path, help="the BI copy (default: <warehouse>_bi.duckdb)")
    parser.add_argument("--dbt", default=str(pathlib.Path(sys.executable).parent / "dbt"))
    parser.add_argument("--full-refresh", action="store_true",
                        help="rebuild everything from the raw data instead of adding to the published warehouse")
    parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="arguments after -- go to dbt build")
    args = parser.parse_args(argv)
    # make (or whatever started this) killed, even by SIGKILL: stop the build, publish nothing.
    parent = os.getppid()
    die_with_parent()
    if os.getppid() != parent:
        return 1
    warehouse = args.warehouse.resolve()
    bi = (args.bi or warehouse.with_name(warehouse.stem + "_bi.duckdb")).resolve()
    dbt_args = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    scratch = warehouse.with_name(warehouse.stem + ".building.duckdb")
    remove(scratch)
    incremental = not args.full_refresh and warehouse.exists()
    if args.full_refresh:
        dbt_args = [*dbt_args, "--full-refresh"]
    elif incremental:
        shutil.copyfile(warehouse, scratch)
        print(f"Incremental build: starting from a copy of {warehouse} (make build FULL_REFRESH=1 rebuilds)")

    code = run_dbt(args.dbt, scratch, dbt_args, incremental)
    if code != 0:
        remove(scratch)
        state = "unchanged" if warehouse.exists() else "not created"
        print(f"\ndbt build failed (exit {code}): nothing published; {warehouse} is {state}.", file=sys.stderr)
        if not args.full_refresh and warehouse.exists():
            print("If dbt asks for a full refresh (a loaded raw file changed, or the settings did): "
                  "make build FULL_REFRESH=1", file=sys.stderr)
        return code
    os.replace(scratch, warehouse)
    print(f"\nPublished {warehouse}")
    print(f"BI copy: {publish_bi_copy(warehouse, bi)} marts in {bi} (DuckDB storage {BI_STORAGE_VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
