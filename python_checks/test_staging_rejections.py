"""Metric-spec section 2 on the bad_rows fixture: every bad row of every kind
is rejected once with the reason worked out by hand, and nothing is lost."""

from __future__ import annotations

import csv
import json
import datetime as dt
import decimal
import pathlib
import shutil

import duckdb
import pytest

from conftest import EXPECTED, FIXTURES, BuildFailed, dbt_build

SOURCES = ["customers", "products", "orders", "order_items", "subscriptions",
           "survey_responses", "loyalty_members", "points_ledger"]


def csv_data_rows(path: pathlib.Path) -> int:
    with path.open(newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_rejected_rows_match_hand_computed_reasons(bad_rows_warehouse):
    got = sorted(bad_rows_warehouse.rows(
        "select source, coalesce(row_key, ''), reason from marts.rejected_rows"))
    with (EXPECTED / "bad_rows__rejected_rows.csv").open(newline="") as handle:
        expected = sorted(tuple(row) for row in list(csv.reader(handle))[1:])
    assert got == expected


@pytest.mark.parametrize("source", SOURCES)
def test_raw_rows_equal_staged_plus_rejected(bad_rows_warehouse, source):
    raw = csv_data_rows(FIXTURES / "bad_rows" / f"{source}.csv")
    staged = bad_rows_warehouse.scalar(f"select count(*) from staging.stg_loyalty__{source}")
    rejected = bad_rows_warehouse.scalar(
        f"select count(*) from marts.rejected_rows where source = '{source}'")
    assert raw == staged + rejected
    assert bad_rows_warehouse.rows(
        "select raw_rows, staged_rows, rejected_rows, is_reconciled from marts.source_reconciliation "
        f"where source = '{source}'") == [(raw, staged, rejected, True)]


def test_each_rejected_row_keeps_its_raw_text(bad_rows_warehouse):
    rows = bad_rows_warehouse.rows(
        "select raw_row from marts.rejected_rows where source = 'orders' and row_key = 'O4'")
    assert rows == [('{"order_id":"O4","customer_id":"C2","ordered_at":"2024-03-02",'
                     '"status":"completed","amount":"12,5"}',)]


def test_raw_row_is_valid_json_even_with_quotes_backslashes_and_newlines(bad_rows_warehouse):
    raw_rows = [row[0] for row in bad_rows_warehouse.rows("select raw_row from marts.rejected_rows")]
    parsed = [json.loads(text) for text in raw_rows]
    assert {"product_id": "P4", "product_name": 'Mug "deluxe" \\ big\n2nd line', "category": None} in parsed


def test_staged_values_are_trimmed_parsed_and_converted_to_utc(bad_rows_warehouse):
    customers = dict(bad_rows_warehouse.rows(
        "select customer_id, signup_at from staging.stg_loyalty__customers"))
    # " C2 " is trimmed; -02:00 is converted to UTC and moves C3 to the next day.
    assert customers == {
        "C1": dt.datetime(2024, 1, 1),
        "C2": dt.datetime(2024, 1, 2, 10),
        "C3": dt.datetime(2024, 1, 4, 1, 30),
        "C8": dt.datetime(2024, 1, 8, 10),
    }
    orders = {row[0]: row[1:] for row in bad_rows_warehouse.rows(
        "select order_id, status, amount, is_completed from staging.stg_loyalty__orders")}
    D = decimal.Decimal
    assert orders == {
        "O1": ("completed", D("10.00"), True),   # the first O1 in file order wins
        "O2": ("refunded", D("12.35"), False),   # " Refunded " and 12.345 rounded half up
        "O3": ("completed", D("1000.00"), True),  # 1e3
        "O13": ("completed", D("0.00"), True),   # -0.004 rounds to 0.00, not negative
    }


def test_dedupe_keeps_first_row_that_passes_checks(bad_rows_warehouse):
    # (O3, P2) has three rows: 2.5 (invalid), -5 price (domain), then 1e0 at 500: the valid one is staged.
    assert bad_rows_warehouse.rows(
        "select quantity, unit_price from staging.stg_loyalty__order_items "
        "where order_id = 'O3' and product_id = 'P2'") == [(1, decimal.Decimal("500.00"))]
    assert bad_rows_warehouse.rows(
        "select country, acquisition_channel from staging.stg_loyalty__customers where customer_id = 'C1'"
    ) == [("NL", "search")]


def test_optional_sources_keep_legal_nulls_and_scheduled_ends(bad_rows_warehouse):
    assert bad_rows_warehouse.rows(
        "select subscription_id, ended_date from staging.stg_loyalty__subscriptions order by 1") == [
        ("S1", dt.date(2024, 3, 1)), ("S2", None), ("S4", dt.date(2999, 1, 1))]
    assert bad_rows_warehouse.rows(
        "select response_id, customer_id, survey_type, touchpoint from staging.stg_loyalty__survey_responses "
        "where response_id = 'R2'") == [("R2", None, "nps", None)]
    assert bad_rows_warehouse.rows(
        "select entry_id, entry_type, points from staging.stg_loyalty__points_ledger order by 1") == [
        ("E1", "earn", 10), ("E12", "adjust", 0), ("E2", "redeem", -5), ("E3", "expire", -1),
        ("E4", "adjust", -2)]


def test_parquet_raw_dir_gives_the_same_rejections(build_warehouse, bad_rows_warehouse, tmp_path):
    con = duckdb.connect()
    for source in SOURCES:
        csv_path = (FIXTURES / "bad_rows" / f"{source}.csv").as_posix()
        con.execute(f"copy (select * from read_csv('{csv_path}', all_varchar = true, header = true)) "
                    f"to '{(tmp_path / source).as_posix()}.parquet' (format parquet)")
    con.close()
    parquet = build_warehouse(tmp_path)
    query = "select source, row_key, reason from marts.rejected_rows order by all"
    assert parquet.rows(query) == bad_rows_warehouse.rows(query)


def test_a_typed_parquet_column_is_kept_as_its_own_text(build_warehouse, tmp_path):
    """A user's Parquet file may type a column: amount as DOUBLE. A rejected
    row's raw_row shows the value as that column's text (6.5), not as the
    parsed money's text (6.50), although the two are equal as numbers."""
    for source in SOURCES:
        if source != "orders":
            shutil.copy(FIXTURES / "bad_rows" / f"{source}.csv", tmp_path)
    con = duckdb.connect()
    con.execute(f"create table orders as select * from read_csv('{(FIXTURES / 'bad_rows' / 'orders.csv').as_posix()}',"
                " all_varchar = true, header = true)")
    con.execute(
        "copy (select order_id, customer_id, ordered_at, status, try_cast(amount as double) as amount from orders"
        " union all select 'OTYPED', 'NO-SUCH-CUSTOMER', '2024-01-10T10:00:00Z', 'completed', 6.5"
        f") to '{(tmp_path / 'orders.parquet').as_posix()}' (format parquet)")
    con.close()
    warehouse = build_warehouse(tmp_path)
    assert warehouse.rows("select reason, raw_row from marts.rejected_rows where row_key = 'OTYPED'") == [
        ("unknown_reference: customer_id",
         '{"order_id":"OTYPED","customer_id":"NO-SUCH-CUSTOMER","ordered_at":"2024-01-10T10:00:00Z",'
         '"status":"completed","amount":"6.5"}')]


def test_missing_optional_sources_read_as_empty(build_warehouse, tmp_path):
    for source in ["customers", "products", "orders", "order_items", "survey_responses"]:
        shutil.copy(FIXTURES / "bad_rows" / f"{source}.csv", tmp_path)
    warehouse = build_warehouse(tmp_path)
    assert warehouse.rows(
        "select source, raw_rows from marts.source_reconciliation "
        "where source in ('subscriptions', 'loyalty_members', 'points_ledger') order by 1") == [
        ("loyalty_members", 0), ("points_ledger", 0), ("subscriptions", 0)]


def test_missing_required_column_stops_the_build_with_a_clear_message(tmp_path):
    for source in SOURCES:
        shutil.copy(FIXTURES / "bad_rows" / f"{source}.csv", tmp_path)
    lines = (tmp_path / "orders.csv").read_text().splitlines()
    (tmp_path / "orders.csv").write_text(
        "\n".join(",".join(line.split(",")[:4]) for line in lines) + "\n")
    with pytest.raises(BuildFailed, match=r"lacks required column\(s\): amount"):
        dbt_build(tmp_path, tmp_path / "w.duckdb", select=["base_loyalty__orders_parsed"])


def test_ragged_csv_lines_are_padded_or_rejected_never_fatal(build_warehouse, tmp_path):
    for source in SOURCES:
        shutil.copy(FIXTURES / "retention" / f"{source}.csv", tmp_path)
    (tmp_path / "customers.csv").write_text(
        "customer_id,signup_at,country,acquisition_channel\n"
        "a,2024-12-01,NL,search\n"
        "\n"                          # blank line: skipped
        "b,2024-12-01\n"              # short line: nullable columns padded with nulls, staged
        "c,2024-12-01,DE,,extra\n"    # a value beyond the header: malformed_row (check 1)
        "d\n"                         # short line missing signup_at: rejected
        "e,2024-12-01,FR,search\n")
    warehouse = build_warehouse(tmp_path)
    assert warehouse.rows("select customer_id, country from staging.stg_loyalty__customers order by 1") == [
        ("a", "NL"), ("b", None), ("e", "FR")]
    assert warehouse.rows("select source, row_key, reason from marts.rejected_rows where source = 'customers' "
                          "order by 2") == [("customers", "c", "malformed_row"),
                                            ("customers", "d", "missing_value: signup_at")]


def test_placeholder_dates_before_1900_are_out_of_domain(build_warehouse, tmp_path):
    # docs/metrics.md section 2, check 2: a date before 1900-01-01 is a placeholder.
    for source in SOURCES:
        shutil.copy(FIXTURES / "retention" / f"{source}.csv", tmp_path)
    with (tmp_path / "customers.csv").open("a") as customers:
        customers.write("z1,0001-01-01,NL,search\n"        # the classic placeholder: rejected
                        "z2,1900-01-01T00:00:00Z,NL,search\n")  # the first allowed day: staged
    with (tmp_path / "orders.csv").open("a") as orders:
        orders.write("zo1,a,1899-12-31T23:59:59Z,completed,5.00\n"   # one second before the floor
                     "zo2,a,1900-01-01T00:30:00+01:00,completed,5.00\n"  # 1899-12-31 23:30 UTC
                     "zo3,a,1850-01-01,bogus,5.00\n")  # unknown status comes first within check 2
    with (tmp_path / "subscriptions.csv").open("a") as subscriptions:
        subscriptions.write("zs1,a,basic,2025-01-01,0001-01-01,10.00\n")  # a placeholder end date
    warehouse = build_warehouse(tmp_path)
    assert warehouse.rows("""
        select source, row_key, reason from marts.rejected_rows
        where row_key like 'z%' order by source, row_key""") == [
        ("customers", "z1", "out_of_domain: signup_at"),
        ("orders", "zo1", "out_of_domain: ordered_at"),
        ("orders", "zo2", "out_of_domain: ordered_at"),
        ("orders", "zo3", "out_of_domain: status"),
        ("subscriptions", "zs1", "out_of_domain: ended_at"),
    ]
    assert warehouse.rows("select customer_id from staging.stg_loyalty__customers where customer_id = 'z2'") == [
        ("z2",)]
