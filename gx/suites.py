"""Expectation suites, one per mart, kept as code.

Each entry maps a mart (a table in the `marts` schema) to the expectations
it must meet. `run_checkpoints.py` validates every mart that exists in the
warehouse against its suite.
"""

from __future__ import annotations

import great_expectations.expectations as gxe

REJECTION_SOURCES = [
    "customers", "products", "orders", "order_items", "subscriptions",
    "survey_responses", "loyalty_members", "points_ledger", "game_plays",
]
GRAINS = ["month", "quarter", "year"]
REASON_CODES = [
    "malformed_row", "missing_value", "invalid_value", "out_of_domain", "future_event", "unknown_reference", "duplicate_key",
]


# docs/metrics.md section 12: the columns BI tools read, per mart (more are allowed).
REQUIRED_COLUMNS = {
    "rejected_rows": "source row_key reason raw_row",
    "retention_by_period": "period_grain period_start period_end customers_at_start customers_at_end retained_customers "
                           "new_customers reactivated_customers churned_customers retention_rate churn_rate "
                           "is_complete_period",
    "cohort_retention": "cohort_month months_since_first_order cohort_size retained_customers retention_rate",
    "purchase_behaviour_by_period": "period_grain period_start customers_with_orders orders revenue repeat_purchase_rate "
                                    "cross_sell_rate average_order_value revenue_per_customer",
    "purchase_behaviour_overall": "customers_with_orders orders revenue repeat_purchase_rate cross_sell_rate "
                                  "average_order_value revenue_per_customer",
    "nps_by_period": "period_grain period_start touchpoint responses promoters passives detractors nps nps_margin_of_error",
    "csat_by_period": "period_grain period_start touchpoint responses satisfied csat",
    "ces_by_period": "period_grain period_start touchpoint responses easy ces_average ces_easy_pct",
    "dim_customers": "customer_id is_active is_repeat_purchaser latest_nps_score latest_nps_category current_tier "
                     "is_member",
    "customer_ltv": "customer_id orders historical_ltv average_order_value first_order_date last_order_date p_alive "
                    "expected_purchases predicted_ltv",
    "ltv_by_segment": "segment average_order_value purchase_frequency annual_churn_rate expected_lifespan_years "
                      "simple_ltv",
    "customer_tier_history": "customer_id month_end qualifying_spend tier_name tier_rank tier_change",
    "points_balances": "customer_id points_earned points_redeemed points_expired points_adjusted points_balance "
                       "points_liability",
    "loyalty_program_impact": "period_grain period_start member_customers_at_start member_retained member_retention_rate "
                              "non_member_customers_at_start non_member_retained non_member_retention_rate "
                              "retention_difference ci_low ci_high z_score p_value",
    "mrr_movements": "customer_id month previous_mrr mrr movement",
    "mrr_by_month": "month starting_mrr new_mrr expansion_mrr contraction_mrr churned_mrr reactivation_mrr ending_mrr "
                    "subscribers customer_churn_rate net_revenue_retention gross_revenue_retention",
    "points_accrual_audit": "customer_id month program expected_points earned_points variance_points accrual_status",
    "loyalty_program_by_month": "program program_type month members_at_start new_members cancelled_members "
                                "members_at_end member_retention_rate member_revenue fee_revenue points_issued "
                                "points_redeemed rewards_earned reward_cost program_cost is_complete_period",
    "game_odds_by_month": "month plays players wins win_rate meets_minimum_odds",
    "points_by_month": "month points_issued points_redeemed points_expired points_adjusted points_outstanding "
                       "partner_points_issued",
}
# Marts that always have rows once any event exists (the others may be empty,
# e.g. points_balances without a ledger).
NON_EMPTY = {"retention_by_period", "purchase_behaviour_by_period", "purchase_behaviour_overall", "nps_by_period",
             "csat_by_period", "ces_by_period", "mrr_by_month", "dim_customers", "loyalty_program_impact",
             "ltv_by_segment", "source_reconciliation"}


def contract_expectations(mart: str) -> list:
    """Column set (spec section 12) and a non-empty table, for every mart."""
    expectations = []
    if mart in REQUIRED_COLUMNS:
        expectations.append(gxe.ExpectTableColumnsToMatchSet(column_set=REQUIRED_COLUMNS[mart].split(),
                                                             exact_match=False))
    if mart in NON_EMPTY:
        expectations.append(gxe.ExpectTableRowCountToBeBetween(min_value=1))
    return expectations


def rate(column: str, low: float = 0, high: float | None = 1) -> gxe.ExpectColumnValuesToBeBetween:
    """A rate column: within [low, high] wherever it is not null."""
    return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high)


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


