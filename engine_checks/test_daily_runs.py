"""Daily runs on PostgreSQL and Spark: the text_order fixture's orders come
as two monthly files. Loaded and built with the first month only, then
loaded again with both and built incrementally (the parsed models append
the rows numbered after the last they read), every mart must equal DuckDB's
full build of both files. The second file repeats order o1: a duplicate
arriving a month after its first copy, which stays the staged one.

The lifetime-value domain is off in these builds: it reads the staged rows
like every other mart, and its fit would double Spark's build time. Data
tests run in PostgreSQL's incremental build only (on Spark each is a query
of its own, minutes in all; the full builds of engine_checks run them there).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sys

import pytest
from conftest import BIN, DATASETS, MARTS, ROOT, raw_dir, read_duckdb, read_postgres, read_spark, run
from test_same_numbers import comparable, same

DATASET = "text_order"
LATER_FILE = pathlib.Path("orders") / "2025-02.csv"
VARS = {**DATASETS[DATASET], "loyalty__using_ltv": False}
COMPARED = [mart for mart in MARTS if mart not in ("customer_ltv", "ltv_by_segment")]


def dbt(target: str, env: dict[str, str], work: pathlib.Path, extra_vars: dict, data_tests: bool = False) -> None:
    run([str(BIN / "dbt"), "build", "--target", target, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
         "--vars", json.dumps({**VARS, **extra_vars}),
         "--exclude", "resource_type:unit_test", *([] if data_tests else ["resource_type:test"])],
        env, f"dbt build --target {target} ({work.name})")


def load(target: str, env: dict[str, str], directory: pathlib.Path) -> None:
    run([sys.executable, "scripts/load_raw.py", "--target", target, "--raw-dir", str(directory)],
        env, f"load {directory.name} into {target}")


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    work = tmp_path_factory.mktemp("daily")
    full = work / "full.duckdb"
    dbt("duckdb", {**os.environ, "LOYALTY_WAREHOUSE": str(full)}, work / "duckdb", {"raw_dir": str(raw_dir(DATASET))})

    history = work / "raw"
    shutil.copytree(raw_dir(DATASET), history, copy_function=shutil.copy2)
    (history / LATER_FILE).unlink()

    import psycopg2

    dbname = "loyalty_daily"
    admin = psycopg2.connect(host=os.environ.get("LOYALTY_PG_HOST", "127.0.0.1"),
                             port=int(os.environ["LOYALTY_PG_PORT"]),
                             user=os.environ.get("LOYALTY_PG_USER", "postgres"), dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"drop database if exists {dbname}")
        cursor.execute(f"create database {dbname}")
    admin.close()
    engines = {
        "postgres": {**os.environ, "LOYALTY_PG_DBNAME": dbname},
        "spark": {**os.environ, "LOYALTY_SPARK_DIR": str(work / "spark"), "SPARK_LOCAL_IP": "127.0.0.1"},
    }
    for step in ("history", "increment"):
        if step == "increment":
            shutil.copy2(raw_dir(DATASET) / LATER_FILE, history / LATER_FILE)
        for target, env in engines.items():
            load(target, env, history)
            dbt(target, env, work / f"{target}-{step}", {"raw_schema": "raw"},
                data_tests=(target, step) == ("postgres", "increment"))
    compiled = {target: (work / f"{target}-increment" / "target" / "compiled").rglob("base_loyalty__orders_parsed.sql")
                for target in engines}
    return {"duckdb": read_duckdb(full, COMPARED), "postgres": read_postgres(dbname, COMPARED),
            "spark": read_spark(work / "spark", COMPARED),
            "compiled": {target: [path.read_text() for path in paths] for target, paths in compiled.items()}}


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_the_incremental_build_reads_only_the_new_rows(daily, engine):
    [compiled] = daily["compiled"][engine]
    assert "_loyalty_row_number > " in compiled


@pytest.mark.parametrize("engine", ["postgres", "spark"])
@pytest.mark.parametrize("mart", COMPARED)
def test_daily_build_matches_the_full_duckdb_build(daily, engine, mart):
    columns, expected = comparable(daily["duckdb"], mart, set())
    other_columns, actual = comparable(daily[engine], mart, set())
    assert other_columns == columns
    assert len(actual) == len(expected), f"{engine} {mart}: {len(actual)} rows, duckdb {len(expected)}"
    for position, (want, got) in enumerate(zip(expected, actual)):
        differing = [f"{column}: duckdb={w!r} {engine}={g!r}" for column, w, g in zip(columns, want, got)
                     if not same(w, g)]
        assert not differing, f"{engine} {mart} row {position}: " + "; ".join(differing)


def test_the_later_duplicate_is_rejected(daily):
    columns, rows = daily["duckdb"].tables["rejected_rows"]
    duplicates = [row for row in rows if row[columns.index("reason")].startswith("duplicate_key")
                  and row[columns.index("source")] == "orders"]
    assert [row[columns.index("row_key")] for row in duplicates] == ["o1"]
