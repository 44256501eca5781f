"""Build the fixture data sets on DuckDB, PostgreSQL and Apache Spark.

Run by `make test-engines` (scripts/engines/test_engines.sh), which installs
requirements-engines.txt into .venv-engines and starts a throwaway PostgreSQL
server; the Spark target runs a local PySpark session (`method: session`).

Each build is a full `dbt build` (seeds, models, data tests; unit tests in
the bad_rows build, as they do not read the data) in its own subprocess,
with the raw data loaded into a `raw` schema for PostgreSQL and Spark by
scripts/load_raw.py; DuckDB reads the files in place.

A daily run (docs/decisions.md, "Daily runs"): text_order's orders are two
monthly files, and PostgreSQL and Spark build it as a business would day by
day: the first month loaded and its incremental models built (the parsed
event sources, which keep what they read; every other model is rebuilt in
full by any run), then both loaded and everything built incrementally,
every data test included. Its marts must still equal DuckDB's full build;
the second month repeats order o1, a duplicate arriving a month after its
first copy.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

import duckdb
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent

MARTS = [
    "rejected_rows",
    "source_reconciliation",
    "retention_by_period",
    "cohort_retention",
    "purchase_behaviour_by_period",
    "purchase_behaviour_overall",
    "mrr_movements",
    "mrr_by_month",
    "nps_by_period",
    "csat_by_period",
    "ces_by_period",
    "dim_customers",
    "loyalty_program_impact",
    "customer_ltv",
    "ltv_by_segment",
    "customer_tier_history",
    "tier_summary_by_month",
    "points_balances",
    "points_by_month",
    "points_accrual_audit",
    "loyalty_program_by_month",
    "game_odds_by_month",
]

# Data sets and the vars they build with (fixed as_of_date: every engine must
# see the same reporting window, whatever the day of the run). Two read their
# dates in another reporting time zone, so every engine's time-zone macros are
# compared: Tokyo (an order at 23:30 UTC on 31 January is a February order
# there) and New York (a year of timestamps across both daylight-saving changes).
DATASETS = {
    "bad_rows": {"as_of_date": "2025-06-30"},
    "retention": {"as_of_date": "2025-02-28", "reporting_grains": ["quarter", "year"], "inactivity_days": 60,
                  "reporting_timezone": "Asia/Tokyo"},
    "text_order": {"as_of_date": "2025-03-31"},
    "demo": {"as_of_date": "2025-12-31", "reporting_timezone": "America/New_York"},
}


# Data sets built on PostgreSQL and Spark in two steps: without this file,
# then with it, incrementally.
LATER_FILES = {"text_order": pathlib.Path("orders") / "2025-02.csv"}
# What the first of the two builds builds: the incremental models and what
# they read. Every other model is rebuilt from them in full by any run, so
# building it in the first build too would only cost time (Spark: minutes).
HISTORY_SELECTION = {
    # The incremental models and what they read; on PostgreSQL also the
    # record of the tier history (incremental there), which a later build
    # reads. On Spark the tier history is a table, rebuilt by any run.
    "postgres": "+config.materialized:incremental int_tier_history_computed",
    "spark": "+config.materialized:incremental",
}
# The compiled parse of the orders in each incremental build, by engine.
INCREMENTAL_READS: dict[str, str] = {}
# The compiled checks of the order items in each incremental build, by engine.
INCREMENTAL_CHECKS: dict[str, str] = {}
# The compiled customer-month categories in each incremental build, by engine.
INCREMENTAL_PURCHASES: dict[str, str] = {}
# The compiled customer_tier_history in each incremental build, by engine.
INCREMENTAL_TIERS: dict[str, str] = {}

# dbt unit tests do not read the data: they run in one data set's build per
# engine, the others build models, seeds and data tests only.
UNIT_TESTS_IN = "bad_rows"


def raw_dir(name: str) -> pathlib.Path:
    return ROOT / "data" / ("demo" if name == "demo" else f"fixtures/{name}")


class BuildFailed(AssertionError):
    pass


def run(command: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-6000:]
        raise BuildFailed(f"{what} failed (exit {result.returncode}):\n{output}")
    return result.stdout


def dbt_build(target: str, dataset: str, env: dict[str, str], work: pathlib.Path, data_tests: bool = True,
              select: str | None = None) -> None:
    dbt_vars = dict(DATASETS[dataset])
    if dataset == UNIT_TESTS_IN:  # the macro proofs run with the unit tests
        dbt_vars["loyalty_macro_tests"] = True
    if target == "duckdb":
        dbt_vars["raw_dir"] = str(raw_dir(dataset))
    else:
        dbt_vars["raw_schema"] = "raw"
    run(
        [
            str(BIN / "dbt"), "build",
            "--target", target,
            "--project-dir", str(ROOT),
            "--profiles-dir", str(ROOT),
            "--target-path", str(work / "target"),
            "--log-path", str(work / "logs"),
            "--vars", json.dumps(dbt_vars),
            *([] if dataset == UNIT_TESTS_IN else ["--exclude", "resource_type:unit_test"]),
            *([] if data_tests else ["--exclude", "resource_type:test", "resource_type:unit_test"]),
            *([] if select is None else ["--select", select]),
        ],
        env,
        f"dbt build --target {target} on {dataset}",
    )


@dataclass
class Marts:
    """Every mart of one build: {mart: (column names, rows)}."""

    engine: str
    tables: dict[str, tuple[list[str], list[tuple]]]


def read_duckdb(path: pathlib.Path, marts: list[str] = MARTS) -> Marts:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {}
        for mart in marts:
            cursor = con.execute(f"select * from marts.{mart}")
            tables[mart] = ([d[0] for d in cursor.description], cursor.fetchall())
        return Marts("duckdb", tables)
    finally:
        con.close()


def read_postgres(dbname: str, marts: list[str] = MARTS) -> Marts:
    import psycopg2

    con = psycopg2.connect(
        host=os.environ.get("LOYALTY_PG_HOST", "127.0.0.1"),
        port=int(os.environ["LOYALTY_PG_PORT"]),
        user=os.environ.get("LOYALTY_PG_USER", "postgres"),
        dbname=dbname,
    )
    try:
        tables = {}
        with con.cursor() as cursor:
            for mart in marts:
                cursor.execute(f"select * from marts.{mart}")
                tables[mart] = ([d[0] for d in cursor.description], cursor.fetchall())
        return Marts("postgres", tables)
    finally:
        con.close()


def read_spark(spark_dir: pathlib.Path, marts: list[str] = MARTS) -> Marts:
    """Spark's managed tables are Parquet files under the warehouse dir: read them with DuckDB."""
    con = duckdb.connect()
    tables = {}
    for mart in marts:
        folder = spark_dir / "tables" / "marts.db" / mart
        files = sorted(str(p) for p in folder.glob("*.parquet"))
        if not files:
            raise BuildFailed(f"spark: no Parquet files for marts.{mart} in {folder}")
        cursor = con.execute("select * from read_parquet(?)", [files])
        tables[mart] = ([d[0] for d in cursor.description], cursor.fetchall())
    return Marts("spark", tables)


