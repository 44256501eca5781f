"""Expectation suites, one per mart, kept as code.

Great Expectations holds what the dbt tests do not already prove: the
cross-table sums and freshness below, non-empty marts, and per-mart bounds
and orderings that no dbt test states. Uniqueness, not-null, accepted
values, accepted ranges and the metric definitions are dbt tests on the
marts (models/marts/*/_*__models.yml) and are not repeated here; neither is
each mart's column set, which its enforced contract fixes. `run_checkpoints.py`
validates every mart that exists in the warehouse against its suite, and
renders the data docs.
"""

from __future__ import annotations

import pathlib

import great_expectations.expectations as gxe
import yaml

SOURCES_YML = pathlib.Path(__file__).resolve().parents[1] / "models" / "staging" / "_loyalty__sources.yml"
# The raw sources, as the dbt project declares them.
SOURCES = [table["name"] for table in yaml.safe_load(SOURCES_YML.read_text())["sources"][0]["tables"]]

# Marts that always have rows once any event exists (the others may be empty,
# e.g. points_balances without a ledger).
NON_EMPTY = {"retention_by_period", "purchase_behaviour_by_period", "purchase_behaviour_overall", "nps_by_period",
             "csat_by_period", "ces_by_period", "mrr_by_month", "dim_customers", "loyalty_program_impact",
             "ltv_by_segment", "source_reconciliation"}


def at_least(column: str, low: float = 0, high: float | None = None) -> gxe.ExpectColumnValuesToBeBetween:
    """Within [low, high] wherever the value is not null."""
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


def not_below(column_a: str, column_b: str) -> gxe.ExpectColumnPairValuesAToBeGreaterThanB:
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A=column_a, column_B=column_b, or_equal=True)


# Cross-table checks: one-row frames computed with SQL from several marts,
# validated like a mart under the name given here.
CROSS_TABLE_SQL = {
    "cross_table_checks": """
        select
            (select coalesce(sum(cohort_size), 0) from marts.cohort_retention
                where months_since_first_order = 0) as cohort_sizes_total,
            (select count(*) from marts.customer_ltv
                where first_order_date <= (
                    select cast(date_trunc('month', max(as_of_date) + 1) as date) - 1
                    from marts.purchase_behaviour_overall
                )) as customers_with_first_order,
            (select orders from marts.purchase_behaviour_overall) as overall_orders,
            (select coalesce(sum(orders), 0) from marts.purchase_behaviour_by_period
                where period_grain = 'month') as sum_month_orders,
            (select coalesce(sum(orders), 0) from marts.purchase_behaviour_by_period
                where period_grain = 'quarter') as sum_quarter_orders,
            (select coalesce(sum(orders), 0) from marts.purchase_behaviour_by_period
                where period_grain = 'year') as sum_year_orders,
            (select count(*) from marts.dim_customers) as dim_customers_rows,
            (select staged_rows from marts.source_reconciliation where source = 'customers') as staged_customers,
            (select max(as_of_date) from marts.purchase_behaviour_overall) as as_of_date,
            current_date - (select max(as_of_date) from marts.purchase_behaviour_overall) as as_of_age_days
    """,
}


def cross_table_expectations(max_age_days: int | None) -> list:
    return [
        # Orders are counts, so every grain adds up to all history (rates never do).
        gxe.ExpectColumnPairValuesToBeEqual(column_A="overall_orders", column_B="sum_month_orders"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="overall_orders", column_B="sum_quarter_orders"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="overall_orders", column_B="sum_year_orders"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="dim_customers_rows", column_B="staged_customers"),
        gxe.ExpectColumnPairValuesToBeEqual(column_A="cohort_sizes_total", column_B="customers_with_first_order"),
        # Freshness: as_of_date never lies in the future, and (when asked) is recent enough.
        gxe.ExpectColumnValuesToBeBetween(column="as_of_age_days", min_value=0, max_value=max_age_days),
    ]


def suites() -> dict[str, list]:
    marts = {mart: [] for mart in NON_EMPTY} | _suites()
    return {mart: ([gxe.ExpectTableRowCountToBeBetween(min_value=1)] if mart in NON_EMPTY else []) + expectations
            for mart, expectations in marts.items()}


def _suites() -> dict[str, list]:
    return {
        "rejected_rows": [at_least("check_number", 1, 5)],
        "source_reconciliation": [
            gxe.ExpectTableRowCountToEqual(value=len(SOURCES)),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=SOURCES),
            not_below("raw_rows", "staged_rows"),
        ],
        "cohort_retention": [at_least("months_since_first_order")],
        "purchase_behaviour_by_period": [at_least("revenue"), not_below("orders", "customers_with_orders")],
        "purchase_behaviour_overall": [gxe.ExpectTableRowCountToEqual(value=1), at_least("revenue")],
        "mrr_movements": [at_least("mrr"), at_least("previous_mrr")],
        "dim_customers": [at_least("latest_nps_score", 0, 10), at_least("revenue")],
        "loyalty_program_impact": [at_least("retention_difference", -1, 1)],
        "loyalty_program_by_month": [at_least("fee_revenue"), at_least("points_redeemed")],
        "game_odds_by_month": [not_below("plays", "wins"), not_below("plays", "players")],
        "customer_ltv": [
            gxe.ExpectColumnValuesToNotBeNull(column="model_status"),
            at_least("historical_ltv"),
            not_below("age_days", "recency_days"),
        ],
        "ltv_by_segment": [at_least("expected_lifespan_years"), at_least("simple_ltv")],
        "tier_summary_by_month": [at_least("customers")],
        "points_by_month": [at_least("points_issued")],
    }
