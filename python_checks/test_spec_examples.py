"""The worked examples of docs/metrics.md sections 7 and 10, built end to end
from raw files written here (inactivity_days = 30).

- 200 customers each buy on 2024-12-20, so all are active on 2024-12-31 (the
  day before January): S = 200. Members: the 100 `m` customers, enrolled
  2024-12-01. 80 members and 60 non-members buy again on 2025-01-15 and are
  still active on 2025-01-31; the others' activity ended on 2025-01-18.
  Spec 10: difference 0.20, interval [0.0760, 0.3240], z = 3.0861, p = 0.00203.
- January NPS: 50 promoters, 30 passives, 20 detractors: NPS 30, margin of
  error 100 x 1.959964 x sqrt((0.7 - 0.09) / 100) = 15.31 (spec 7).
- CSAT 3 and 4: 50 %. CES 4 and 5: average 4.5, easy 50 %.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib

import pytest


def write(path: pathlib.Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def warehouse(build_warehouse, tmp_path_factory):
    raw = tmp_path_factory.mktemp("spec_examples")
    members = [f"m{i:03d}" for i in range(1, 101)]
    others = [f"n{i:03d}" for i in range(1, 101)]
    customers = members + others
    write(raw / "customers.csv", ["customer_id", "signup_at", "country", "acquisition_channel"],
          [[c, "2024-12-01", "NL", "search"] for c in customers])
    write(raw / "products.csv", ["product_id", "product_name", "category"], [["p1", "Mug", "x"]])
    retained = members[:80] + others[:60]
    orders = [[f"o_{c}_1", c, "2024-12-20T12:00:00Z", "completed", "10.00"] for c in customers]
    orders += [[f"o_{c}_2", c, "2025-01-15T12:00:00Z", "completed", "10.00"] for c in retained]
    write(raw / "orders.csv", ["order_id", "customer_id", "ordered_at", "status", "amount"], orders)
    write(raw / "order_items.csv", ["order_id", "product_id", "quantity", "unit_price"],
          [[o[0], "p1", "1", "10.00"] for o in orders])
    write(raw / "subscriptions.csv",
          ["subscription_id", "customer_id", "plan_id", "started_at", "ended_at", "monthly_amount"], [])
    write(raw / "loyalty_members.csv", ["customer_id", "enrolled_at", "cancelled_at", "program"],
          [[c, "2024-12-01", "", "rewards"] for c in members])
    scores = [9, 10] * 25 + [7, 8] * 15 + [0, 3, 5, 6] * 5
    responses = [[f"nps{i:03d}", customers[i] if i % 3 else "", "nps", str(score), "2025-01-31T09:00:00Z",
                  "checkout"] for i, score in enumerate(scores)]
    responses += [["csat1", "m001", "csat", "3", "2025-01-31", "support"],
                  ["csat2", "m002", "csat", "4", "2025-01-31", "support"],
                  ["ces1", "m001", "ces", "4", "2025-01-31", ""],
                  ["ces2", "m002", "ces", "5", "2025-01-31", ""]]
    write(raw / "survey_responses.csv",
          ["response_id", "customer_id", "survey_type", "score", "responded_at", "touchpoint"], responses)
    write(raw / "points_ledger.csv", ["entry_id", "customer_id", "occurred_at", "entry_type", "points"], [])
    return build_warehouse(raw, inactivity_days=30)


def test_retention_of_the_example(warehouse):
    assert warehouse.rows("""
        select period_start, customers_at_start, customers_at_end, retained_customers, churned_customers,
            retention_rate
        from marts.retention_by_period where period_grain = 'month' order by 1""") == [
        (dt.date(2024, 12, 1), 0, 200, 0, 0, None),
        (dt.date(2025, 1, 1), 200, 140, 140, 60, 0.7),
    ]


def test_program_impact_matches_spec_example(warehouse):
    row = warehouse.rows("""
        select member_customers_at_start, member_retained, member_retention_rate,
            non_member_customers_at_start, non_member_retained, non_member_retention_rate,
            retention_difference, ci_low, ci_high, z_score, p_value
        from marts.loyalty_program_impact where period_grain = 'month' and period_start = date '2025-01-01'""")[0]
    assert row[:6] == (100, 80, 0.8, 100, 60, 0.6)
    difference, ci_low, ci_high, z_score, p_value = row[6:]
    assert difference == pytest.approx(0.20, abs=1e-12)
    assert ci_low == pytest.approx(0.0760, abs=5e-5)
    assert ci_high == pytest.approx(0.3240, abs=5e-5)
    assert z_score == pytest.approx(3.0861, abs=5e-5)
    assert p_value == pytest.approx(0.00203, abs=5e-6)
    # December: nobody at the start, so no statistics.
    assert warehouse.rows("select member_customers_at_start, retention_difference, p_value "
                          "from marts.loyalty_program_impact where period_grain = 'month' and period_start = date '2024-12-01'") == [
        (0, None, None)]


def test_nps_matches_spec_example(warehouse):
    rows = warehouse.rows("""
        select touchpoint, responses, promoters, passives, detractors, nps, nps_margin_of_error
        from marts.nps_by_period where period_grain = 'month' and period_start = date '2025-01-01' order by touchpoint""")
    assert [r[:6] for r in rows] == [("all", 100, 50, 30, 20, 30.0), ("checkout", 100, 50, 30, 20, 30.0)]
    assert rows[0][6] == pytest.approx(15.31, abs=0.005)


def test_csat_and_ces(warehouse):
    assert warehouse.rows("select touchpoint, responses, satisfied, csat from marts.csat_by_period "
                          "where period_grain = 'month' and period_start = date '2025-01-01' order by 1") == [
        ("all", 2, 1, 50.0), ("support", 2, 1, 50.0)]
    assert warehouse.rows("select touchpoint, responses, easy, ces_average, ces_easy_pct from marts.ces_by_period "
                          "where period_grain = 'month' and period_start = date '2025-01-01' order by 1") == [("all", 2, 1, 4.5, 50.0)]
    # December has no responses: an `all` row with null scores.
    assert warehouse.rows("select responses, csat from marts.csat_by_period "
                          "where period_grain = 'month' and period_start = date '2024-12-01'") == [(0, None)]


def test_dim_customers_membership_and_latest_answers(warehouse):
    assert warehouse.rows("""
        select count(*), count(case when is_member then 1 end), count(case when is_active then 1 end)
        from marts.dim_customers""") == [(200, 100, 140)]
    assert warehouse.rows("select latest_csat_score, latest_ces_score from marts.dim_customers "
                          "where customer_id = 'm002'") == [(4, 5)]
