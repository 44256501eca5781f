"""Load a RAW_DIR of CSV / Parquet exports into warehouse tables.

DuckDB reads the files in place (the `raw_source` macro). On PostgreSQL and
Apache Spark the files are first loaded into a raw schema, and dbt runs with
the `raw_schema` var pointing at it:

    python scripts/load_raw.py --target postgres --raw-dir data/demo --schema raw
    dbt build --target postgres --vars '{raw_schema: raw}'

The files are parsed by DuckDB with exactly the reader options of the DuckDB
path (every column as text, short lines padded with nulls), so every engine
sees the same raw values. Each table gains `_loyalty_row_number`, the row's
1-based position in its file plus the file's index times 10^12, which staging
uses as the "first in the source's order" tie-break for duplicate keys
(docs/metrics.md section 2, check 5), and `_loyalty_source_file`, the file's
name, size and modification time: an incremental dbt run adds the rows
numbered after the last it read, and reads a source again when a file it
read has changed (docs/decisions.md, "Daily runs").

Bulk paths only: PostgreSQL gets one COPY per table, Spark one Parquet read
per table; no Python loop touches the rows.
"""

from __future__ import annotations

import argparse
import os
import re
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
SOURCE_FILE = "_loyalty_source_file"


SUFFIXES = (".parquet", ".csv", ".csv.gz")
MALFORMED = "_loyalty_malformed"


def find_files(raw_dir: Path, source: str) -> list[Path]:
    """The files of a source, as the DuckDB build reads them (macros/staging/raw_source.sql):
    one `<source>.<suffix>` file, or the files of a folder `<source>/` in name order. Two
    candidates, or a folder mixing CSV and Parquet, stop the load with a message naming them."""
    singles = [raw_dir / f"{source}{suffix}" for suffix in SUFFIXES if (raw_dir / f"{source}{suffix}").is_file()]
    folder = raw_dir / source
    files = sorted(f for f in folder.iterdir() if f.name.endswith(SUFFIXES)) if folder.is_dir() else []
    candidates = [str(f) for f in singles] + ([f"{folder}/"] if files else [])
    if len(candidates) > 1:
        raise SystemExit(f"Ambiguous input for source '{source}': {', '.join(candidates)}. "
                         "Keep exactly one file or folder per source.")
    if files and len({f.suffix == ".parquet" for f in files}) > 1:
        raise SystemExit(f"Folder '{folder}/' mixes CSV and Parquet files; keep one format per source.")
    return singles or files


def reader(path: Path) -> str:
    # DuckDB readers take glob patterns: bracket [, * and ? so the path matches only itself.
    quoted = "".join(f"[{c}]" if c in "[*?" else c for c in str(path)).replace("'", "''")
    if path.suffix == ".parquet":
        return f"read_parquet('{quoted}', file_row_number = true)"
    return (
        f"read_csv('{quoted}', header = true, all_varchar = true, delim = ',', "
        "quote = '\"', escape = '\"', null_padding = true, parallel = false)"
    )


def present(raw_dir: Path):
    """(source, files) for every source; an empty list for a source without files."""
    for source in SOURCES:
        yield source, find_files(raw_dir, source)


def signature(raw_dir: Path, path: Path) -> str:
    """What a loaded row remembers of its file, to notice the file changing."""
    stat = path.stat()
    return f"{path.relative_to(raw_dir)} ({stat.st_size} bytes, modified {stat.st_mtime_ns})"


def normalise(con: duckdb.DuckDBPyConnection, raw_dir: Path, paths: list[Path]) -> list[str]:
    """Table `raw_rows` over the files, every column as text, plus the row's position (file by file in
    name order, then row by row: the file's index in the high digits) and whether it holds a value
    beyond its header (DuckDB names such fields column<N>), exactly as the DuckDB build numbers them."""
    reads = []
    for index, path in enumerate(paths):
        if path.stat().st_size == 0:
            raise SystemExit(f"{path}: empty file; write the header line for an empty source")
        con.execute(f"create or replace temp view file_rows as select * from {reader(path)}")
        names = [row[0].lower() for row in con.execute("describe file_rows").fetchall()]
        names = [n for n in names if n != "file_row_number"]
        # Parquet: the row's position in its file; CSV: the single-threaded scan's order.
        position = "file_row_number + 1" if path.suffix == ".parquet" else "row_number() over ()"
        extra = [n for n in names if re.fullmatch(r"column[0-9]+", n)]
        malformed = " or ".join(f'"{n}" is not null' for n in extra) or "false"
        kept = ", ".join(f'cast("{n}" as varchar) as "{n}"' for n in names if n not in extra)
        source_file = signature(raw_dir, path).replace("'", "''")
        reads.append(f"select {kept}, cast({index} * 1000000000000 + {position} as bigint) "
                     f"as {ROW_NUMBER}, {malformed} as {MALFORMED}, '{source_file}' as {SOURCE_FILE} "
                     f"from {reader(path)}")
    con.execute("create or replace temp table raw_rows as " + " union all by name ".join(reads))
    return [row[0] for row in con.execute("describe raw_rows").fetchall()
            if row[0] not in (ROW_NUMBER, MALFORMED, SOURCE_FILE)]


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
            if not path:
                continue
            columns = normalise(con, raw_dir, path)
            out = Path(tmp) / f"{source}.csv"
            con.execute(f"copy raw_rows to '{out}' (header false, quote '\"', force_quote *)")
            ddl = ", ".join(f'"{c}" text' for c in columns)
            cur.execute(f'create table "{schema}"."{source}" ({ddl}, {ROW_NUMBER} bigint, {MALFORMED} boolean, '
                        f'{SOURCE_FILE} text)')
            with out.open() as handle:
                cur.copy_expert(f'copy "{schema}"."{source}" from stdin with (format csv)', handle)
            print(f"loaded {schema}.{source} from {', '.join(p.name for p in path)}")
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
            if not path:
                continue
            normalise(con, raw_dir, path)
            out = Path(tmp) / f"{source}.parquet"
            con.execute(f"copy raw_rows to '{out}' (format parquet)")
            spark.read.parquet(str(out)).write.format("parquet").saveAsTable(f"{schema}.{source}")
            print(f"loaded {schema}.{source} from {', '.join(p.name for p in path)}")
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
