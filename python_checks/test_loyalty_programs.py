"""docs/metrics.md section 13 end to end, from raw files written here: the
worked example (one member of a money-based program that earns points,
reward threshold 35 and value 5, enrolled 2026-01-01, bronze), a partner
column in the ledger, game plays, and a program configuration that replaces
the bundled seed, or stops the build when a row breaks its rules.

Member m: completed orders 2026-01-10 20.00 and 2026-01-20 30.00, 2026-02-05
25.00. January expects floor(20 x 1.00) + floor(30 x 1.00) = 50 points; the
ledger earned 50 (match). Cumulative member spend 50: floor(50 / 35) = 1
reward (cost 5.00), 15 carried over. February expects 25, the ledger earned
20 (under-awarded by 5); cumulative 75: floor(75 / 35) - floor(50 / 35) = 1
reward. A partner earn of 300 counts as partner points, not in the audit.
Fee 24.00 a year: 24.00 x 1 / 12 = 2.00 a month.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
from decimal import Decimal

import pytest

from conftest import BuildFailed, dbt_build

d = dt.date


def write(path: pathlib.Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


PROGRAMS_HEADER = ["program", "program_type", "annual_fee", "earns_points", "reward_threshold_spend", "reward_value"]


def write_raw(raw: pathlib.Path, programs: list[list]) -> None:
    write(raw / "customers.csv", ["customer_id", "signup_at", "country", "acquisition_channel"],
          [["m", "2025-12-01", "NL", "search"], ["g", "2025-12-01", "NL", "search"]])
    write(raw / "products.csv", ["product_id", "product_name", "category"], [["p1", "Mug", "x"]])
    orders = [["o1", "m", "2026-01-10T10:00:00Z", "completed", "20.00"],
              ["o2", "m", "2026-01-20T10:00:00Z", "completed", "30.00"],
              ["o3", "m", "2026-02-05T10:00:00Z", "completed", "25.00"]]
    write(raw / "orders.csv", ["order_id", "customer_id", "ordered_at", "status", "amount"], orders)
    write(raw / "order_items.csv", ["order_id", "product_id", "quantity", "unit_price"],
          [[o[0], "p1", "1", o[4]] for o in orders])
    write(raw / "survey_responses.csv",
          ["response_id", "customer_id", "survey_type", "score", "responded_at", "touchpoint"], [])
    write(raw / "loyalty_members.csv", ["customer_id", "enrolled_at", "cancelled_at", "program"],
          [["m", "2026-01-01", "", "valuecard"], ["g", "2026-01-01", "", "wheel"]])
    write(raw / "points_ledger.csv", ["entry_id", "customer_id", "occurred_at", "entry_type", "points", "partner"],
          [["e1", "m", "2026-01-20T10:00:00Z", "earn", "50", ""],
           ["e2", "m", "2026-02-05T10:00:00Z", "earn", "20", ""],
           ["e3", "m", "2026-02-06T10:00:00Z", "earn", "300", " airline "]])
    write(raw / "game_plays.csv", ["play_id", "customer_id", "played_at", "outcome"],
          [["g1", "g", "2026-01-03T10:00:00Z", "WIN"], ["g2", "g", "2026-01-04T10:00:00Z", "lose"],
           ["g3", "g", "2026-01-05T10:00:00Z", " lose"], ["g4", "nobody", "2026-01-05T10:00:00Z", "win"],
           ["g5", "g", "2026-01-06T10:00:00Z", "draw"]])
    write(raw / "loyalty_programs.csv", PROGRAMS_HEADER, programs)


@pytest.fixture(scope="module")
def warehouse(build_warehouse, tmp_path_factory):
    raw = tmp_path_factory.mktemp("programs")
    write_raw(raw, [["valuecard", "value", "24.00", "TRUE", "35", "5.00"],
                    ["wheel", "Game", "0", "false", "", ""]])
    return build_warehouse(raw, as_of_date="2026-02-28")


def test_accrual_audit_of_the_worked_example(warehouse):
    assert warehouse.rows("""select month, program, expected_points, earned_points, variance_points, accrual_status
        from marts.points_accrual_audit where customer_id = 'm' order by month""") == [
        (d(2026, 1, 1), "valuecard", 50, 50, 0, "match"),
        (d(2026, 2, 1), "valuecard", 25, 20, -5, "under_awarded"),
    ]


def test_money_based_rewards_carry_the_remainder_over(warehouse):
    assert warehouse.rows("""select month, program_type, members_at_start, new_members, members_at_end,
            member_revenue, fee_revenue, points_issued, rewards_earned, reward_cost, program_cost
        from marts.loyalty_program_by_month where program = 'valuecard' order by month""") == [
        (d(2026, 1, 1), "value", 0, 1, 1, Decimal("50.00"), Decimal("2.00"), 50, 1, Decimal("5.00"),
         Decimal("5.0000")),
        (d(2026, 2, 1), "value", 1, 0, 1, Decimal("25.00"), Decimal("2.00"), 320, 1, Decimal("5.00"),
         Decimal("5.0000")),
    ]


def test_partner_points_and_game_odds(warehouse):
    assert warehouse.rows("select month, points_issued, partner_points_issued from marts.points_by_month "
                          "order by month") == [(d(2026, 1, 1), 50, 0), (d(2026, 2, 1), 320, 300)]
    # g4 (unknown customer) and g5 (unknown outcome) are rejected; 1 win in 3 plays.
    assert warehouse.rows("select month, plays, players, wins, win_rate, meets_minimum_odds "
                          "from marts.game_odds_by_month order by month") == [
        (d(2026, 1, 1), 3, 1, 1, 1 / 3, True), (d(2026, 2, 1), 0, 0, 0, None, None)]
    assert warehouse.rows("select row_key, reason from marts.rejected_rows where source = 'game_plays' "
                          "order by 1") == [("g4", "unknown_reference: customer_id"), ("g5", "out_of_domain: outcome")]
    assert warehouse.rows("select raw_rows, staged_rows, rejected_rows from marts.source_reconciliation "
                          "where source = 'game_plays'") == [(5, 3, 2)]


@pytest.mark.parametrize(("row", "message"), [
    (["valuecard", "value", "24.00", "TRUE", "35", ""],
     "program 'valuecard': reward_threshold_spend and reward_value must both be empty or both be set"),
    (["valuecard", "lottery", "0", "true", "", ""],
     "program 'valuecard': program_type must be points, tiered, paid, value, partner or game"),
    (["valuecard", "points", "-1", "true", "", ""], "program 'valuecard': annual_fee must be an amount >= 0"),
    (["valuecard", "points", "0", "yes", "", ""], "program 'valuecard': earns_points must be true or false"),
    (["valuecard", "value", "0", "true", "0", "5"], "program 'valuecard': reward_threshold_spend must be an amount > 0"),
])
def test_a_bad_program_row_stops_the_build_naming_it(tmp_path, row, message):
    raw = tmp_path / "raw"
    raw.mkdir()
    write_raw(raw, [row, ["wheel", "game", "0", "false", "", ""]])
    with pytest.raises(BuildFailed, match="Invalid loyalty_programs configuration") as failure:
        dbt_build(raw, tmp_path / "w.duckdb", {"as_of_date": "2026-02-28"}, select=["stg_loyalty__loyalty_programs"])
    assert message in str(failure.value)
