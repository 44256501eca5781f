"""Benchmark the full `dbt build` as `make build` runs it (every seed, model
and data test; unit tests and macro proofs, which do not depend on the data,
run in `make test`) on generated data sets, and report wall time, peak
memory and the slowest nodes as a table; with two sizes, how each model's
time grows from the smaller to the larger (its SQL run alone on the built
warehouse: dbt runs two nodes at once, so a node's time in the build also
holds the other's share of the cores). Each query in
benchmarks/handwritten/ (a plain DuckDB query for one of the slowest models)
then runs on the warehouse just built, must return exactly the model's rows,
and is timed against the model's own compiled SQL. Then the daily case at the largest
size: the data as an export folder (each event source a history file and
the last day's file, benchmarks/data/<size>-daily), the history built, then
the day added and built incrementally, as `make build` does every day, a
build with no new file after it, and the same day built again on the
history with as_of_date one day later (a run the next morning: every
customer's recency and age move). Last, the bundled demo data built in full
and then with no new file: at its small size, what a build costs beyond
its data (dbt's work on each node). Results are also written as JSON.

    python scripts/benchmark.py                         # 100k and 1M customers (make benchmark)
    python scripts/benchmark.py --sizes 100000          # one size
    python scripts/benchmark.py --raw-dir /path/export  # your own data

Data sets are generated (deterministic, Parquet) under benchmarks/data/ when
missing. Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
HANDWRITTEN = ROOT / "benchmarks" / "handwritten"
# A model slower than this multiple of its hand-written query is flagged.
HANDWRITTEN_RATIO_LIMIT = 1.5
# Each model's SQL and its hand-written query run this many times, alternately.
HANDWRITTEN_ROUNDS = 2
BIN = pathlib.Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

from checksums import content_columns  # noqa: E402
from scale_check import ensure_data  # noqa: E402


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_build(raw_dir: pathlib.Path, threads: int | None, workdir: pathlib.Path | None = None,
              extra_vars: dict | None = None) -> dict:
    """One `dbt build` into <workdir>/bench.duckdb: a full build in a new
    workdir (removed afterwards), or, given the workdir of an earlier build,
    an incremental one on top of it (kept, without the hand-written queries);
    extra_vars are dbt vars besides raw_dir."""
    keep = workdir is not None
    workdir = workdir or pathlib.Path(tempfile.mkdtemp(prefix="loyalty-bench-"))
    env = dict(os.environ, LOYALTY_WAREHOUSE=str(workdir / "bench.duckdb"))
    if (workdir / "bench.duckdb").exists():
        # An incremental build, tested as make build tests it (scripts/build.py).
        env.setdefault("LOYALTY_DATA_TESTS_SCOPE", "this_build")
    command = [str(BIN / "dbt"), "build", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
               "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
               *(["--threads", str(threads)] if threads else []),
               "--vars", json.dumps({"raw_dir": str(raw_dir.resolve()), **(extra_vars or {})}),
               "--exclude", "resource_type:unit_test"]
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kib(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        print(output[-6000:])
        raise SystemExit(f"benchmark: dbt build failed on {raw_dir}")
    run_results = json.loads((workdir / "target" / "run_results.json").read_text())
    results = run_results["results"]
    nodes = {r["unique_id"]: round(r["execution_time"], 3) for r in results}
    models = {uid.split(".")[-1]: t for uid, t in nodes.items() if uid.startswith("model.")}
    run = {
        "raw_dir": str(raw_dir), "wall_seconds": round(elapsed, 2),
        # dbt's own start-up (interpreter, project parse, manifest) is the wall
        # time before its run of the nodes began; run_results' elapsed_time is the run.
        "startup_seconds": round(elapsed - run_results["elapsed_time"], 2),
        "peak_rss_mib": round(peak[0] / 1024),
        # As dbt reports it: the profile's count unless --threads set one.
        "threads": int(re.search(r"Concurrency: (\d+) threads", output).group(1)), "nodes": len(nodes),
        "tests_seconds": round(sum(t for uid, t in nodes.items() if uid.startswith(("test.", "unit_test."))), 2),
        "warehouse_mib": round((workdir / "bench.duckdb").stat().st_size / 2**20),
        "models": dict(sorted(models.items(), key=lambda item: -item[1])),
        "slowest_tests": dict(sorted(((uid.split(".")[2], t) for uid, t in nodes.items() if uid.startswith("test.")),
                                     key=lambda item: -item[1])[:15]),
        "sql_alone": {} if keep else time_models_alone(workdir, models),
        "handwritten": {} if keep else compare_handwritten(workdir, raw_dir, models),
    }
    if not keep:
        shutil.rmtree(workdir)
    return run


EVENT_DATES = {"orders": "ordered_at", "survey_responses": "responded_at", "points_ledger": "occurred_at"}


def daily_layout(raw_dir: pathlib.Path, out: pathlib.Path) -> None:
    """raw_dir's data as an export folder: each event source a folder of a
    history file and the last day's file (the day of the latest event; the
    items of that day's orders), the other sources as they are."""
    import duckdb

    if (out / ".complete").exists():
        return
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    con = duckdb.connect()
    # order_items last: its day is the items of the day's orders.
    for path in sorted(raw_dir.glob("*.parquet"), key=lambda p: (p.stem == "order_items", p.stem)):
        source = path.stem
        if source not in (*EVENT_DATES, "order_items"):
            shutil.copy2(path, out / path.name)
            continue
        (out / source).mkdir()
        if source == "order_items":
            day = (f"order_id in (select order_id from read_parquet('{out}/orders/*-day.parquet'))")
        else:
            column = EVENT_DATES[source]
            # The latest day with a day's worth of rows: not an odd future-dated row.
            last = con.execute(f"""
                with days as (
                    select try_cast(left({column}, 10) as date) as day, count(*) as n from read_parquet('{path}') group by 1
                )
                select max(day) from days where n >= (select sum(n) from days) / 2000""").fetchone()[0]
            day = f"coalesce(try_cast(left({column}, 10) as date) = date '{last}', false)"
        for name, where in (("0000-history", f"not ({day})"), ("9999-day", day)):
            con.execute(f"copy (select * from read_parquet('{path}') where {where}) "
                        f"to '{out / source / name}.parquet' (format parquet)")
    (out / ".complete").touch()


