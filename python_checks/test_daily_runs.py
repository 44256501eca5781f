"""Daily runs: the history built once and then one file per day added, each
followed by an incremental `dbt build`, must give the warehouse a full
refresh on all the files gives: every mart, rejected_rows and
source_reconciliation included (docs/decisions.md, "Daily runs").

The demo data's four event sources (orders, order_items, survey_responses,
points_ledger) become folders: a history file and three daily files. The
days carry what daily exports bring:
- day 1: an order that does not parse (rejected, check 1), and an item of an
  order that only arrives on day 2 (unknown on day 1, staged from day 2 on);
- day 2: that order; a late order dated two years back, which changes old
  periods and cohorts; an order id already staged in the history (a
  duplicate arriving later: the history's copy stays staged);
- day 3: a survey answer repeating a day-1 answer's id, a ledger entry, an
  order dated in the future (rejected, check 3), and an item of a history
  order of a category new to its customer's month (only an item row changes
  that customer's purchases).
The customers file, exported whole each day, changes too: from day 2 on it
no longer holds a customer with orders, items, answers and ledger entries
in the history (all of them rejected from then on, check 4), and on day 3
it holds a new customer whose order, item, answer and ledger entry came on
day 1 (rejected until then, staged from day 3 on).

A parsed model reads only the files it has not read; a loaded file that
changed or went, a new file sorting before a loaded one, or a change of the
settings rows were parsed with makes it read the whole source again, and
the base models then check every row again.
"""

from __future__ import annotations

import csv
import functools
import os
import pathlib
import shutil
import sys

import duckdb
import pytest

from conftest import ROOT, BuildFailed, dbt_build

sys.path.insert(0, str(ROOT / "scripts"))
import checksums  # noqa: E402

DEMO = ROOT / "data" / "demo"
EVENT_SOURCES = ["orders", "order_items", "survey_responses", "points_ledger"]
DAY_ROWS = 40
DAYS = ["2026-01-01", "2026-01-02", "2026-01-03"]
HISTORY = "0000-history.csv"