@pytest.fixture(scope="session")
def builds(request, tmp_path_factory):
    """Start every selected data set's builds at once; yield {(data set, engine): future}.

    Each build is its own process on its own warehouse. Spark is the slowest
    engine on every data set, so its builds run back to back in one queue
    (one JVM at a time), while DuckDB's and PostgreSQL's builds of all data
    sets fill a second queue of two beside it: the run takes about as long as
    Spark's builds, not as the sum of each data set's slowest engine.
    """
    selected = [name for name in DATASETS
                if any(getattr(item, "callspec", None) and item.callspec.params.get("built") == name
                       for item in request.session.items)]
    env = dict(os.environ)
    spark_queue = ThreadPoolExecutor(max_workers=1)
    other_queue = ThreadPoolExecutor(max_workers=2)
    futures = {}
    for dataset in selected:
        work = tmp_path_factory.mktemp(dataset)
        futures[dataset, "spark"] = spark_queue.submit(build_spark, dataset, env, work)
        futures[dataset, "duckdb"] = other_queue.submit(build_duckdb, dataset, env, work)
        futures[dataset, "postgres"] = other_queue.submit(build_postgres, dataset, env, work)
    try:
        yield futures
    finally:
        # Every build runs to its end: no process outlives the session.
        spark_queue.shutdown(wait=True, cancel_futures=True)
        other_queue.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session", params=list(DATASETS))
