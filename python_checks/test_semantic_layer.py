"""The dbt semantic layer (models/semantic): MetricFlow's answers equal the
marts. Rates are one metric per grain, computed from that grain's own
counts: a quarter's retention from MetricFlow is the quarter row of
retention_by_period, while the monthly metric re-aggregated into quarters is
not (the mistake the per-grain metrics exist to prevent)."""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="module")
def metricflow(build_warehouse, tmp_path_factory):
    warehouse = build_warehouse(ROOT / "data" / "demo")
    # A copy: dbt-duckdb in this process may still hold the built file open.
    out = tmp_path_factory.mktemp("mf")
    shutil.copy(warehouse.path, out / "loyalty.duckdb")
    wal = warehouse.path.with_name(warehouse.path.name + ".wal")
    if wal.exists():  # tables not yet checkpointed into the file
        shutil.copy(wal, out / "loyalty.duckdb.wal")
    env = {**os.environ, "LOYALTY_WAREHOUSE": str(out / "loyalty.duckdb")}
    # mf reads target/semantic_manifest.json, whose relations name the warehouse file.
    subprocess.run([f"{BIN}/dbt", "parse", "--profiles-dir", str(ROOT), "--project-dir", str(ROOT), "--quiet"],
                   cwd=ROOT, env=env, check=True)

    def query(metrics: str, group_by: str, saved_query: str | None = None) -> list[dict]:
        path = out / f"{saved_query or metrics.replace(',', '_')}_{group_by}.csv"
        what = ["--saved-query", saved_query] if saved_query else ["--metrics", metrics, "--group-by", group_by]
        subprocess.run([f"{BIN}/mf", "query", *what, "--order", group_by, "--csv", str(path)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        with path.open() as handle:
            return list(csv.DictReader(handle))

    return warehouse, query


def close(a, b) -> bool:
    if a in ("", None) or b is None:
        return a in ("", None) and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_the_semantic_manifest_validates(metricflow):
    result = subprocess.run([f"{BIN}/mf", "validate-configs", "--skip-dw"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_quarterly_retention_is_the_quarter_rows_not_summed_months(metricflow):
    warehouse, query = metricflow
    rows = query("quarterly_retention_rate,monthly_retention_rate", "metric_time__quarter")
    mart = dict(warehouse.rows("select period_start, retention_rate from marts.retention_by_period "
                               "where period_grain = 'quarter'"))
    assert len(rows) == len(mart)
    for row in rows:
        assert close(row["quarterly_retention_rate"], mart[_day(row["metric_time__quarter"])])
    # Summing months into quarters overstates retention: S counts each customer once per month.
    complete = [r for r in rows if r["quarterly_retention_rate"] not in ("", None)][:-1]
    assert all(float(r["monthly_retention_rate"]) > float(r["quarterly_retention_rate"]) for r in complete)


def test_monthly_nps_revenue_and_net_revenue_retention_equal_the_marts(metricflow):
    warehouse, query = metricflow
    rows = {_day(r["metric_time__month"]): r
            for r in query("monthly_nps,revenue,net_revenue_retention", "metric_time__month")}
    nps = dict(warehouse.rows("select period_start, nps from marts.nps_by_period "
                              "where period_grain = 'month' and touchpoint = 'all'"))
    revenue = dict(warehouse.rows("select period_start, revenue from marts.purchase_behaviour_by_period "
                                  "where period_grain = 'month'"))
    nrr = dict(warehouse.rows("select month, net_revenue_retention from marts.mrr_by_month"))
    assert set(rows) == set(nps)
    for day, row in rows.items():
        assert close(row["monthly_nps"], nps[day]), day
        assert close(row["revenue"], revenue[day]), day
        assert close(row["net_revenue_retention"], nrr[day]), day


def test_revenue_adds_up_to_the_year_rows(metricflow):
    warehouse, query = metricflow
    years = dict(warehouse.rows("select period_start, revenue from marts.purchase_behaviour_by_period "
                                "where period_grain = 'year'"))
    for row in query("revenue", "metric_time__year"):
        assert close(row["revenue"], years[_day(row["metric_time__year"])])


def test_churn_csat_ces_and_revenue_retention_equal_the_marts(metricflow):
    warehouse, query = metricflow
    rows = {_day(r["metric_time__month"]): r for r in query(
        "monthly_churn_rate,monthly_csat,monthly_ces_easy_share,gross_revenue_retention", "metric_time__month")}
    churn = dict(warehouse.rows("select period_start, churn_rate from marts.retention_by_period "
                                "where period_grain = 'month'"))
    csat = dict(warehouse.rows("select period_start, csat from marts.csat_by_period "
                               "where period_grain = 'month' and touchpoint = 'all'"))
    ces = dict(warehouse.rows("select period_start, ces_easy_pct from marts.ces_by_period "
                              "where period_grain = 'month' and touchpoint = 'all'"))
    grr = dict(warehouse.rows("select month, gross_revenue_retention from marts.mrr_by_month"))
    assert set(churn) <= set(rows) and csat and ces
    for day, row in rows.items():
        assert close(row["monthly_churn_rate"], churn.get(day)), day
        assert close(row["monthly_csat"], csat.get(day)), day
        assert close(row["monthly_ces_easy_share"], ces.get(day)), day
        assert close(row["gross_revenue_retention"], grr.get(day)), day


def test_repeat_purchase_and_cross_sell_rates_equal_the_mart(metricflow):
    warehouse, query = metricflow
    rows = query("monthly_repeat_purchase_rate,monthly_cross_sell_rate", "metric_time__month")
    mart = {day: (repeat, cross) for day, repeat, cross in warehouse.rows(
        "select period_start, repeat_purchase_rate, cross_sell_rate from marts.purchase_behaviour_by_period "
        "where period_grain = 'month'")}
    assert {_day(r["metric_time__month"]) for r in rows} == set(mart)
    for row in rows:
        repeat, cross = mart[_day(row["metric_time__month"])]
        assert close(row["monthly_repeat_purchase_rate"], repeat) and close(row["monthly_cross_sell_rate"], cross)


def test_breakage_is_expired_over_issued_in_each_period(metricflow):
    warehouse, query = metricflow
    monthly = dict(warehouse.rows("select month, breakage_rate from marts.points_by_month"))
    rows = query("breakage_rate", "metric_time__month")
    assert {_day(r["metric_time__month"]) for r in rows} == set(monthly)
    for row in rows:
        assert close(row["breakage_rate"], monthly[_day(row["metric_time__month"])])
    yearly = dict(warehouse.rows("select cast(date_trunc('year', month) as date), sum(points_expired) / sum(points_issued) "
                                 "from marts.points_by_month group by 1"))
    for row in query("breakage_rate", "metric_time__year"):
        assert close(row["breakage_rate"], yearly[_day(row["metric_time__year"])])


def test_the_cumulative_mrr_is_the_ending_mrr_of_each_month(metricflow):
    warehouse, query = metricflow
    ending = dict(warehouse.rows("select month, ending_mrr from marts.mrr_by_month"))
    # A cumulative metric runs on along the time spine after the last month: compare the mart's months.
    rows = [r for r in query("cumulative_mrr", "metric_time__month") if _day(r["metric_time__month"]) in ending]
    assert [_day(r["metric_time__month"]) for r in rows] == sorted(ending)
    for row in rows:
        assert close(row["cumulative_mrr"], ending[_day(row["metric_time__month"])])


def test_the_saved_queries_give_the_headline_views(metricflow):
    warehouse, query = metricflow
    health = query("", "metric_time__month", saved_query="monthly_health")
    retention = dict(warehouse.rows("select period_start, retention_rate from marts.retention_by_period "
                                    "where period_grain = 'month'"))
    assert len(health) == len(retention)
    for row in health:
        assert close(row["monthly_retention_rate"], retention[_day(row["metric_time__month"])])
    bridge = query("", "metric_time__month", saved_query="recurring_revenue_bridge")
    nrr = dict(warehouse.rows("select month, net_revenue_retention from marts.mrr_by_month"))
    assert {_day(row["metric_time__month"]) for row in bridge} == set(nrr)
    for row in bridge:
        assert close(row["net_revenue_retention"], nrr[_day(row["metric_time__month"])])


def _day(text: str):
    import datetime as dt
    return dt.date.fromisoformat(text[:10])
