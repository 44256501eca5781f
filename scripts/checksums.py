"""Row count and an order-independent checksum of every mart (and, with
--all, every staging and intermediate table) of a built DuckDB warehouse.

    python scripts/checksums.py warehouse/loyalty.duckdb                 # print them
    python scripts/checksums.py a.duckdb --compare b.duckdb              # exit 1 when they differ
    python scripts/checksums.py a.duckdb --json sums.json                # write them

Two builds of the same data must give the same checksums whatever the
thread count; the scale check (`make scale-check`) and the before/after
comparison of a refactoring rely on it.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

import duckdb

SCHEMAS = {"marts": ("marts",), "all": ("staging", "intermediate", "marts")}
# Columns that say when a row was read, checked, computed or logged (the
# start of that dbt run), not what it holds: left out, so that two builds of
# the same data compare equal.
RUN_COLUMNS = ("parsed_at", "checked_at", "computed_at", "logged_at")


def checksums(warehouse: pathlib.Path, schemas: tuple[str, ...] = SCHEMAS["marts"]) -> dict[str, list]:
    """{schema.table: [rows, checksum]} of a warehouse file, opened read-only."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection_checksums(con, schemas)
    finally:
        con.close()


def connection_checksums(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = SCHEMAS["marts"]) -> dict[str, list]:
    """{schema.table: [rows, checksum]}: the checksum is the sum of a hash of each
    row's text (without RUN_COLUMNS), so it does not depend on row order."""
    placeholders = ", ".join("?" for _ in schemas)
    tables = con.execute(
        f"""select table_schema, table_name from information_schema.tables
        where table_schema in ({placeholders}) and table_type = 'BASE TABLE' order by 1, 2""",
        list(schemas)).fetchall()
    result = {}
    for schema, name in tables:
        rows, checksum = con.execute(
            f'select count(*), coalesce(sum(hash(t::varchar)), 0) from (select {content_columns(con, schema, name)} '
            f'from "{schema}"."{name}") as t'
        ).fetchall()[0]
        result[f"{schema}.{name}"] = [int(rows), str(checksum)]
    return result


def content_columns(con: duckdb.DuckDBPyConnection, schema: str, name: str,
                    left_out: tuple[str, ...] = RUN_COLUMNS) -> str:
    """The select list of a table's columns but those of left_out it has:
    `*`, or `* exclude (...)`."""
    present = [column for (column,) in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
        [schema, name]).fetchall() if column in left_out]
    return f"* exclude ({', '.join(present)})" if present else "*"


def differences(first: dict[str, list], second: dict[str, list]) -> list[str]:
    lines = []
    for table in sorted(set(first) | set(second)):
        if first.get(table) != second.get(table):
            lines.append(f"{table}: {first.get(table)} != {second.get(table)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse", type=pathlib.Path)
    parser.add_argument("--compare", type=pathlib.Path, help="a second warehouse that must match")
    parser.add_argument("--all", action="store_true", help="staging and intermediate tables too")
    parser.add_argument("--json", type=pathlib.Path, help="write the checksums to this file")
    args = parser.parse_args(argv)
    schemas = SCHEMAS["all" if args.all else "marts"]
    sums = checksums(args.warehouse, schemas)
    if args.json:
        args.json.write_text(json.dumps(sums, indent=2, sort_keys=True) + "\n")
    if args.compare is None:
        for table, (rows, checksum) in sums.items():
            print(f"{table:<45}{rows:>12,}  {checksum}")
        return 0
    diff = differences(sums, checksums(args.compare, schemas))
    for line in diff:
        print(line)
    print(f"{len(sums)} tables compared, {len(diff)} differ")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
