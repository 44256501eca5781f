"""Load a RAW_DIR of CSV / Parquet exports into warehouse tables.

DuckDB reads the files in place (the `raw_source` macro). On PostgreSQL and
Apache Spark the files are first loaded into a raw schema, and dbt runs with
the `raw_schema` var pointing at it:

    python scripts/load_raw.py --target postgres --raw-dir data/demo --schema raw
    dbt build --target postgres --vars '{raw_schema: raw}'

The files are parsed by DuckDB with exactly the reader options of the DuckDB
path (every column as text, short lines padded with nulls), so every engine
sees the same raw values. Each table gains `_loyalty_row_number`, the row's
1-based position in its file, which staging uses as the "first in the
source's order" tie-break for duplicate keys (docs/metrics.md section 2, check 5).

Bulk paths only: PostgreSQL gets one COPY per table, Spark one Parquet read
per table; no Python loop touches the rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import duckdb

SOURCES = (
    "customers",
    "orders",
    "order_items",
    "products",
    "subscriptions",
    "survey_responses",
    "loyalty_members",
    "points_ledger",
    "game_plays",
    "loyalty_tiers",
    "loyalty_programs",
)
ROW_NUMBER = "_loyalty_row_number"


def find_file(raw_dir: Path, source: str) -> Path | None:
    for suffix in (".parquet", ".csv", ".csv.gz"):
        path = raw_dir / f"{source}{suffix}"
        if path.exists():
            return path
    return None


def reader(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}')"
    return (
        f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', "
        "quote = '\"', escape = '\"', null_padding = true, parallel = false)"
    )


def present(raw_dir: Path):
    """(source, file) for every source with a file in raw_dir, and (source, None) for the others."""
    for source in SOURCES:
        yield source, find_file(raw_dir, source)


def normalise(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """Register view `raw_rows` over the file, every column as text plus row number."""
    if path.stat().st_size == 0:
        raise SystemExit(f"{path}: empty file; write the header line for an empty source")
    con.execute(f"create or replace temp view file_rows as select * from {reader(path)}")
    columns = [row[0].lower() for row in con.execute("describe file_rows").fetchall()]
    selected = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in columns)
    con.execute(
        "create or replace temp table raw_rows as "
        f"select {selected}, cast(row_number() over () as bigint) as {ROW_NUMBER} from file_rows"
    )
    return columns


def load_postgres(raw_dir: Path, schema: str) -> None:
    import psycopg2

    pg = psycopg2.connect(
        host=os.environ.get("LOYALTY_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("LOYALTY_PG_PORT", "5432")),
        user=os.environ.get("LOYALTY_PG_USER", "postgres"),
        password=os.environ.get("LOYALTY_PG_PASSWORD", ""),
        dbname=os.environ.get("LOYALTY_PG_DBNAME", "loyalty"),
    )
    con = duckdb.connect()
    with pg, pg.cursor() as cur, tempfile.TemporaryDirectory() as tmp:
        cur.execute(f'create schema if not exists "{schema}"')
        for source, path in present(raw_dir):
            cur.execute(f'drop table if exists "{schema}"."{source}"')
            if path is None:
                continue
            columns = normalise(con, path)
            out = Path(tmp) / f"{source}.csv"
            con.execute(f"copy raw_rows to '{out}' (header false, quote '\"', force_quote *)")
            ddl = ", ".join(f'"{c}" text' for c in columns)
            cur.execute(f'create table "{schema}"."{source}" ({ddl}, {ROW_NUMBER} bigint)')
            with out.open() as handle:
                cur.copy_expert(f'copy "{schema}"."{source}" from stdin with (format csv)', handle)
            print(f"loaded {schema}.{source} from {path.name}")
    pg.close()


def load_spark(raw_dir: Path, schema: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from spark_session import spark_session

    spark = spark_session()
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as tmp:
        spark.sql(f"create database if not exists {schema}")
        for source, path in present(raw_dir):
            spark.sql(f"drop table if exists {schema}.{source}")
            if path is None:
                continue
            normalise(con, path)
            out = Path(tmp) / f"{source}.parquet"
            con.execute(f"copy raw_rows to '{out}' (format parquet)")
            spark.read.parquet(str(out)).write.format("parquet").saveAsTable(f"{schema}.{source}")
            print(f"loaded {schema}.{source} from {path.name}")
    spark.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["postgres", "spark"], required=True)
    parser.add_argument("--raw-dir", type=Path, required=True)
    parser.add_argument("--schema", default="raw")
    args = parser.parse_args()
    raw_dir = args.raw_dir.resolve()
    if not raw_dir.is_dir():
        raise SystemExit(f"{raw_dir}: not a directory")
    if args.target == "postgres":
        load_postgres(raw_dir, args.schema)
    else:
        load_spark(raw_dir, args.schema)


if __name__ == "__main__":
    main()
