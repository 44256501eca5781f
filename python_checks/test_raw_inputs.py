"""How raw inputs are read (docs/metrics.md sections 1 and 2): a source may
be a folder of files read in the lexical order of their names, a row with
more fields than its header is rejected as `malformed_row`, and an
ambiguous input (two candidate files, a folder mixing formats, a header
naming a column twice) stops the build with a message that names it."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import pytest
from differential import differences
from reference import Warehouse as Reference
from reference import read_raw_dir

from conftest import FIXTURES, BuildFailed, dbt_build

TODAY = dt.datetime.now(dt.timezone.utc).date()
HEADER = "order_id,customer_id,ordered_at,status,amount\n"


@pytest.fixture(scope="module")
def daily_raw(tmp_path_factory) -> pathlib.Path:
    """The retention fixture with orders as one file per day-ish: o1-o3 in the
    first file, o4-o7 in the second, then a third file holding a second copy
    of o1 (a duplicate arriving later: the first copy is kept) and a row with
    a sixth field (malformed)."""
    raw = tmp_path_factory.mktemp("daily") / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    rows = (raw / "orders.csv").read_text().splitlines(keepends=True)[1:]
    (raw / "orders.csv").unlink()
    (raw / "orders").mkdir()
    # Names sort in time; "10" after "09" only because they are zero-padded.
    (raw / "orders" / "2025-01-09.csv").write_text(HEADER + "".join(rows[:3]))
    (raw / "orders" / "2025-01-10.csv").write_text(HEADER + "".join(rows[3:]))
    (raw / "orders" / "2025-01-11.csv").write_text(
        HEADER + "o1,a,2025-03-05T10:00:00Z,completed,5.00\n" + "x9,a,2025-03-05T10:00:00Z,completed,5.00,oops\n")
    return raw


def test_a_folder_source_gives_the_reference_marts(build_warehouse, daily_raw):
    warehouse = build_warehouse(daily_raw)
    problems = differences(warehouse, Reference(read_raw_dir(daily_raw), TODAY))
    assert not problems, "\n".join(problems[:30])


def test_files_in_name_order_first_copy_kept_malformed_rejected(build_warehouse, daily_raw):
    warehouse = build_warehouse(daily_raw)
    assert warehouse.rows("select order_id, amount from staging.stg_loyalty__orders where order_id = 'o1'") == [
        ("o1", 100)]
    assert warehouse.rows("select row_key, reason from marts.rejected_rows where source = 'orders' order by 1") == [
        ("o1", "duplicate_key: order_id"), ("x9", "malformed_row")]
    assert warehouse.rows("select raw_rows, staged_rows, rejected_rows from marts.source_reconciliation "
                          "where source = 'orders'") == [(9, 7, 2)]


def test_glob_characters_in_raw_dir_are_literal(build_warehouse, tmp_path):
    # raw_dir "export[1]" must read itself, not its sibling "export1" (a glob class would match it).
    raw = tmp_path / "export[1]"
    shutil.copytree(FIXTURES / "retention", raw)
    shutil.copytree(FIXTURES / "bad_rows", tmp_path / "export1")
    warehouse = build_warehouse(raw)
    problems = differences(warehouse, Reference(read_raw_dir(raw), TODAY))
    assert not problems, "\n".join(problems[:30])


def ambiguous(tmp_path: pathlib.Path, change) -> str:
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    change(raw)
    with pytest.raises(BuildFailed) as failure:
        dbt_build(raw, tmp_path / "w.duckdb", select=["base_loyalty__orders"])
    return str(failure.value)


def test_two_candidate_files_are_an_error_naming_both(tmp_path):
    message = ambiguous(tmp_path, lambda raw: shutil.copy(raw / "orders.csv", raw / "orders.csv.gz"))
    assert "Ambiguous input for source 'orders'" in message
    assert "orders.csv," in message and "orders.csv.gz" in message


def test_a_file_next_to_a_folder_is_an_error(tmp_path):
    def change(raw):
        (raw / "orders").mkdir()
        shutil.copy(raw / "orders.csv", raw / "orders" / "day1.csv")
    assert "Ambiguous input for source 'orders'" in ambiguous(tmp_path, change)


def test_a_folder_mixing_csv_and_parquet_is_an_error(tmp_path):
    def change(raw):
        import duckdb
        (raw / "orders").mkdir()
        shutil.move(raw / "orders.csv", raw / "orders" / "day1.csv")
        duckdb.sql(f"copy (select * from read_csv('{raw / 'orders' / 'day1.csv'}', all_varchar = true)) "
                   f"to '{raw / 'orders' / 'day2.parquet'}' (format parquet)")
    assert "mixes CSV and Parquet files" in ambiguous(tmp_path, change)


def test_a_header_naming_a_column_twice_is_an_error(tmp_path):
    def change(raw):
        lines = (raw / "orders.csv").read_text().splitlines()
        lines = [lines[0] + ",amount"] + [line + ",1" for line in lines[1:]]
        (raw / "orders.csv").write_text("\n".join(lines) + "\n")
    assert "names the column 'amount' twice in its header" in ambiguous(tmp_path, change)


def test_a_zero_byte_file_is_an_error_naming_it(tmp_path):
    message = ambiguous(tmp_path, lambda raw: (raw / "orders.csv").write_text(""))
    assert "orders.csv' for source 'orders' is empty (0 bytes)" in message


def test_a_header_only_orders_file_is_an_error_naming_the_source(tmp_path):
    message = ambiguous(tmp_path, lambda raw: (raw / "orders.csv").write_text(HEADER))
    assert "Source 'orders' has no data rows" in message and "orders.csv holds a header only" in message


def test_header_only_customers_stop_the_build_before_every_row_is_rejected(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    (raw / "customers.csv").write_text((raw / "customers.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(BuildFailed) as failure:
        dbt_build(raw, tmp_path / "w.duckdb", select=["+stg_loyalty__orders"])
    assert "Source 'customers' has no data rows" in str(failure.value)


def test_header_only_optional_and_survey_sources_build(build_warehouse, tmp_path):
    # The retention fixture's survey_responses.csv holds a header only; empty the ledger too.
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    assert len((raw / "survey_responses.csv").read_text().splitlines()) == 1
    (raw / "points_ledger.csv").write_text((raw / "points_ledger.csv").read_text().splitlines()[0] + "\n")
    warehouse = build_warehouse(raw)
    assert warehouse.scalar("select coalesce(sum(responses), 0) from marts.nps_by_period") == 0
    assert warehouse.scalar("select sum(points_issued) from marts.points_by_month") in (0, None)
    assert warehouse.scalar("select count(*) from marts.retention_by_period") > 0


def test_a_bad_loyalty_tiers_file_names_the_file_row_and_column(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    (raw / "loyalty_tiers.csv").write_text("tier_name,tier_rank,min_qualifying_spend,points_per_currency_unit\n"
                                           "bronze,1,0,1.00\nsilver,2,abc,1.25\ngold,2.5,1500,1.50\n"
                                           "silver,4,5000,2\n")
    with pytest.raises(BuildFailed) as failure:
        dbt_build(raw, tmp_path / "w.duckdb", select=["stg_loyalty__loyalty_tiers"])
    message = str(failure.value)
    assert f"Invalid loyalty_tiers configuration in {raw / 'loyalty_tiers.csv'}:" in message
    assert "tier 'gold': column tier_rank: '2.5' is not a whole number >= 1" in message
    assert "tier 'silver': column tier_name: 'silver' is not unique" in message