def built(request, builds) -> dict[str, Marts]:
    """One data set's marts on the three engines, once all three builds have ended."""
    dataset = request.param
    mine = {engine: future for (name, engine), future in builds.items() if name == dataset}
    wait(mine.values())
    return {engine: future.result() for engine, future in mine.items()}


def build_duckdb(dataset: str, env: dict[str, str], work: pathlib.Path) -> Marts:
    duck = work / "loyalty.duckdb"
    dbt_build("duckdb", dataset, {**env, "LOYALTY_WAREHOUSE": str(duck)}, work / "duckdb")
    return read_duckdb(duck)


def build_postgres(dataset: str, env: dict[str, str], work: pathlib.Path) -> Marts:
    import psycopg2

    dbname = f"loyalty_{dataset}"
    admin = psycopg2.connect(host=env.get("LOYALTY_PG_HOST", "127.0.0.1"), port=int(env["LOYALTY_PG_PORT"]),
                             user=env.get("LOYALTY_PG_USER", "postgres"), dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"drop database if exists {dbname}")
        # ICU en-US collation: sorts 'C' after 'b', unlike code points, so the
        # comparison proves that no result depends on the database collation.
        cursor.execute(f"create database {dbname} template template0 locale_provider icu icu_locale 'en-US'"
                       " locale 'C.UTF-8'")
    admin.close()
    load_and_build("postgres", dataset, {**env, "LOYALTY_PG_DBNAME": dbname}, work / "postgres")
    return read_postgres(dbname)


def build_spark(dataset: str, env: dict[str, str], work: pathlib.Path) -> Marts:
    spark_dir = work / "spark"
    spark_env = {**env, "LOYALTY_SPARK_DIR": str(spark_dir), "SPARK_LOCAL_IP": "127.0.0.1"}
    load_and_build("spark", dataset, spark_env, work / "spark-dbt")
    return read_spark(spark_dir)


def load_and_build(target: str, dataset: str, env: dict[str, str], work: pathlib.Path) -> None:
    """scripts/load_raw.py, then dbt build; for a data set of LATER_FILES, first
    without the later file (the incremental models and what they read, no
    data test), then with it, incrementally (everything)."""
    def load(directory: pathlib.Path) -> None:
        run([sys.executable, "scripts/load_raw.py", "--target", target, "--raw-dir", str(directory)],
            env, f"load {directory} into {target}")

    later = LATER_FILES.get(dataset)
    if later is None:
        load(raw_dir(dataset))
        dbt_build(target, dataset, env, work)
        return
    history = work.parent / f"{work.name}-raw"
    shutil.copytree(raw_dir(dataset), history, copy_function=shutil.copy2)
    (history / later).unlink()
    load(history)
    dbt_build(target, dataset, env, work / "history", data_tests=False, select=HISTORY_SELECTION[target])
    shutil.copy2(raw_dir(dataset) / later, history / later)
    load(history)
    dbt_build(target, dataset, env, work / "increment")
    [compiled] = (work / "increment" / "target" / "compiled").rglob("base_loyalty__orders_parsed.sql")
    INCREMENTAL_READS[target] = compiled.read_text()
    [compiled] = (work / "increment" / "target" / "compiled").rglob("base_loyalty__order_items.sql")
    INCREMENTAL_CHECKS[target] = compiled.read_text()
    [compiled] = (work / "increment" / "target" / "compiled").rglob("int_customers_categories_by_month.sql")
    INCREMENTAL_PURCHASES[target] = compiled.read_text()
    [compiled] = (work / "increment" / "target" / "compiled").rglob("customer_tier_history.sql")
    INCREMENTAL_TIERS[target] = compiled.read_text()