def run_daily(raw_dir: pathlib.Path, threads: int | None) -> dict:
    """The daily case: build the history of the event sources (a full build),
    then add one day's files and build again (incremental), as make build does
    it: the published warehouse copied into the scratch file first. The day's
    rows are of the history's last day, so as_of_date stays where it was. A
    build with no new file follows: what a daily run costs whatever the day
    holds. The same day is then built again on the history with as_of_date
    one day later, as a run the next morning would (every customer's
    recency, age and incomplete periods move)."""
    layout = raw_dir.parent / f"{raw_dir.name}-daily"
    daily_layout(raw_dir, layout)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="loyalty-bench-daily-"))
    raw = workdir / "raw"
    raw.mkdir()
    days = []
    for path in layout.rglob("*.parquet"):
        target = raw / path.relative_to(layout)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.name.startswith("9999-day"):
            days.append((path, target))
        else:
            os.link(path, target)
    history = run_build(raw, threads, workdir)
    shutil.copyfile(workdir / "bench.duckdb", workdir / "history.duckdb")
    for path, target in days:
        os.link(path, target)
    started = time.perf_counter()
    shutil.copyfile(workdir / "bench.duckdb", workdir / "copy.duckdb")
    copy_seconds = time.perf_counter() - started
    (workdir / "copy.duckdb").unlink()
    day = run_build(raw, threads, workdir)
    no_new_file = run_build(raw, threads, workdir)
    import duckdb

    with duckdb.connect(str(workdir / "bench.duckdb"), read_only=True) as con:
        as_of_date = con.execute("select as_of_date from intermediate.int_reporting_window").fetchone()[0]
    next_day = (as_of_date + datetime.timedelta(days=1)).isoformat()
    (workdir / "history.duckdb").replace(workdir / "bench.duckdb")
    moving_day = run_build(raw, threads, workdir, {"as_of_date": next_day})
    day_rows = {path.parent.name: row_counts_of(path) for path, _ in days}
    shutil.rmtree(workdir)
    return {"history": history, "day": day, "no_new_file": no_new_file, "moving_day": moving_day,
            "moving_day_as_of_date": next_day, "copy_seconds": round(copy_seconds, 2), "day_rows": day_rows}


def run_demo_no_new_file(threads: int | None) -> dict:
    """The bundled demo data built in full, then incrementally with no new
    file: a build's cost beyond its data, dbt's work on each node."""
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="loyalty-bench-demo-"))
    full = run_build(ROOT / "data" / "demo", threads, workdir)
    no_new_file = run_build(ROOT / "data" / "demo", threads, workdir)
    shutil.rmtree(workdir)
    return {"full": full, "no_new_file": no_new_file}


def row_counts_of(path: pathlib.Path) -> int:
    import duckdb

    return duckdb.connect().execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]