def read(source: str) -> tuple[list[str], list[list[str]]]:
    with open(DEMO / f"{source}.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write(path: pathlib.Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def daily_files() -> dict[str, dict[str, tuple[list[str], list[list[str]]]]]:
    """{source: {file name: (header, rows)}}: the history and three days."""
    files: dict[str, dict[str, tuple[list[str], list[list[str]]]]] = {}
    for source in EVENT_SOURCES:
        header, rows = read(source)
        cut = len(rows) - DAY_ROWS * len(DAYS)
        files[source] = {HISTORY: (header, rows[:cut])}
        for day_index, day in enumerate(DAYS):
            start = cut + day_index * DAY_ROWS
            files[source][f"{day}.csv"] = (header, rows[start:start + DAY_ROWS])

    def add(source: str, day: str, **values: str) -> None:
        header, rows = files[source][f"{day}.csv"]
        rows.append([values.get(column, "") for column in header])

    orders_header, order_rows = read("orders")
    a_customer = order_rows[0][orders_header.index("customer_id")]
    a_history_order = order_rows[1][orders_header.index("order_id")]
    survey_header, survey_rows = files["survey_responses"]["2026-01-01.csv"]
    a_day1_answer = dict(zip(survey_header, survey_rows[0]))
    _, product_rows = read("products")

    add("orders", DAYS[0], order_id="daily-bad", customer_id=a_customer, ordered_at="2025-12-31T09:00:00Z",
        status="completed", amount="twelve")
    add("order_items", DAYS[0], order_id="daily-late-parent", product_id=product_rows[0][0], quantity="2",
        unit_price="5.00")
    add("orders", DAYS[1], order_id="daily-late-parent", customer_id=a_customer,
        ordered_at="2025-12-30T10:00:00Z", status="completed", amount="10.00")
    add("orders", DAYS[1], order_id="daily-late-row", customer_id=a_customer, ordered_at="2024-01-15T08:00:00Z",
        status="completed", amount="42.00")
    add("orders", DAYS[1], order_id=a_history_order, customer_id=a_customer, ordered_at="2025-12-31T10:00:00Z",
        status="completed", amount="99.00")
    add("survey_responses", DAYS[2], **{**a_day1_answer, "score": "3"})
    add("points_ledger", DAYS[2], entry_id="daily-entry", customer_id=a_customer,
        occurred_at="2025-12-31T12:00:00Z", entry_type="adjust", points="5")
    add("orders", DAYS[2], order_id="daily-future", customer_id=a_customer, ordered_at="2999-01-01T00:00:00Z",
        status="completed", amount="1.00")
    order_id, product_id = late_item_of_a_history_order(
        files["orders"][HISTORY][1], files["order_items"][HISTORY][1],
        {a_customer, customer_gone_from_day_2()} | {row[orders_header.index("customer_id")]
                                                   for day in DAYS for row in files["orders"][f"{day}.csv"][1]})
    add("order_items", DAYS[2], order_id=order_id, product_id=product_id, quantity="1", unit_price="3.00")
    add("orders", DAYS[0], order_id="daily-new-customer-order", customer_id=NEW_CUSTOMER,
        ordered_at="2025-12-31T11:00:00Z", status="completed", amount="20.00")
    add("order_items", DAYS[0], order_id="daily-new-customer-order", product_id=product_rows[0][0], quantity="1",
        unit_price="20.00")
    add("survey_responses", DAYS[0], **{**a_day1_answer, "response_id": "daily-new-customer-answer",
                                        "customer_id": NEW_CUSTOMER})
    add("points_ledger", DAYS[0], entry_id="daily-new-customer-entry", customer_id=NEW_CUSTOMER,
        occurred_at="2025-12-31T12:00:00Z", entry_type="adjust", points="7")
    return files


NEW_CUSTOMER = "daily-new-customer"


def late_item_of_a_history_order(order_rows: list[list[str]], item_rows: list[list[str]],
                                 other_customers: set[str]) -> tuple[str, str]:
    """(order_id, product_id): an item, arriving on day 3, of the first
    completed history order that is its customer's only order in its month
    (a customer none of the days' other rows concerns),
    of a product whose category the order's items do not have, so the
    customer's categories of that month grow by one."""
    orders_header, _ = read("orders")
    items_header, _ = read("order_items")
    _, product_rows = read("products")
    # Products held once (the demo data repeats some ids, a rejection test).
    ids = [row[0] for row in product_rows]
    category = {row[0]: row[2] for row in product_rows if ids.count(row[0]) == 1}
    column = {name: orders_header.index(name) for name in orders_header}
    months: dict[tuple[str, str], int] = {}
    for row in order_rows:
        key = (row[column["customer_id"]], row[column["ordered_at"]][:7])
        months[key] = months.get(key, 0) + 1
    categories: dict[str, set[str]] = {}
    for row in item_rows:
        categories.setdefault(row[items_header.index("order_id")], set()).add(
            category.get(row[items_header.index("product_id")]))
    for row in order_rows:
        order_id = row[column["order_id"]]
        if (row[column["status"]] == "completed" and None not in categories.get(order_id, {None})
                and row[column["customer_id"]] not in other_customers
                and months[(row[column["customer_id"]], row[column["ordered_at"]][:7])] == 1):
            return order_id, next(product for product, name in sorted(category.items())
                                  if name not in categories[order_id])
    raise AssertionError("the demo data has no completed order alone in its month")


@functools.cache
def customer_gone_from_day_2() -> str:
    """The first customer with orders, answers and ledger entries in the
    history, other than the one the days' added rows belong to."""
    holders = []
    for source in ("orders", "survey_responses", "points_ledger"):
        header, rows = read(source)
        kept = rows[:len(rows) - DAY_ROWS * len(DAYS)]
        holders.append({row[header.index("customer_id")] for row in kept})
    orders_header, order_rows = read("orders")
    a_customer = order_rows[0][orders_header.index("customer_id")]
    return min(set.intersection(*holders) - {a_customer})


def customers_on(days: list[str]) -> tuple[list[str], list[list[str]]]:
    """The customers file as exported on the last of the given days."""
    header, rows = read("customers")
    if len(days) >= 2:
        gone = customer_gone_from_day_2()
        rows = [row for row in rows if row[0] != gone]
    if len(days) >= 3:
        rows = [*rows, [NEW_CUSTOMER, *rows[0][1:]]]
    return header, rows


def raw_dir_with(path: pathlib.Path, files, days: list[str]) -> pathlib.Path:
    """The demo's other sources as they are, the customers as exported on
    the last of the given days, and the event sources' history plus the
    given days' files (files already there are not touched)."""
    path.mkdir(parents=True, exist_ok=True)
    for source_file in DEMO.glob("*.csv"):
        if source_file.stem not in (*EVENT_SOURCES, "customers") and not (path / source_file.name).exists():
            shutil.copy2(source_file, path / source_file.name)
    write(path / "customers.csv", *customers_on(days))
    for source, by_name in files.items():
        for name, (header, rows) in by_name.items():
            target = path / source / name
            if (name == HISTORY or name[:-4] in days) and not target.exists():
                write(target, header, rows)
    return path


# Left out of the comparison: the times of the runs that read and checked a
# row (checksums.RUN_COLUMNS), and a parsed row's source_file, whose text
# holds the file's modification time.
RUN_COLUMNS = ("source_file", *checksums.RUN_COLUMNS)
# The log of what each build changed, which a full build and a series of
# daily builds write differently by design (checked on its own below).
BUILD_LOGS = ("intermediate.int_customers_purchases_changed", "intermediate.int_customers_subscriptions_changed",
              "intermediate.int_loyalty_members_changed")
SCOPED = {"data_tests_scope": "this_build"}


def tables(warehouse: pathlib.Path) -> dict[str, list[tuple]]:
    """Every table of the warehouse's staging, intermediate and mart schemas,
    sorted, without RUN_COLUMNS."""
    con = duckdb.connect(str(warehouse))
    try:
        names = con.execute("select schema_name, table_name from duckdb_tables() "
                            "where schema_name in ('staging', 'intermediate', 'marts') order by 1, 2").fetchall()
        found = {}
        for schema, name in names:
            if f"{schema}.{name}" in BUILD_LOGS:
                continue
            columns = checksums.content_columns(con, schema, name, RUN_COLUMNS)
            found[f"{schema}.{name}"] = sorted(
                con.execute(f'select {columns} from {schema}."{name}"').fetchall(), key=repr)
        return found
    finally:
        con.close()


@pytest.fixture(scope="module")
def daily_and_full(tmp_path_factory):
    files = daily_files()
    full_dir = raw_dir_with(tmp_path_factory.mktemp("full_raw"), files, DAYS)
    full = tmp_path_factory.mktemp("full") / "loyalty.duckdb"
    dbt_build(full_dir, full)

    daily_dir = raw_dir_with(tmp_path_factory.mktemp("daily_raw"), files, [])
    daily = tmp_path_factory.mktemp("daily") / "loyalty.duckdb"
    dbt_build(daily_dir, daily)
    compiled_reads, compiled_checks = [], []
    for index, day in enumerate(DAYS):
        raw_dir_with(daily_dir, files, DAYS[:index + 1])
        # As make build runs a day: the data tests read the rows the build wrote.
        dbt_build(daily_dir, daily, SCOPED)
        compiled = (daily.parent / "target" / "compiled" / "loyalty" / "models" / "staging" / "base" / "parsed"
                    / "base_loyalty__orders_parsed.sql").read_text()
        compiled_reads.append(compiled)
        compiled_checks.append({
            source: (daily.parent / "target" / "compiled" / "loyalty" / "models" / "staging" / "base"
                     / f"base_loyalty__{source}.sql").read_text() for source in EVENT_SOURCES})
    # And every data test on every row of the last day's warehouse.
    dbt_build(daily_dir, daily, command="test")
    return {"full": full, "daily": daily, "daily_dir": daily_dir,
            "compiled_reads": compiled_reads, "compiled_checks": compiled_checks}


def test_daily_runs_give_the_full_refresh_warehouse(daily_and_full):
    full, daily = tables(daily_and_full["full"]), tables(daily_and_full["daily"])
    assert sorted(full) == sorted(daily)
    for name in ("marts.rejected_rows", "marts.source_reconciliation", "marts.retention_by_period",
                 "marts.cohort_retention", "marts.customer_ltv", "staging.base_loyalty__orders_parsed"):
        assert name in full
    different = [name for name in full if full[name] != daily[name]]
    assert different == []


def test_the_days_bring_what_the_docstring_says(daily_and_full):
    con = duckdb.connect(str(daily_and_full["daily"]))
    try:
        reasons = dict(con.execute(
            "select row_key, reason from marts.rejected_rows where row_key like 'daily-%' "
            "or (source = 'survey_responses' and reason like 'duplicate%')").fetchall())
        staged = {row[0] for row in con.execute(
            "select order_id from staging.stg_loyalty__orders where order_id like 'daily-%'").fetchall()}
        late_item = con.execute(
            "select count(*) from staging.stg_loyalty__order_items where order_id = 'daily-late-parent'").fetchone()[0]
        repeated_orders = con.execute(
            "select count(*) from marts.rejected_rows where source = 'orders' and reason like 'duplicate%'").fetchone()[0]
        gone = customer_gone_from_day_2()
        gone_reasons = con.execute(f"""
            select source, reason, count(*) from marts.rejected_rows
            where row_key in (
                select order_id from staging.base_loyalty__orders where customer_id = '{gone}'
                union all select entry_id from staging.base_loyalty__points_ledger where customer_id = '{gone}'
                union all select response_id from staging.base_loyalty__survey_responses where customer_id = '{gone}'
            ) or row_key in (
                select i.order_id || '|' || i.product_id from staging.base_loyalty__order_items as i
                inner join staging.base_loyalty__orders as o on i.order_id = o.order_id
                where o.customer_id = '{gone}'
            )
            group by 1, 2 order by 1, 2""").fetchall()
        gone_staged = con.execute(f"""
            select (select count(*) from staging.stg_loyalty__orders where customer_id = '{gone}')
                + (select count(*) from staging.stg_loyalty__points_ledger where customer_id = '{gone}')
                + (select count(*) from staging.stg_loyalty__survey_responses where customer_id = '{gone}')""").fetchone()[0]
        new_staged = con.execute(f"""
            select (select count(*) from staging.stg_loyalty__orders where customer_id = '{NEW_CUSTOMER}'),
                (select count(*) from staging.stg_loyalty__order_items where order_id = 'daily-new-customer-order'),
                (select count(*) from staging.stg_loyalty__survey_responses where customer_id = '{NEW_CUSTOMER}'),
                (select count(*) from staging.stg_loyalty__points_ledger where customer_id = '{NEW_CUSTOMER}')""").fetchone()
    finally:
        con.close()
    assert {(source, reason) for source, reason, _ in gone_reasons} >= {
        ("orders", "unknown_reference: customer_id"), ("order_items", "unknown_reference: order_id"),
        ("survey_responses", "unknown_reference: customer_id"), ("points_ledger", "unknown_reference: customer_id")}
    assert gone_staged == 0
    assert new_staged == (1, 1, 1, 1)
    assert reasons["daily-bad"] == "invalid_value: amount"
    assert reasons["daily-future"] == "future_event: ordered_at"
    assert staged == {"daily-late-parent", "daily-late-row", "daily-new-customer-order"}
    assert late_item == 1
    assert repeated_orders >= 1
    assert any(reason.startswith("duplicate_key") for key, reason in reasons.items() if not key.startswith("daily-"))


def test_an_incremental_run_checks_only_the_rows_it_can_change(daily_and_full):
    """Each day's build of the event sources' base models compiled the
    incremental form: a choice of rows to check, not every row."""
    for by_source in daily_and_full["compiled_checks"]:
        for source, compiled in by_source.items():
            assert "rows_to_check" in compiled, source


def test_an_incremental_run_parses_only_the_new_files(daily_and_full):
    for index, compiled in enumerate(daily_and_full["compiled_reads"]):
        assert f"{DAYS[index]}.csv" in compiled
        assert HISTORY not in compiled
        for earlier in DAYS[:index]:
            assert f"{earlier}.csv" not in compiled


def parsed_orders(raw_dir: pathlib.Path, warehouse: pathlib.Path, tmp_path: pathlib.Path, **extra_vars):
    """base_loyalty__orders_parsed after an incremental run on a copy of the
    warehouse, and after a full read of raw_dir into an empty one."""
    copy = tmp_path / "incremental" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copy2(warehouse, copy)
    dbt_build(raw_dir, copy, extra_vars, select=["base_loyalty__orders_parsed"])
    fresh = tmp_path / "full" / "fresh.duckdb"
    fresh.parent.mkdir()
    dbt_build(raw_dir, fresh, extra_vars, select=["base_loyalty__orders_parsed"])
    name = "staging.base_loyalty__orders_parsed"
    return tables(copy)[name], tables(fresh)[name], (copy.parent / "target" / "compiled").rglob("base_loyalty__orders_parsed.sql")


def copy_of_daily_dir(daily_and_full, tmp_path: pathlib.Path) -> pathlib.Path:
    raw_dir = tmp_path / "raw"
    shutil.copytree(daily_and_full["daily_dir"], raw_dir, copy_function=shutil.copy2)
    return raw_dir


def test_a_changed_loaded_file_is_read_again(daily_and_full, tmp_path):
    raw_dir = copy_of_daily_dir(daily_and_full, tmp_path)
    day1 = raw_dir / "orders" / f"{DAYS[0]}.csv"
    header, _ = read("orders")
    rows = list(csv.reader(day1.open(newline="")))[1:]
    write(day1, header, [*rows, [{"order_id": "late-edit"}.get(column, "x") for column in header]])
    incremental, full, _ = parsed_orders(raw_dir, daily_and_full["daily"], tmp_path)
    assert incremental == full
    assert any("late-edit" in row for row in full)


def test_a_new_file_before_a_loaded_one_reads_the_source_again(daily_and_full, tmp_path):
    raw_dir = copy_of_daily_dir(daily_and_full, tmp_path)
    header, _ = read("orders")
    write(raw_dir / "orders" / "2025-12-31.csv", header,
          [[{"order_id": "inserted"}.get(column, "x") for column in header]])
    incremental, full, _ = parsed_orders(raw_dir, daily_and_full["daily"], tmp_path)
    assert incremental == full
    assert any("inserted" in row for row in full)


def test_a_removed_file_reads_the_source_again(daily_and_full, tmp_path):
    raw_dir = copy_of_daily_dir(daily_and_full, tmp_path)
    os.remove(raw_dir / "orders" / f"{DAYS[1]}.csv")
    incremental, full, _ = parsed_orders(raw_dir, daily_and_full["daily"], tmp_path)
    assert incremental == full
    assert not any("daily-late-row" in row for row in full)


def test_other_parse_settings_read_the_source_again(daily_and_full, tmp_path):
    incremental, full, _ = parsed_orders(daily_and_full["daily_dir"], daily_and_full["daily"], tmp_path,
                                         reporting_timezone="America/New_York")
    assert incremental == full
    assert {row[1] for row in full} == {"reporting_timezone=America/New_York; csat_scale_max=5; ces_scale_max=7"}


def test_an_unchanged_raw_dir_adds_no_row(daily_and_full, tmp_path):
    incremental, full, compiled = parsed_orders(daily_and_full["daily_dir"], daily_and_full["daily"], tmp_path)
    assert incremental == full
    assert all(".csv" not in path.read_text() for path in compiled)


def test_a_source_read_again_is_checked_again(daily_and_full, tmp_path):
    """A removed file makes the orders' parse read the source again, which
    dates every parsed row anew: the base model then checks every row again
    (its rows of the removed file go) and equals a full build's."""
    raw_dir = copy_of_daily_dir(daily_and_full, tmp_path)
    os.remove(raw_dir / "orders" / f"{DAYS[1]}.csv")
    selection = ["+base_loyalty__orders"]
    copy = tmp_path / "incremental" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copy2(daily_and_full["daily"], copy)
    dbt_build(raw_dir, copy, select=selection, data_tests=False)
    fresh = tmp_path / "full" / "fresh.duckdb"
    fresh.parent.mkdir()
    dbt_build(raw_dir, fresh, select=selection, data_tests=False)
    [compiled] = (copy.parent / "target" / "compiled").rglob("base_loyalty__orders.sql")
    assert "rows_to_check" not in compiled.read_text()
    name = "staging.base_loyalty__orders"
    incremental, full = tables(copy)[name], tables(fresh)[name]
    assert incremental == full
    assert not any("daily-late-row" in row for row in full)


def test_an_incremental_build_recomputes_only_the_customers_it_logged(daily_and_full):
    """Each daily build logged its inputs and the customers whose purchases it
    may have changed; the models recomputed by customer recomputed those
    customers only (their rows carry that build's computed_at) and kept the
    others' rows."""
    con = duckdb.connect(str(daily_and_full["daily"]))
    try:
        builds = con.execute("select logged_at, count(customer_id) from intermediate.int_customers_purchases_changed "
                             "group by 1 order by 1").fetchall()
        logged = {(customer, at) for customer, at in con.execute(
            "select customer_id, logged_at from intermediate.int_customers_purchases_changed "
            "where customer_id is not null").fetchall()}
        computed = {table: con.execute(f"select distinct customer_id, computed_at from {table}").fetchall()
                    for table in ("intermediate.int_orders_completed", "intermediate.int_customers_categories_by_month",
                                  "intermediate.int_customers_purchases_by_period", "intermediate.int_customers_purchases",
                                  "intermediate.int_customers_rfm", "marts.customer_tier_history")}
        customers = con.execute("select count(distinct customer_id) from intermediate.int_orders_completed").fetchone()[0]
        a_customer = con.execute("select customer_id from staging.stg_loyalty__orders "
                                 "where order_id = 'daily-late-row'").fetchone()[0]
        late_item_order = daily_files()["order_items"][f"{DAYS[2]}.csv"][1][-1][0]
        late_item_customer = con.execute("select customer_id from staging.stg_loyalty__orders where order_id = ?",
                                         [late_item_order]).fetchone()[0]
    finally:
        con.close()
    history, *days = builds
    assert len(days) == len(DAYS)
    assert history[1] == 0  # a full build logs its inputs only
    assert all(0 < changed < customers / 10 for _, changed in days)
    # the late order two years back (day 2) and the customer who left the customers file on day 2
    assert (a_customer, days[1][0]) in logged
    assert (customer_gone_from_day_2(), days[1][0]) in logged
    # an item of one of their history orders, on day 3
    assert (late_item_customer, days[2][0]) in logged
    # survey responses are recomputed by response: the last day's answers only
    con = duckdb.connect(str(daily_and_full["daily"]))
    try:
        responses = dict(con.execute("select computed_at, count(distinct response_id) "
                                     "from intermediate.int_survey_responses_by_touchpoint group by 1").fetchall())
    finally:
        con.close()
    assert 0 < responses.get(days[-1][0], 0) < responses[history[0]]
    # customer_tier_history took that path (the days add no month end)
    assert RECOMPUTES_LOGGED in compiled_tier_history(daily_and_full["daily"])
    # int_customers_period_status and int_customers_activity_intervals: the
    # last day recomputed the logged customers (and, had as_of_date moved,
    # every customer's periods and intervals it reaches: the days leave it
    # where it was), and kept the rest
    con = duckdb.connect(str(daily_and_full["daily"]))
    try:
        status = dict(con.execute("select computed_at, count(*) from intermediate.int_customers_period_status "
                                  "group by 1").fetchall())
        recomputed = {model: {customer for customer, in con.execute(
            f"select distinct customer_id from intermediate.{model} where computed_at = ?", [days[-1][0]]).fetchall()}
            for model in ("int_customers_period_status", "int_customers_activity_intervals")}
        intervals = dict(con.execute("select computed_at, count(*) from intermediate.int_customers_activity_intervals "
                                     "group by 1").fetchall())
    finally:
        con.close()
    assert RECOMPUTES_STATUS in compiled(daily_and_full["daily"], "int_customers_period_status")
    assert RECOMPUTES_INTERVALS in compiled(daily_and_full["daily"], "int_customers_activity_intervals")
    for rows in (status, intervals):
        assert 0 < rows.get(days[-1][0], 0) < sum(rows.values()) / 10
    for model, customers in recomputed.items():
        assert customers and all((customer, days[-1][0]) in logged for customer in customers), model
    for table, rows in computed.items():
        assert {at for _, at in rows} >= {history[0], days[-1][0]}, table
        assert all(at == history[0] or (customer, at) in logged for customer, at in rows), table
        assert sum(at == history[0] for _, at in rows) > len(rows) / 2, table
    # int_member_orders: each day recomputed the customers either log holds
    # (purchases, memberships: the customer gone on day 2 lost theirs), and
    # kept the rest
    con = duckdb.connect(str(daily_and_full["daily"]))
    try:
        member_orders = con.execute("select customer_id, computed_at from intermediate.int_member_orders").fetchall()
        members_logged = {(customer, at) for customer, at in con.execute(
            "select customer_id, logged_at from intermediate.int_loyalty_members_changed "
            "where customer_id is not null").fetchall()}
    finally:
        con.close()
    assert RECOMPUTES_LOGGED in compiled(daily_and_full["daily"], "int_member_orders")
    assert all(at == history[0] or (customer, at) in logged | members_logged for customer, at in member_orders)
    assert sum(at == history[0] for _, at in member_orders) > len(member_orders) / 2
    assert {at for _, at in member_orders} > {history[0]}


RECOMPUTED_MODELS = ["intermediate.int_orders_completed", "intermediate.int_customers_categories_by_month",
                     "intermediate.int_customers_purchases_by_period", "intermediate.int_customers_purchases",
                     "marts.customer_tier_history", "intermediate.int_survey_responses_by_touchpoint",
                     "intermediate.int_customers_period_status", "intermediate.int_customers_activity_intervals",
                     "intermediate.int_customers_rfm", "intermediate.int_member_orders"]
# In customer_tier_history's compiled SQL: the recomputation of logged
# customers, and the rows of new month ends for every other customer.
RECOMPUTES_LOGGED = "int_customers_purchases_changed.logged_at > "
ADDS_MONTH_ENDS = "all_orders.ordered_date >= "


# In the compiled SQL of int_customers_period_status and
# int_customers_activity_intervals: the incremental path (the customers
# either log holds, and the periods or intervals as_of_date reaches).
RECOMPUTES_STATUS = "int_customers_subscriptions_changed.logged_at > "
RECOMPUTES_INTERVALS = "starting_subscriptions"


def compiled(warehouse: pathlib.Path, model: str) -> str:
    [path] = (warehouse.parent / "target" / "compiled" / "loyalty" / "models").rglob(f"{model}.sql")
    return path.read_text()


def compiled_tier_history(warehouse: pathlib.Path) -> str:
    return compiled(warehouse, "customer_tier_history")


def other_tier_bands(raw_dir: pathlib.Path) -> dict:
    write(raw_dir / "loyalty_tiers.csv", ["tier_name", "tier_rank", "min_qualifying_spend", "points_per_currency_unit"],
          [["bronze", "1", "0", "1.00"], ["silver", "2", "300", "1.25"], ["gold", "3", "1500", "1.50"],
           ["platinum", "4", "5000", "2.00"]])
    return {}


def renamed_category(raw_dir: pathlib.Path) -> dict:
    header, rows = read("products")
    category = header.index("category")
    write(raw_dir / "products.csv", header, [[*row[:category], "renamed", *row[category + 1:]] if index == 0 else row
                                              for index, row in enumerate(rows)])
    return {}


def changed_memberships(raw_dir: pathlib.Path) -> dict:
    """One open membership cancelled, one removed, one moved to another
    program, and one added (a customer with completed orders and no other
    membership, enrolled before the history's as_of_date)."""
    header, rows = read("loyalty_members")
    customer, enrolled, cancelled, program = (header.index(name) for name in
                                              ("customer_id", "enrolled_at", "cancelled_at", "program"))
    open_row = next(index for index, row in enumerate(rows) if not row[cancelled] and row[enrolled] < "2025-06")
    rows[open_row][cancelled] = "2025-12-01T00:00:00Z"
    moved = next(index for index, row in enumerate(rows) if index > open_row + 1 and row[program] == "rewards")
    rows[moved][program] = "cashback"
    del rows[open_row + 1]
    members = {row[customer] for row in rows}
    orders_header, order_rows = read("orders")
    buyers = sorted({row[orders_header.index("customer_id")] for row in order_rows
                     if row[orders_header.index("status")] == "completed"} - members - {customer_gone_from_day_2()})
    rows.append([buyers[0] if column == customer else "2024-01-01T00:00:00Z" if column == enrolled
                 else "" if column == cancelled else "rewards" for column in range(len(header))])
    write(raw_dir / "loyalty_members.csv", header, rows)
    return {}


def other_program_rules(raw_dir: pathlib.Path) -> dict:
    """The rewards program no longer earns points."""
    rows = list(csv.reader((ROOT / "seeds" / "loyalty_programs.csv").open()))
    earns = rows[0].index("earns_points")
    write(raw_dir / "loyalty_programs.csv", rows[0],
          [[*row[:earns], "false", *row[earns + 1:]] if row[0] == "rewards" else row for row in rows[1:]])
    return {}


def changed_subscriptions(raw_dir: pathlib.Path) -> dict:
    """One open subscription ended, one removed, one added (a customer with
    no other subscription, starting before the history's as_of_date)."""
    header, rows = read("subscriptions")
    started, ended, customer = header.index("started_at"), header.index("ended_at"), header.index("customer_id")
    open_row = next(index for index, row in enumerate(rows) if not row[ended] and row[started] < "2026-01")
    rows[open_row][ended] = "2026-02-01T00:00:00Z"
    del rows[open_row + 1]
    holders = {row[customer] for row in rows}
    gone = customer_gone_from_day_2()
    new_holder = next(row[0] for row in customers_on(DAYS)[1] if row[0] not in holders and row[0] != gone)
    rows.append(["daily-subscription", new_holder, rows[0][header.index("plan_id")], "2025-03-15T00:00:00Z", "",
                 rows[0][header.index("monthly_amount")]])
    write(raw_dir / "subscriptions.csv", header, rows)
    return {}


@pytest.mark.parametrize("change, tier_history_path, status_path, member_orders_by_customer", [
    pytest.param(renamed_category, [RECOMPUTES_LOGGED], [], False, id="a product's category"),
    pytest.param(lambda raw_dir: {"reporting_grains": ["month", "year"]}, [RECOMPUTES_LOGGED], [], False,
                 id="reporting_grains"),
    pytest.param(lambda raw_dir: {"as_of_date": "2024-06-30"}, [RECOMPUTES_LOGGED], [RECOMPUTES_STATUS], True,
                 id="an earlier as_of_date"),
    pytest.param(lambda raw_dir: {"as_of_date": "2026-12-31"}, [RECOMPUTES_LOGGED, ADDS_MONTH_ENDS],
                 [RECOMPUTES_STATUS], True, id="a later as_of_date, two more month ends"),
    pytest.param(lambda raw_dir: {"inactivity_days": 30}, [RECOMPUTES_LOGGED], [], False, id="inactivity_days"),
    pytest.param(other_tier_bands, [], [RECOMPUTES_STATUS], False, id="other tier bands"),
    pytest.param(changed_subscriptions, [RECOMPUTES_LOGGED], [RECOMPUTES_STATUS], True, id="subscriptions"),
    pytest.param(changed_memberships, [RECOMPUTES_LOGGED], [RECOMPUTES_STATUS], True, id="memberships"),
    pytest.param(other_program_rules, [RECOMPUTES_LOGGED], [RECOMPUTES_STATUS], False, id="program rules"),
])
def test_other_purchase_inputs_give_the_full_build(daily_and_full, tmp_path, change, tier_history_path,
                                                   status_path, member_orders_by_customer):
    """An incremental build after a change that moves purchases, tiers,
    activity or member orders without any order or item row being checked
    again gives the models recomputed in part of a full build, through the
    path expected of customer_tier_history (logged customers, new month
    ends, or all), of int_customers_period_status (by customer and period,
    or all) and of int_member_orders (by customer, or all)."""
    raw_dir = copy_of_daily_dir(daily_and_full, tmp_path)
    extra_vars = change(raw_dir)
    selection = ["+int_customers_purchases", "+int_customers_purchases_by_period", "+customer_tier_history",
                 "int_tier_history_computed", "+int_survey_responses_by_touchpoint", "+int_customers_period_status",
                 "+int_customers_rfm", "+int_member_orders"]
    copy = tmp_path / "incremental" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copy2(daily_and_full["daily"], copy)
    dbt_build(raw_dir, copy, extra_vars, select=selection, data_tests=False)
    fresh = tmp_path / "full" / "fresh.duckdb"
    fresh.parent.mkdir()
    dbt_build(raw_dir, fresh, extra_vars, select=selection, data_tests=False)
    incremental, full = tables(copy), tables(fresh)
    for name in RECOMPUTED_MODELS:
        assert incremental[name] == full[name], name
    before = tables(daily_and_full["daily"])
    assert any(full[name] != before[name] for name in RECOMPUTED_MODELS)
    tier_history = compiled_tier_history(copy)
    assert [part for part in (RECOMPUTES_LOGGED, ADDS_MONTH_ENDS) if part in tier_history] == tier_history_path
    status = compiled(copy, "int_customers_period_status")
    assert [part for part in (RECOMPUTES_STATUS,) if part in status] == status_path
    # the intervals take the same decision (last_activity_computation)
    intervals = compiled(copy, "int_customers_activity_intervals")
    assert (RECOMPUTES_INTERVALS in intervals) == bool(status_path)
    # so does the RFM summary (last_computation), which moves every other
    # customer's age_days when as_of_date moved
    assert (RECOMPUTES_LOGGED in compiled(copy, "int_customers_rfm")) == bool(status_path)
    # member orders: by customer unless the program rules or the purchase
    # log's inputs changed
    assert (RECOMPUTES_LOGGED in compiled(copy, "int_member_orders")) == member_orders_by_customer


LATER = "(select max({column}) + interval 1 day from {table})"

# A row a later build writes (or, `written: False`, an earlier build wrote)
# that a data test must find; the statement runs on a copy of the daily
# warehouse, and {later} is a time after any build's.
BAD_ROWS = {
    "a parsed row repeating an earlier row's number": (
        "unique_base_loyalty__orders_parsed_source_row_number",
        "insert into staging.base_loyalty__orders_parsed select * replace ({later} as parsed_at) "
        "from staging.base_loyalty__orders_parsed where source_row_number = 1",
        LATER.format(column="parsed_at", table="staging.base_loyalty__orders_parsed")),
    "a staged item repeating an earlier item's key": (
        "unique_combination_of_columns_stg_loyalty__order_items_order_id__product_id",
        "insert into staging.base_loyalty__order_items select * replace ("
        "(select max(source_row_number) + 1 from staging.base_loyalty__order_items) as source_row_number, "
        "{later} as checked_at) from staging.base_loyalty__order_items "
        "where check_reason is null and not has_repeated_key order by source_row_number limit 1",
        LATER.format(column="checked_at", table="staging.base_loyalty__order_items")),
    "a staged order with no id": (
        "not_null_stg_loyalty__orders_order_id",
        "insert into staging.base_loyalty__orders select * replace ("
        "(select max(source_row_number) + 1 from staging.base_loyalty__orders) as source_row_number, "
        "null as order_id, {later} as checked_at) from staging.base_loyalty__orders "
        "where check_reason is null and not has_repeated_key order by source_row_number limit 1",
        LATER.format(column="checked_at", table="staging.base_loyalty__orders")),
    "a recomputed customer's period twice": (
        "unique_combination_of_columns_int_customers_purchases_by_period_customer_id__period_grain__period_start",
        "insert into intermediate.int_customers_purchases_by_period select * replace ({later} as computed_at) "
        "from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start limit 1",
        LATER.format(column="computed_at", table="intermediate.int_customers_purchases_by_period")),
    "a customer's month end twice in the tier history": (
        "unique_combination_of_columns_customer_tier_history_customer_id__month_end",
        "insert into marts.customer_tier_history select * replace ({later} as computed_at) "
        "from marts.customer_tier_history order by customer_id, month_end limit 1",
        LATER.format(column="computed_at", table="marts.customer_tier_history")),
    # A null first column matches no value the build's rows hold; the test's
    # group by still counts the two rows as one combination.
    "a period of no customer, written by an earlier build and again": (
        "unique_combination_of_columns_int_customers_purchases_by_period_customer_id__period_grain__period_start",
        "insert into intermediate.int_customers_purchases_by_period select * replace (null as customer_id) "
        "from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start limit 1; "
        "insert into intermediate.int_customers_purchases_by_period "
        "select * replace (null as customer_id, {later} as computed_at) "
        "from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start limit 1",
        LATER.format(column="computed_at", table="intermediate.int_customers_purchases_by_period")),
    # A build that wrote most of a table's rows: the grain test joins on the
    # whole combination (tested_rows.sql, wrote_a_large_share).
    "a period twice, in a build that wrote every period": (
        "unique_combination_of_columns_int_customers_purchases_by_period_customer_id__period_grain__period_start",
        "update intermediate.int_customers_purchases_by_period set computed_at = {later}; "
        "insert into intermediate.int_customers_purchases_by_period "
        "select * from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start "
        "limit 1",
        LATER.format(column="computed_at", table="intermediate.int_customers_purchases_by_period")),
    "a period of no customer, written by an earlier build and again by one that wrote every other period": (
        "unique_combination_of_columns_int_customers_purchases_by_period_customer_id__period_grain__period_start",
        "insert into intermediate.int_customers_purchases_by_period select * replace (null as customer_id) "
        "from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start limit 1; "
        "insert into intermediate.int_customers_purchases_by_period "
        "select * replace (null as customer_id, {later} as computed_at) "
        "from intermediate.int_customers_purchases_by_period order by customer_id, period_grain, period_start limit 1; "
        "update intermediate.int_customers_purchases_by_period "
        "set computed_at = (select max(computed_at) from intermediate.int_customers_purchases_by_period) "
        "where customer_id is not null",
        LATER.format(column="computed_at", table="intermediate.int_customers_purchases_by_period")),
}


def with_bad_row(daily_and_full, tmp_path: pathlib.Path, case: str, later: str) -> tuple[pathlib.Path, str]:
    """A copy of the daily warehouse holding the case's bad row, and its test."""
    test, statement, _ = BAD_ROWS[case]
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(daily_and_full["daily"], copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(statement.format(later=later))
    finally:
        con.close()
    return copy, test


def data_test_result(daily_and_full, warehouse: pathlib.Path, test: str, extra_vars: dict | None = None) -> str:
    try:
        dbt_build(daily_and_full["daily_dir"], warehouse, extra_vars, select=[test], command="test")
    except BuildFailed as failed:
        assert test in str(failed)
        return "fail"
    return "pass"


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_build_scoped_data_test_finds_a_bad_row_the_build_wrote(daily_and_full, tmp_path, case):
    """With data_tests_scope: this_build (make build's incremental builds), a
    data test still fails on a bad row the latest build wrote, alone
    (not_null) or repeating an earlier row's key (unique)."""
    copy, test = with_bad_row(daily_and_full, tmp_path, case, BAD_ROWS[case][2])
    assert data_test_result(daily_and_full, copy, test, SCOPED) == "fail"


@pytest.mark.parametrize("case, whole_combination", [
    ("a recomputed customer's period twice", False),
    ("a period twice, in a build that wrote every period", True),
    ("a period of no customer, written by an earlier build and again by one that wrote every other period", True),
])
def test_a_build_that_wrote_most_rows_tests_them_by_their_whole_combination(daily_and_full, tmp_path, case,
                                                                             whole_combination):
    """A grain test reads the rows of the first column's values a build's
    rows hold, unless the build wrote a tenth of the table or more: then the
    rows sharing a whole combination with them (the cases above prove both
    find a repeated combination)."""
    copy, test = with_bad_row(daily_and_full, tmp_path, case, BAD_ROWS[case][2])
    assert data_test_result(daily_and_full, copy, test, SCOPED) == "fail"
    compiled = [path.read_text() for path in (tmp_path / "target" / "run").rglob("*.sql")]
    assert any("written_keys" in sql for sql in compiled) == whole_combination


def test_a_build_scoped_data_test_reads_only_what_the_build_wrote(daily_and_full, tmp_path):
    """The same repeated parsed row, written by an earlier build: only a test
    of every row finds it. The scope relies on the published warehouse
    having passed every test (make build publishes nothing else)."""
    case = "a parsed row repeating an earlier row's number"
    copy, test = with_bad_row(daily_and_full, tmp_path, case, "timestamp '2000-01-01'")
    assert data_test_result(daily_and_full, copy, test, SCOPED) == "pass"
    assert data_test_result(daily_and_full, copy, test) == "fail"


def test_the_unique_test_returns_each_repeated_value_once(daily_and_full, tmp_path):
    """DuckDB's unique test (macros/utils/unique_test.sql) compares each value
    with the previous one in order; like dbt's own it returns one row per
    repeated value: one number held three times and another held twice are
    two failures, not three, in the whole table as in the build's rows."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(daily_and_full["daily"], copy)
    con = duckdb.connect(str(copy))
    try:
        parsed = "staging.base_loyalty__orders_parsed"
        con.execute(f"insert into {parsed} select * from {parsed} where source_row_number in (1, 2)")
        con.execute(f"insert into {parsed} select * replace ({LATER.format(column='parsed_at', table=parsed)} "
                    f"as parsed_at) from {parsed} where source_row_number = 2 limit 1")
    finally:
        con.close()
    test = "unique_base_loyalty__orders_parsed_source_row_number"
    for scope, failures in (({}, "Got 2 results"), (SCOPED, "Got 1 result")):
        with pytest.raises(BuildFailed) as failed:
            dbt_build(daily_and_full["daily_dir"], copy, scope, select=[test], command="test")
        assert failures in str(failed.value)


@pytest.mark.parametrize("model, column", [
    ("int_customers_purchases_by_period", "computed_at"), ("int_customers_period_status", "computed_at"),
    ("int_customers_rfm", "computed_at"), ("int_member_orders", "computed_at"),
    ("int_customers_activity_intervals", "reaches_to"), ("customer_tier_history", "computed_at"),
])
def test_a_table_of_an_earlier_version_asks_for_a_full_rebuild(daily_and_full, tmp_path, model, column):
    """A model recomputed in part whose table lacks a column its
    recomputation reads (built by a version of this project before that
    model became incremental, or before it kept the column) stops the
    incremental build with the model's name and the full rebuild to run, not
    with a database error."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(daily_and_full["daily"], copy)
    con = duckdb.connect(str(copy))
    try:
        [schema] = con.execute("select schema_name from duckdb_tables() where table_name = ?", [model]).fetchone()
        con.execute(f"alter table {schema}.{model} drop column {column}")
    finally:
        con.close()
    with pytest.raises(BuildFailed) as failed:
        dbt_build(daily_and_full["daily_dir"], copy, select=[model], data_tests=False)
    assert f"{model} was built by an earlier version of this project (it has no {column} column" in str(failed.value)
    assert "FULL_REFRESH=1" in str(failed.value)

