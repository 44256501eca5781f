"""Compare the marts of a built warehouse with the pure-Python reference."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from decimal import Decimal

from reference import Warehouse as Reference

# mart -> (reference method, key columns)
MARTS = {
    "retention_by_period": ("retention_by_period", ["period_grain", "period_start"]),
    "cohort_retention": ("cohort_retention", ["cohort_month", "months_since_first_order"]),
    "purchase_behaviour_by_period": ("purchase_behaviour_by_period", ["period_grain", "period_start"]),
    "purchase_behaviour_overall": ("purchase_behaviour_overall", []),
    "nps_by_period": ("nps_by_period", ["period_grain", "period_start", "touchpoint"]),
    "csat_by_period": ("csat_by_period", ["period_grain", "period_start", "touchpoint"]),
    "ces_by_period": ("ces_by_period", ["period_grain", "period_start", "touchpoint"]),
    "dim_customers": ("dim_customers", ["customer_id"]),
    "customer_ltv": ("customer_ltv", ["customer_id"]),
    "ltv_by_segment": ("ltv_by_segment", ["segment"]),
    "customer_tier_history": ("customer_tier_history", ["customer_id", "month_end"]),
    "points_balances": ("points_balances", ["customer_id"]),
    "loyalty_program_impact": ("loyalty_program_impact", ["period_grain", "period_start"]),
    "mrr_movements": ("mrr_movements", ["customer_id", "month"]),
    "mrr_by_month": ("mrr_by_month", ["month"]),
    "points_accrual_audit": ("points_accrual_audit", ["customer_id", "month"]),
    "loyalty_program_by_month": ("loyalty_program_by_month", ["program", "month"]),
    "game_odds_by_month": ("game_odds_by_month", ["month"]),
    "points_by_month": ("points_by_month", ["month"]),
}


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(str(a)) == Decimal(str(b))
    if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
        return a.date() == b
    return a == b


def differences(warehouse, reference: Reference) -> list[str]:
    """Every disagreement between the built marts and the reference, as readable lines."""
    problems: list[str] = []
    got = Counter(warehouse.rows("select source, coalesce(row_key, ''), reason from marts.rejected_rows"))
    want = Counter((s, k or "", r) for s, k, r in reference.rejected)
    if got != want:
        problems.append(f"rejected_rows: only in warehouse {dict(got - want)}, only in reference {dict(want - got)}")
    for mart, (method, keys) in MARTS.items():
        expected = getattr(reference, method)()
        columns = list(expected[0]) if expected else keys
        actual = [dict(zip(columns, row, strict=True))
                  for row in warehouse.rows(f"select {', '.join(columns)} from marts.{mart}")]
        index = {tuple(r[k] for k in keys): r for r in actual}
        if len(actual) != len(expected):
            problems.append(f"{mart}: {len(actual)} rows, reference {len(expected)}")
        for row in expected:
            key = tuple(row[k] for k in keys)
            mine = index.get(key)
            if mine is None:
                problems.append(f"{mart} {key}: missing (reference {row})")
                continue
            for column, value in row.items():
                if not same(mine[column], value):
                    problems.append(f"{mart} {key} {column}: warehouse {mine[column]!r}, reference {value!r}")
    return problems