def time_models_alone(workdir: pathlib.Path, models: dict) -> dict:
    """Each table model's compiled SQL run alone, as `create table` in the
    warehouse just built, once: what its growth from one size to the next is
    read from. A node's time in the build also holds the other node dbt runs
    beside it (two threads share the cores), which can double it in one
    build and not in the next. Views cost nothing to build and are left out;
    a Python model has no SQL to run: its node time stands in."""
    import duckdb

    con = duckdb.connect(str(workdir / "bench.duckdb"))
    con.execute("set enable_progress_bar = false")
    con.execute("create schema if not exists sql_alone")
    tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    timed = {}
    for path in sorted((workdir / "target" / "compiled").rglob("models/**/*.sql")):
        if path.stem not in tables:
            continue
        started = time.perf_counter()
        con.execute(f"create or replace table sql_alone.{path.stem} as {path.read_text()}")
        timed[path.stem] = round(time.perf_counter() - started, 3)
        con.execute(f"drop table sql_alone.{path.stem}")
    for path in (workdir / "target" / "compiled").rglob("models/**/*.py"):
        if path.stem in models:
            timed[path.stem] = models[path.stem]
    con.execute("drop schema sql_alone")
    con.close()
    return dict(sorted(timed.items(), key=lambda item: -item[1]))


def compare_handwritten(workdir: pathlib.Path, raw_dir: pathlib.Path, models: dict) -> dict:
    """Time each hand-written query against the model's own compiled SQL, both
    as `create table` in the built warehouse, alternately and twice (the best
    of each: the same connection, cache and memory for both), and require
    exactly the model's rows (EXCEPT ALL both ways). The model's dbt node time
    is kept beside them: it also holds dbt's work on the node and the state the
    build left the machine in at that moment."""
    import duckdb

    con = duckdb.connect(str(workdir / "bench.duckdb"))
    con.execute("set enable_progress_bar = false")
    con.execute("create schema if not exists handwritten")
    located = dict(con.execute("select table_name, schema_name from duckdb_tables()").fetchall())
    compiled = {path.stem: path for path in (workdir / "target" / "compiled").rglob("models/**/*.sql")}
    compared = {}
    for path in sorted(HANDWRITTEN.glob("*.sql")):
        name, sql = path.stem, path.read_text()
        if name not in models or name not in located or name not in compiled:
            continue
        if "{raw_dir}" in sql:
            if not any(raw_dir.glob(f"{name.split('__')[-1].removesuffix('_parsed')}.parquet")):
                continue  # written for the generated Parquet layout
            sql = sql.replace("{raw_dir}", str(raw_dir.resolve()))
        timings = {"model": [], "query": []}
        for _ in range(HANDWRITTEN_ROUNDS):
            for kind, text in (("model", compiled[name].read_text()), ("query", sql)):
                started = time.perf_counter()
                con.execute(f"create or replace table handwritten.{name}__{kind} as {text}")
                timings[kind].append(time.perf_counter() - started)
        model = f"(select {content_columns(con, located[name], name)} from {located[name]}.{name})"
        for left, right in ((model, f"handwritten.{name}__query"), (f"handwritten.{name}__query", model)):
            extra = con.execute(f"select count(*) from (select * from {left} except all select * from {right})").fetchone()[0]
            if extra:
                raise SystemExit(f"benchmark: {path.name} and the model {name} differ ({extra} rows of {left} only)")
        for kind in timings:
            con.execute(f"drop table handwritten.{name}__{kind}")
        model_sql, query = min(timings["model"]), min(timings["query"])
        compared[name] = {"model_seconds": models[name], "model_sql_seconds": round(model_sql, 3),
                          "handwritten_seconds": round(query, 3), "ratio": round(model_sql / query, 2)}
    con.close()
    return compared


