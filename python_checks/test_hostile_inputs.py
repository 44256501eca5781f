"""Hostile raw inputs get a clear answer, never a silent choice (issue:
nothing half-built, nothing silently wrong). Each kind has its test here or
in the file named:

- ambiguous inputs (two candidate files, a file next to a folder, a folder
  mixing CSV and Parquet, a header naming a column twice): an error naming them;
- glob characters in raw_dir read literally;
- a 0-byte file, a header-only required source: an error naming them; a
  header-only optional source (and survey_responses) builds;
- a bad loyalty_tiers file: an error naming the file, the tier and the
  column (loyalty_programs: test_loyalty_programs.py);
- a row with more fields than its header: rejected as malformed_row
  (test_raw_inputs.py, test_staging_rejections.py);
- a failed build, a build killed by SIGTERM at a random node, and SIGKILL
  to the caller: the published warehouse unchanged (test_publish.py);
- vars that are not finite or out of range (test_vars_validation.py);
- one 10^15 order in the lifetime-value fit (test_ltv_model.py);
- the same data built three times with 8 threads: every table identical,
  customer_ltv included (test_determinism.py).
"""

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
        dbt_build(raw, tmp_path / "w.duckdb", select=["base_loyalty__orders_parsed"])
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
