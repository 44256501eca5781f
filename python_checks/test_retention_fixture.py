"""Metric-spec sections 3-6 and 11 end to end: raw CSVs of the `retention`
fixture through staging, intervals and marts, against values worked out by
hand (the reasoning is in the comments).

Fixture (inactivity_days 90; as_of_date = latest event = 2025-04-15):
  a: completed 01-05 (p1, x) and 02-10 (p2, y)    -> active 01-05 .. 05-10
  b: refunded 01-20 (ignored), completed 03-01    -> active 03-01 .. 05-29
  c: completed 01-31 23:30Z, cancelled 01-31      -> active 01-31 .. 04-30
  d: completed 04-15 (p1 x + p2 y)                -> active 04-15 ..
  e: subscription 02-01 .. ended 03-15, 10.00/mo  -> active 02-01 .. 03-14
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from conftest import FIXTURES

d = dt.date


@pytest.fixture(scope="module")
def monthly(build_warehouse):
    return build_warehouse(FIXTURES / "retention")


@pytest.fixture(scope="module")
def quarterly(build_warehouse):
    """A build that holds quarters only."""
    return build_warehouse(FIXTURES / "retention", reporting_grains=["quarter"])


def test_reporting_window(monthly):
    assert monthly.rows("select first_event_date, as_of_date from intermediate.int_reporting_window") == [
        (d(2025, 1, 5), d(2025, 4, 15))]


def test_retention_by_month(monthly):
    rows = monthly.rows("""
        select period_start, customers_at_start, customers_at_end, retained_customers, new_customers,
            reactivated_customers, churned_customers, retention_rate, churn_rate, is_complete_period
        from marts.retention_by_period where period_grain = 'month' order by period_start""")
    assert rows == [
        # Jan: nobody on 12-31; a and c (01-31 23:30Z is still the 31st in UTC) on 01-31, both new.
        (d(2025, 1, 1), 0, 2, 0, 2, 0, 0, None, None, True),
        # Feb: S = {a, c}; E = {a, c, e}; e new.
        (d(2025, 2, 1), 2, 3, 2, 1, 0, 0, 1.0, 0.0, True),
        # Mar: S = {a, c, e}; E = {a, b, c}: e's subscription ended 03-15, b is new.
        (d(2025, 3, 1), 3, 3, 2, 1, 0, 1, 2 / 3, 1 / 3, True),
        # Apr (to as_of 04-15): S = {a, b, c}; E = {a, b, c, d}; d new.
        (d(2025, 4, 1), 3, 4, 3, 1, 0, 0, 1.0, 0.0, False),
    ]


def test_retention_by_quarter(quarterly):
    rows = quarterly.rows("""
        select period_start, period_end, customers_at_start, customers_at_end, retained_customers,
            new_customers, churned_customers, retention_rate, is_complete_period
        from marts.retention_by_period where period_grain = 'quarter' order by period_start""")
    assert rows == [
        (d(2025, 1, 1), d(2025, 3, 31), 0, 3, 0, 3, 0, None, True),
        (d(2025, 4, 1), d(2025, 6, 30), 3, 4, 3, 1, 0, 1.0, False),
    ]


@pytest.mark.parametrize("mart", ["retention_by_period", "purchase_behaviour_by_period", "nps_by_period",
                                  "csat_by_period", "ces_by_period", "loyalty_program_impact"])
def test_a_quarter_in_the_all_grains_build_equals_a_quarterly_only_build(monthly, quarterly, mart):
    # The default build holds month, quarter and year; its quarter rows are computed from the
    # customers themselves, so they equal a build that holds quarters only (rates never summed).
    columns = [c for (c,) in monthly.rows(
        f"select column_name from information_schema.columns where table_schema = 'marts' and table_name = '{mart}' "
        "order by ordinal_position")]
    query = f"select {', '.join(columns)} from marts.{mart} where period_grain = 'quarter' order by all"
    all_grains, quarters_only = monthly.rows(query), quarterly.rows(query)
    assert all_grains and all_grains == quarters_only
    assert monthly.scalar(f"select count(distinct period_grain) from marts.{mart}") == 3


def test_dates_are_dates_in_the_reporting_time_zone(build_warehouse):
    # Tokyo is UTC+9: c's order at 2025-01-31 23:30Z is on 2025-02-01 there, so c first buys in
    # February; o1 at 10:00Z stays on 2025-01-05 (19:00). A date written without a time is its
    # midnight in Tokyo, the same calendar date.
    tokyo = build_warehouse(FIXTURES / "retention", reporting_timezone="Asia/Tokyo")
    assert tokyo.rows("select order_id, ordered_date from staging.stg_loyalty__orders "
                      "where order_id in ('o1', 'o5') order by 1") == [("o1", d(2025, 1, 5)), ("o5", d(2025, 2, 1))]
    assert tokyo.rows("select period_start, new_customers from marts.retention_by_period "
                      "where period_grain = 'month' and period_start <= date '2025-02-01' order by 1") == [
        (d(2025, 1, 1), 1), (d(2025, 2, 1), 2)]


def test_cohort_retention(monthly):
    # Complete months Jan-Mar. Jan cohort {a, c}: Feb a, Mar nobody. Mar cohort {b}. d's April is incomplete.
    assert monthly.rows("select * from marts.cohort_retention order by 1, 2") == [
        (d(2025, 1, 1), 0, 2, 2, 1.0),
        (d(2025, 1, 1), 1, 2, 1, 0.5),
        (d(2025, 1, 1), 2, 2, 0, 0.0),
        (d(2025, 3, 1), 0, 1, 1, 1.0),
    ]


def test_purchase_behaviour_by_month(monthly):
    rows = monthly.rows("""
        select period_start, customers_with_orders, orders, revenue, repeat_purchase_rate, cross_sell_rate,
            average_order_value, revenue_per_customer
        from marts.purchase_behaviour_by_period where period_grain = 'month' order by 1""")
    assert rows == [
        (d(2025, 1, 1), 2, 2, D("130.00"), 0.0, 0.0, 65.0, 65.0),
        (d(2025, 2, 1), 1, 1, D("50.00"), 0.0, 0.0, 50.0, 50.0),
        (d(2025, 3, 1), 1, 1, D("20.00"), 0.0, 0.0, 20.0, 20.0),  # b's refunded y-item does not count
        (d(2025, 4, 1), 1, 1, D("40.00"), 0.0, 1.0, 40.0, 40.0),
    ]


def test_purchase_behaviour_by_quarter(quarterly):
    rows = quarterly.rows("""
        select period_start, customers_with_orders, orders, revenue, repeat_purchase_rate, cross_sell_rate,
            average_order_value, revenue_per_customer
        from marts.purchase_behaviour_by_period where period_grain = 'quarter' order by 1""")
    assert rows == [
        (d(2025, 1, 1), 3, 4, D("200.00"), 1 / 3, 1 / 3, 50.0, 200 / 3),
        (d(2025, 4, 1), 1, 1, D("40.00"), 0.0, 1.0, 40.0, 40.0),
    ]


def test_purchase_behaviour_overall(monthly):
    assert monthly.rows("""
        select customers_with_orders, orders, revenue, repeat_purchase_rate, cross_sell_rate,
            average_order_value, revenue_per_customer
        from marts.purchase_behaviour_overall""") == [(4, 5, D("240.00"), 0.25, 0.5, 48.0, 60.0)]


def test_mrr(monthly):
    assert monthly.rows("select customer_id, month, previous_mrr, mrr, movement from marts.mrr_movements "
                        "order by month") == [
        ("e", d(2025, 2, 1), D("0.00"), D("10.00"), "new"),
        ("e", d(2025, 3, 1), D("10.00"), D("0.00"), "churn"),
        ("e", d(2025, 4, 1), D("0.00"), D("0.00"), "unchanged"),
    ]
    assert monthly.rows("""
        select month, starting_mrr, new_mrr, churned_mrr, ending_mrr, subscribers, customer_churn_rate,
            net_revenue_retention, gross_revenue_retention
        from marts.mrr_by_month order by month""") == [
        (d(2025, 1, 1), D("0.00"), D("0.00"), D("0.00"), D("0.00"), 0, None, None, None),
        (d(2025, 2, 1), D("0.00"), D("10.00"), D("0.00"), D("10.00"), 1, None, None, None),
        (d(2025, 3, 1), D("10.00"), D("0.00"), D("10.00"), D("0.00"), 0, 1.0, 0.0, 0.0),
        (d(2025, 4, 1), D("0.00"), D("0.00"), D("0.00"), D("0.00"), 0, None, None, None),
    ]


def test_mrr_by_month_stays_monthly_under_quarter_grain(quarterly):
    assert quarterly.scalar("select count(*) from marts.mrr_by_month") == 4


def test_as_of_date_var_cuts_later_events(build_warehouse):
    # as_of 2025-02-28: a's and c's Jan orders, a's Feb order and e's subscription only.
    warehouse = build_warehouse(FIXTURES / "retention", as_of_date="2025-02-28")
    assert warehouse.rows("select customers_with_orders, orders, revenue from marts.purchase_behaviour_overall"
                          ) == [(2, 3, D("180.00"))]
    assert warehouse.rows("select period_start, customers_at_end, is_complete_period "
                          "from marts.retention_by_period where period_grain = 'month' order by 1") == [
        (d(2025, 1, 1), 2, True), (d(2025, 2, 1), 3, True)]
