"""Daily runs, a series that moves as_of_date both ways: its own file, so
pytest-xdist (--dist loadfile) runs it beside test_daily_runs.py's fixture
instead of after it."""

import duckdb
from test_daily_runs import (
    DAYS,
    RECOMPUTES_STATUS,
    changed_subscriptions,
    compiled,
    daily_files,
    raw_dir_with,
    read,
    tables,
    write,
)

from conftest import dbt_build


def test_days_that_move_as_of_date_both_ways_give_the_full_build(tmp_path):
    """A series of incremental builds, each also compared with a full build
    of the same inputs: the first day with a later as_of_date and changed
    subscriptions, the second with an earlier as_of_date and the
    subscriptions as they were (and, in day 2's late order, an event before
    any other: every period and customer is computed again), the third
    back to the latest event. Each step moves the models recomputed by
    customer and by period along other paths than the daily fixture's
    days."""
    files = daily_files()
    raw_dir = raw_dir_with(tmp_path / "raw", files, [])
    header, subscriptions = read("subscriptions")
    incremental = tmp_path / "incremental" / "loyalty.duckdb"
    incremental.parent.mkdir()
    dbt_build(raw_dir, incremental, data_tests=False)
    steps = [
        (DAYS[:1], changed_subscriptions, {"as_of_date": "2026-11-15"}, True),
        (DAYS[:2], lambda raw: write(raw / "subscriptions.csv", header, subscriptions), {"as_of_date": "2025-06-30"},
         False),
        (DAYS, lambda raw: None, {}, True),
    ]
    for index, (days, change, extra_vars, in_part) in enumerate(steps):
        raw_dir_with(raw_dir, files, days)
        change(raw_dir)
        dbt_build(raw_dir, incremental, extra_vars, data_tests=False)
        full = tmp_path / f"full_{index}" / "loyalty.duckdb"
        full.parent.mkdir()
        dbt_build(raw_dir, full, extra_vars, data_tests=False)
        incremental_tables, full_tables = tables(incremental), tables(full)
        assert [name for name in full_tables if incremental_tables.get(name) != full_tables[name]] == [], days
        assert (RECOMPUTES_STATUS in compiled(incremental, "int_customers_period_status")) == in_part, days


def test_ages_follow_as_of_date_through_builds_that_recompute_no_customer(tmp_path):
    """Two builds that move as_of_date later with no new order: the first
    logs no customer, so int_customers_rfm and
    int_customers_activity_intervals write no row and their latest
    computed_at stays the history's; the second must still give every age
    and every island's end of a full build at its as_of_date (both are set
    from as_of_date, not moved by the difference from the last
    computation's)."""
    files = daily_files()
    raw_dir = raw_dir_with(tmp_path / "raw", files, [])
    selection = ["+int_customers_rfm", "+int_customers_activity_intervals"]
    models = ["intermediate.int_customers_rfm", "intermediate.int_customers_activity_intervals"]
    incremental = tmp_path / "incremental" / "loyalty.duckdb"
    incremental.parent.mkdir()
    dbt_build(raw_dir, incremental, select=selection, data_tests=False)
    for index, as_of_date in enumerate(["2026-11-15", "2026-11-20"]):
        dbt_build(raw_dir, incremental, {"as_of_date": as_of_date}, select=selection, data_tests=False)
        if index == 0:
            con = duckdb.connect(str(incremental))
            try:
                computed = [con.execute(f"select count(distinct computed_at) from {model}").fetchone()
                            for model in models]
                logged = con.execute("select count(customer_id) from intermediate.int_customers_purchases_changed "
                                     "where logged_at = (select max(logged_at) from "
                                     "intermediate.int_customers_purchases_changed)").fetchone()
            finally:
                con.close()
            assert computed == [(1,), (1,)] and logged == (0,)
        full = tmp_path / f"full_{index}" / "loyalty.duckdb"
        full.parent.mkdir()
        dbt_build(raw_dir, full, {"as_of_date": as_of_date}, select=selection, data_tests=False)
        incremental_tables, full_tables = tables(incremental), tables(full)
        for name in models:
            assert incremental_tables[name] == full_tables[name], (name, as_of_date)