def derived_columns() -> dict[str, dict]:
    """Columns computed in pandas before validation, so GX can check
    cross-column definitions (the score against its own counts)."""
    def gap(score, counts):
        return lambda df: (df[score] - counts(df)).abs()
    return {
        "nps_by_period": {"nps_definition_gap": gap(
            "nps", lambda df: 100.0 * (df["promoters"] - df["detractors"]) / df["responses"].where(df["responses"] > 0))},
        "csat_by_period": {"csat_definition_gap": gap(
            "csat", lambda df: 100.0 * df["satisfied"] / df["responses"].where(df["responses"] > 0))},
        "ces_by_period": {"ces_definition_gap": gap(
            "ces_easy_pct", lambda df: 100.0 * df["easy"] / df["responses"].where(df["responses"] > 0))},
    }


def suites() -> dict[str, list]:
    return {mart: contract_expectations(mart) + expectations for mart, expectations in _suites().items()}


def _suites() -> dict[str, list]:
    return {
        "rejected_rows": [
            gxe.ExpectTableColumnsToMatchSet(
                column_set=["source", "row_key", "reason", "reason_code", "raw_row", "check_number",
                            "source_row_number"],
                exact_match=True,
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="source"),
            gxe.ExpectColumnValuesToNotBeNull(column="reason"),
            gxe.ExpectColumnValuesToNotBeNull(column="raw_row"),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=REJECTION_SOURCES),
            gxe.ExpectColumnValuesToBeInSet(column="reason_code", value_set=REASON_CODES),
            gxe.ExpectColumnValuesToBeBetween(column="check_number", min_value=1, max_value=5),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["source", "source_row_number"],
                                                ignore_row_if="any_value_is_missing"),
        ],
        "source_reconciliation": [
            gxe.ExpectTableRowCountToEqual(value=len(REJECTION_SOURCES)),
            gxe.ExpectColumnValuesToBeInSet(column="source", value_set=REJECTION_SOURCES),
            gxe.ExpectColumnValuesToBeUnique(column="source"),
            gxe.ExpectColumnValuesToBeInSet(column="is_reconciled", value_set=[True]),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="raw_rows", column_B="staged_rows", or_equal=True),
        ],
        "retention_by_period": [
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start"]),
            gxe.ExpectColumnValuesToBeInSet(column="period_grain", value_set=GRAINS),
            gxe.ExpectColumnValuesToNotBeNull(column="period_start"),
            rate("retention_rate"),
            rate("churn_rate"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="customers_at_start", column_B="retained_customers",
                                                        or_equal=True),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="customers_at_end", column_B="retained_customers",
                                                        or_equal=True),
            gxe.ExpectColumnValuesToBeInSet(column="is_complete_period", value_set=[True, False]),
        ],
        "cohort_retention": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["cohort_month", "months_since_first_order"]),
            gxe.ExpectColumnValuesToBeBetween(column="months_since_first_order", min_value=0),
            rate("retention_rate"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="cohort_size", column_B="retained_customers",
                                                        or_equal=True),
        ],
        "purchase_behaviour_by_period": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start"]),
            gxe.ExpectColumnValuesToBeInSet(column="period_grain", value_set=GRAINS),
            rate("repeat_purchase_rate"),
            rate("cross_sell_rate"),
            gxe.ExpectColumnValuesToBeBetween(column="revenue", min_value=0),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="orders", column_B="customers_with_orders",
                                                        or_equal=True),
        ],
        "purchase_behaviour_overall": [
            gxe.ExpectTableRowCountToEqual(value=1),
            rate("repeat_purchase_rate"),
            rate("cross_sell_rate"),
            gxe.ExpectColumnValuesToBeBetween(column="revenue", min_value=0),
        ],
        "mrr_movements": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["customer_id", "month"]),
            gxe.ExpectColumnValuesToBeInSet(
                column="movement",
                value_set=["new", "reactivation", "expansion", "contraction", "churn", "unchanged"]),
            gxe.ExpectColumnValuesToBeBetween(column="mrr", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="previous_mrr", min_value=0),
        ],
        "mrr_by_month": [
            gxe.ExpectColumnValuesToBeUnique(column="month"),
            gxe.ExpectColumnValuesToBeBetween(column="ending_mrr", min_value=0),
            rate("customer_churn_rate"),
            rate("gross_revenue_retention"),
            rate("net_revenue_retention", high=None),
        ],
        "nps_by_period": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start", "touchpoint"]),
            gxe.ExpectColumnValuesToNotBeNull(column="touchpoint"),
            gxe.ExpectColumnValuesToBeBetween(column="nps", min_value=-100, max_value=100),
            gxe.ExpectColumnValuesToBeBetween(column="nps_margin_of_error", min_value=0),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="responses", column_B="promoters", or_equal=True),
            gxe.ExpectColumnValuesToBeBetween(column="nps_definition_gap", min_value=0, max_value=1e-9),
        ],
        "csat_by_period": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start", "touchpoint"]),
            gxe.ExpectColumnValuesToBeBetween(column="csat", min_value=0, max_value=100),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="responses", column_B="satisfied", or_equal=True),
            gxe.ExpectColumnValuesToBeBetween(column="csat_definition_gap", min_value=0, max_value=1e-9),
        ],
        "ces_by_period": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start", "touchpoint"]),
            gxe.ExpectColumnValuesToBeBetween(column="ces_average", min_value=1),
            gxe.ExpectColumnValuesToBeBetween(column="ces_easy_pct", min_value=0, max_value=100),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="responses", column_B="easy", or_equal=True),
            gxe.ExpectColumnValuesToBeBetween(column="ces_definition_gap", min_value=0, max_value=1e-9),
        ],
        "dim_customers": [
            gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="current_tier"),
            gxe.ExpectColumnValuesToBeInSet(column="latest_nps_category", value_set=["promoter", "passive", "detractor"]),
            gxe.ExpectColumnValuesToBeBetween(column="latest_nps_score", min_value=0, max_value=10),
            gxe.ExpectColumnValuesToBeBetween(column="revenue", min_value=0),
        ],
        "loyalty_program_impact": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["period_grain", "period_start"]),
            gxe.ExpectColumnValuesToBeInSet(column="period_grain", value_set=GRAINS),
            rate("member_retention_rate"),
            rate("non_member_retention_rate"),
            rate("p_value"),
            gxe.ExpectColumnValuesToBeBetween(column="retention_difference", min_value=-1, max_value=1),
        ],
        "points_accrual_audit": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["customer_id", "month"]),
            gxe.ExpectColumnValuesToBeInSet(column="accrual_status",
                                            value_set=["match", "under_awarded", "over_awarded"]),
            gxe.ExpectColumnValuesToBeBetween(column="expected_points", min_value=0),
        ],
        "loyalty_program_by_month": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["program", "month"]),
            gxe.ExpectColumnValuesToBeInSet(column="program_type",
                                            value_set=["points", "tiered", "paid", "value", "partner", "game"]),
            rate("member_retention_rate"),
            gxe.ExpectColumnValuesToBeBetween(column="fee_revenue", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="rewards_earned", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="points_redeemed", min_value=0),
        ],
        "game_odds_by_month": [
            gxe.ExpectColumnValuesToBeUnique(column="month"),
            rate("win_rate"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="plays", column_B="wins", or_equal=True),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="plays", column_B="players", or_equal=True),
        ],
        "customer_ltv": [
            gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="model_status"),
            rate("p_alive"),
            gxe.ExpectColumnValuesToBeBetween(column="expected_purchases", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="predicted_ltv", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="historical_ltv", min_value=0),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="age_days", column_B="recency_days", or_equal=True),
        ],
        "ltv_by_segment": [
            gxe.ExpectColumnValuesToBeUnique(column="segment"),
            gxe.ExpectColumnValuesToNotBeNull(column="segment"),
            rate("annual_churn_rate"),
            gxe.ExpectColumnValuesToBeBetween(column="expected_lifespan_years", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="simple_ltv", min_value=0),
        ],
        "customer_tier_history": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["customer_id", "month_end"]),
            gxe.ExpectColumnValuesToNotBeNull(column="tier_name"),
            gxe.ExpectColumnValuesToBeInSet(column="tier_change", value_set=["new", "upgrade", "downgrade", "unchanged"]),
            gxe.ExpectColumnValuesToBeBetween(column="qualifying_spend", min_value=0),
        ],
        "tier_summary_by_month": [
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["month_end", "tier_name"]),
            gxe.ExpectColumnValuesToBeBetween(column="customers", min_value=0),
        ],
        "points_balances": [
            gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
            gxe.ExpectColumnValuesToBeBetween(column="points_earned", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="points_redeemed", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="points_expired", min_value=0),
        ],
        "points_by_month": [
            gxe.ExpectColumnValuesToBeUnique(column="month"),
            gxe.ExpectColumnValuesToBeBetween(column="points_issued", min_value=0),
            gxe.ExpectColumnValuesToBeBetween(column="breakage_rate", min_value=0),
        ],
    }