def row_counts(raw_dir: pathlib.Path) -> dict:
    import duckdb

    con = duckdb.connect()
    counts = {}
    for path in sorted(raw_dir.glob("*.parquet")):
        counts[path.stem] = con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--raw-dir", type=pathlib.Path, help="benchmark this directory instead")
    parser.add_argument("--threads", type=int, help="dbt threads (default: profiles.yml's, as make build)")
    parser.add_argument("--json", type=pathlib.Path, default=ROOT / "benchmarks" / "results" / "benchmark.json")
    parser.add_argument("--no-daily", action="store_true", help="skip the daily case at the largest size")
    args = parser.parse_args(argv)

    runs = []
    targets = [(args.raw_dir.name, args.raw_dir)] if args.raw_dir else [
        (f"{n:,} customers", ensure_data(n)) for n in args.sizes]
    for label, raw_dir in targets:
        run = run_build(raw_dir, args.threads)
        run["label"], run["raw_rows"] = label, row_counts(raw_dir)
        runs.append(run)
        print(f"\n{label}: {raw_dir}")
        print("  raw rows: " + ", ".join(f"{k} {v:,}" for k, v in run["raw_rows"].items()))
        print(f"  {'dbt build (all nodes)':<36}{run['wall_seconds']:>9.1f} s wall  ({run['nodes']} nodes, {run['threads']} dbt threads, "
              f"tests {run['tests_seconds']:.1f} s, dbt start-up {run['startup_seconds']:.1f} s)")
        print(f"  {'peak memory (dbt process tree)':<36}{run['peak_rss_mib']:>9,} MiB")
        print(f"  {'warehouse file':<36}{run['warehouse_mib']:>9,} MiB")
        print("  slowest models:")
        for name, seconds in list(run["models"].items())[:12]:
            print(f"    {name:<42}{seconds:>8.1f} s")
        if run["handwritten"]:
            print(f"  models against a hand-written DuckDB query of the same rows (the model's SQL and the query,"
                  f" best of {HANDWRITTEN_ROUNDS} each, alternately; flagged above x{HANDWRITTEN_RATIO_LIMIT}):")
            print(f"    {'model':<42}{'in build':>9}{'model':>8}{'query':>8}{'ratio':>8}")
            for name, row in sorted(run["handwritten"].items(), key=lambda item: -item[1]["model_seconds"]):
                flag = "  slower than allowed" if row["ratio"] > HANDWRITTEN_RATIO_LIMIT else ""
                print(f"    {name:<42}{row['model_seconds']:>9.1f}{row['model_sql_seconds']:>8.1f}"
                      f"{row['handwritten_seconds']:>8.1f}{row['ratio']:>7.2f}x{flag}")

    if len(runs) == 2:
        small, large = runs
        factor = large["raw_rows"].get("orders", 1) / max(small["raw_rows"].get("orders", 1), 1)
        print(f"\ngrowth from {small['label']} to {large['label']} (orders x{factor:.1f}), each model's SQL run alone"
              " (a Python model: its node time):")
        print(f"  {'model':<42}{'small':>8}{'large':>8}{'growth':>8}")
        for name, seconds in sorted(large["sql_alone"].items(), key=lambda item: -item[1])[:20]:
            before = small["sql_alone"].get(name, 0.0)
            growth = f"x{seconds / before:.1f}" if before > 0.05 else "-"
            print(f"  {name:<42}{before:>8.2f}{seconds:>8.2f}{growth:>8}")
    daily = demo = None
    if not args.raw_dir and not args.no_daily:
        label, raw_dir = targets[-1]
        daily = run_daily(raw_dir, args.threads)
        history, day = daily["history"], daily["day"]
        print(f"\ndaily case at {label}: the history built, then one more day of events")
        print("  the day's rows: " + ", ".join(f"{k} {v:,}" for k, v in daily["day_rows"].items()))
        print(f"  {'full build of the history':<36}{history['wall_seconds']:>9.1f} s wall")
        print(f"  {'incremental build of the day':<36}{day['wall_seconds']:>9.1f} s wall  "
              f"(peak {day['peak_rss_mib']:,} MiB, tests {day['tests_seconds']:.1f} s)")
        unchanged = daily["no_new_file"]
        print(f"  {'then a build with no new file':<36}{unchanged['wall_seconds']:>9.1f} s wall  "
              f"(peak {unchanged['peak_rss_mib']:,} MiB, tests {unchanged['tests_seconds']:.1f} s)")
        moving = daily["moving_day"]
        print(f"  {'the same day, as_of_date ' + daily['moving_day_as_of_date']:<36}{moving['wall_seconds']:>9.1f} s wall  "
              f"(peak {moving['peak_rss_mib']:,} MiB, tests {moving['tests_seconds']:.1f} s)")
        for name, run in [("the day", day), ("no new file", unchanged), ("the day moving as_of_date", moving)]:
            print(f"  {name + ' beyond dbt start-up':<36}{run['wall_seconds'] - run['startup_seconds']:>9.1f} s"
                  f"  (start-up {run['startup_seconds']:.1f} s)")
        print(f"  {'make build: copying the warehouse':<36}{daily['copy_seconds']:>9.1f} s")
        print("  slowest models, history -> day -> no new file -> day moving as_of_date:")
        for name, seconds in list(day["models"].items())[:12]:
            print(f"    {name:<42}{history['models'].get(name, 0.0):>8.1f}{seconds:>8.1f}"
                  f"{unchanged['models'].get(name, 0.0):>8.1f}{moving['models'].get(name, 0.0):>8.1f}")
        demo = run_demo_no_new_file(args.threads)
        print("\nthe bundled demo data: a build's cost beyond its data")
        for name, run in [("full build", demo["full"]), ("then a build with no new file", demo["no_new_file"])]:
            print(f"  {name:<36}{run['wall_seconds']:>9.1f} s wall  ({run['wall_seconds'] - run['startup_seconds']:.1f} s "
                  f"beyond dbt start-up, {run['nodes']} nodes, tests {run['tests_seconds']:.1f} s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": {"cores": os.cpu_count(), "python": platform.python_version()},
                                     "runs": runs, "daily": daily, "demo": demo}, indent=2) + "\n")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
