"""Write the loyalty report: one self-contained HTML file drawn from the
built warehouse's marts (no server, no internet; plotly.js is inlined once).

    python scripts/report.py                              # warehouse/loyalty.duckdb -> warehouse/report.html
    python scripts/report.py --warehouse W.duckdb --out report.html

Each panel says what it shows and on which as_of_date. A mart with no rows
gives a "no data" panel that says so; the page is never broken. The charts
read the marts as they are: the report computes no metric of its own.
"""

from __future__ import annotations

import argparse
import html
import pathlib
import sys
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

ROOT = pathlib.Path(__file__).resolve().parents[1]
MARTS = "marts"


@dataclass
class Chart:
    """One panel of the report: the mart it reads, the query (with {t} for the
    mart), and how its rows are drawn. `no_rows` says why a mart without rows
    has nothing to show."""

    key: str
    title: str
    description: str
    table: str
    sql: str
    draw: Callable[[pd.DataFrame], go.Figure]
    no_rows: str | None = None


@dataclass
class Panel:
    chart: Chart
    figure: go.Figure | None
    empty_reason: str = ""


class Marts:
    """Read-only access to the marts of one warehouse file."""

    def __init__(self, path: pathlib.Path, read_only: bool = True):
        self.con = duckdb.connect(str(path), read_only=read_only)
        self.tables = {name for (name,) in self.con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [MARTS]).fetchall()}

    def frame(self, table: str, sql: str):
        """Run sql (with {t} standing for the mart) and return a DataFrame; None when the mart is absent."""
        if table not in self.tables:
            return None
        return self.con.execute(sql.format(t=f'"{MARTS}"."{table}"')).df()

    def as_of_date(self) -> str:
        try:
            row = self.con.execute("select as_of_date from intermediate.int_reporting_window").fetchone()
        except duckdb.Error:
            row = None
        return str(row[0]) if row and row[0] is not None else "unknown"


def _layout(figure: go.Figure, y_title: str, percent: bool = False) -> go.Figure:
    figure.update_layout(margin={"l": 60, "r": 20, "t": 20, "b": 50}, height=380, legend={"orientation": "h", "y": -0.2},
                         template="plotly_white")
    figure.update_yaxes(title_text=y_title, tickformat=".0%" if percent else None)
    return figure


def _lines(x: str, series: dict[str, str], y_title: str, percent: bool = False):
    """Draw one line per column of `series` ({column: name}) against column x."""
    def draw(df: pd.DataFrame) -> go.Figure:
        return _layout(go.Figure([go.Scatter(x=df[x], y=df[column], name=name, mode="lines+markers")
                                  for column, name in series.items()]), y_title, percent)
    return draw


def _lines_by(x: str, group: str, y_title: str):
    """Draw one line of column `value` per value of column `group`."""
    def draw(df: pd.DataFrame) -> go.Figure:
        return _layout(go.Figure([go.Scatter(x=rows[x], y=rows.value, mode="lines+markers", name=name)
                                  for name, rows in df.groupby(group, sort=True)]), y_title)
    return draw


def _cohort_heatmap(df: pd.DataFrame) -> go.Figure:
    grid = df.pivot(index="cohort_month", columns="months_since_first_order", values="retention_rate")
    figure = go.Figure(go.Heatmap(z=grid.values, x=list(grid.columns), y=[str(d) for d in grid.index],
                                  colorscale="Blues", zmin=0, zmax=1, colorbar={"tickformat": ".0%"}))
    figure.update_xaxes(title_text="months since first order")
    return _layout(figure, "cohort (first-order month)")


def _mrr_bridge(df: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    for column, sign in [("new_mrr", 1), ("expansion_mrr", 1), ("reactivation_mrr", 1),
                         ("contraction_mrr", -1), ("churned_mrr", -1)]:
        figure.add_bar(x=df.month, y=df[column].astype(float).abs() * sign, name=column.replace("_", " "))
    figure.add_scatter(x=df.month, y=df.ending_mrr.astype(float), name="ending mrr", mode="lines+markers")
    figure.update_layout(barmode="relative")
    return _layout(figure, "MRR")


def _nps(df: pd.DataFrame) -> go.Figure:
    return _layout(go.Figure(go.Scatter(x=df.period_start, y=df.nps, mode="lines+markers", name="NPS",
                                        error_y={"type": "data", "array": df.nps_margin_of_error.fillna(0)})),
                   "NPS (-100 to 100)")


def _tier_mix(df: pd.DataFrame) -> go.Figure:
    return _layout(go.Figure([go.Scatter(x=rows.month_end, y=rows.customers, name=tier, stackgroup="tiers")
                              for (_, tier), rows in df.groupby(["tier_rank", "tier_name"], sort=True)]), "customers")


def _stacked_bars(x: str, y: str, group: str, label: str, y_title: str, x_title: str | None = None):
    """Stack one bar series per value of column `group` (named label.format(value))."""
    def draw(df: pd.DataFrame) -> go.Figure:
        figure = go.Figure([go.Bar(x=rows[x], y=rows[y], name=label.format(name))
                            for name, rows in df.groupby(group, sort=True)])
        figure.update_layout(barmode="stack")
        if x_title:
            figure.update_xaxes(title_text=x_title)
        return _layout(figure, y_title)
    return draw


def _program_impact(df: pd.DataFrame) -> go.Figure:
    figure = make_subplots(rows=1, cols=2, subplot_titles=("retention rate", "difference (members - non-members)"))
    figure.add_scatter(x=df.period_start, y=df.member_retention_rate, name="members", mode="lines+markers", row=1, col=1)
    figure.add_scatter(x=df.period_start, y=df.non_member_retention_rate, name="non-members", mode="lines+markers",
                       row=1, col=1)
    figure.add_scatter(x=df.period_start, y=df.retention_difference, name="difference", mode="markers", row=1, col=2,
                       error_y={"type": "data", "symmetric": False, "array": df.ci_high - df.retention_difference,
                                "arrayminus": df.retention_difference - df.ci_low})
    return _layout(figure, "", percent=True)


MONTHLY = "where period_grain = 'month'"
LTV_BINS = """
    with scored as (
        select predicted_ltv, case when p_alive >= 0.75 then '0.75 to 1'
                                    when p_alive >= 0.5 then '0.50 to 0.75'
                                    when p_alive >= 0.25 then '0.25 to 0.50'
                                    else '0 to 0.25' end as p_alive_band
        from {t} where predicted_ltv is not null
    ),
    bounds as (select quantile_cont(predicted_ltv, 0.99) as top from scored)
    select p_alive_band,
           least(floor(predicted_ltv / (greatest(top, 1e-9) / 40)), 40) * (greatest(top, 1e-9) / 40) as bin_start,
           count(*) as customers
    from scored, bounds group by all order by p_alive_band, bin_start"""

CHARTS = [
    Chart("cohort_retention", "Cohort retention",
          "Share of each first-order month's customers who ordered again N months later (mart cohort_retention).",
          "cohort_retention", "select cohort_month, months_since_first_order, retention_rate from {t} "
                              "order by cohort_month, months_since_first_order", _cohort_heatmap),
    Chart("retention_trend", "Retention and churn by month",
          "Monthly retention rate and churn rate of customers active at the start of each month "
          "(mart retention_by_period, month grain; the last month may be incomplete).",
          "retention_by_period", f"select period_start, retention_rate, churn_rate from {{t}} {MONTHLY} "
                                 "order by period_start",
          _lines("period_start", {"retention_rate": "retention rate", "churn_rate": "churn rate"}, "rate", True)),
    Chart("mrr_bridge", "Recurring revenue bridge",
          "Each month's MRR movements (new, expansion and reactivation up; contraction and churn down) "
          "and the ending MRR (mart mrr_by_month).",
          "mrr_by_month", "select month, new_mrr, expansion_mrr, reactivation_mrr, contraction_mrr, churned_mrr, "
                          "ending_mrr from {t} order by month", _mrr_bridge),
    Chart("nps", "Net Promoter Score by month",
          "NPS of all touchpoints together, with its 95 % margin of error as error bars "
          "(mart nps_by_period, month grain).",
          "nps_by_period", f"select period_start, nps, nps_margin_of_error from {{t}} {MONTHLY} "
                           "and touchpoint = 'all' order by period_start", _nps),
    Chart("csat_by_period", "CSAT by touchpoint",
          "CSAT (% satisfied) by month for each touchpoint and for all together (mart csat_by_period, month grain).",
          "csat_by_period", f"select period_start, touchpoint, csat as value from {{t}} {MONTHLY} "
                            "order by touchpoint, period_start",
          _lines_by("period_start", "touchpoint", "CSAT (% satisfied)")),
    Chart("ces_by_period", "Customer effort by touchpoint",
          "CES (average score) by month for each touchpoint and for all together (mart ces_by_period, month grain).",
          "ces_by_period", f"select period_start, touchpoint, ces_average as value from {{t}} {MONTHLY} "
                           "order by touchpoint, period_start",
          _lines_by("period_start", "touchpoint", "CES (average score)")),
    Chart("tier_mix", "Tier mix over time",
          "Customers in each tier at the end of each month (mart tier_summary_by_month).",
          "tier_summary_by_month", "select month_end, tier_name, tier_rank, customers from {t} "
                                   "order by tier_rank, month_end", _tier_mix),
    Chart("ltv", "Predicted lifetime value and p_alive",
          "Customers by predicted lifetime value (40 bins up to the 99th percentile; the last bin holds "
          "the rest), coloured by probability of being alive (mart customer_ltv).",
          "customer_ltv", LTV_BINS,
          _stacked_bars("bin_start", "customers", "p_alive_band", "p_alive {}", "customers",
                        "predicted lifetime value (bin start)"),
          "No data: no customer has a prediction (see customer_ltv.model_status)."),
    Chart("program_impact", "Members vs non-members: retention",
          "Monthly retention of loyalty members and non-members, and the difference with its 95 % "
          "confidence interval (mart loyalty_program_impact, month grain).",
          "loyalty_program_impact", "select period_start, member_retention_rate, non_member_retention_rate, "
                                    f"retention_difference, ci_low, ci_high from {{t}} {MONTHLY} "
                                    "and retention_difference is not null order by period_start", _program_impact,
          "No data: no month has both members and non-members."),
    Chart("data_quality", "Data quality: rejected rows",
          "Raw rows rejected by source and reason; every one is kept with its reason in the mart "
          "rejected_rows and counted in source_reconciliation.",
          "rejected_rows", "select source, reason_code, count(*) as rows from {t} group by all order by all",
          _stacked_bars("source", "rows", "reason_code", "{}", "rejected rows"),
          "No raw row was rejected: every row of every source passed its checks."),
]


def panels(marts: Marts) -> list[Panel]:
    """Each chart drawn from its mart, or the reason it has nothing to show."""
    drawn = []
    for chart in CHARTS:
        df = marts.frame(chart.table, chart.sql)
        if df is None:
            drawn.append(Panel(chart, None, f"No data: the mart {chart.table} is not in this warehouse."))
        elif df.empty:
            drawn.append(Panel(chart, None, chart.no_rows or f"No data: the mart {chart.table} has no rows "
                                                                "in this warehouse."))
        else:
            drawn.append(Panel(chart, chart.draw(df)))
    return drawn


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1f2933; }
header p { color: #52606d; }
section.panel { border: 1px solid #d9e2ec; border-radius: 6px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
section.panel h2 { margin: 0 0 0.25rem; font-size: 1.2rem; }
section.panel p.what { margin: 0 0 0.75rem; color: #52606d; }
p.no-data { padding: 2rem; text-align: center; background: #f5f7fa; color: #52606d; }
"""


def render(marts: Marts) -> str:
    as_of = html.escape(marts.as_of_date())
    body = []
    for index, panel in enumerate(panels(marts)):
        state = "chart" if panel.figure is not None else "empty"
        chart = panel.chart
        parts = [f'<section class="panel" data-panel="{chart.key}" data-state="{state}">',
                 f"<h2>{html.escape(chart.title)}</h2>",
                 f'<p class="what">{html.escape(chart.description)} As of {as_of}.</p>']
        if panel.figure is not None:
            parts.append(panel.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{index}",
                                              config={"displaylogo": False, "responsive": True}))
        else:
            parts.append(f'<p class="no-data">{html.escape(panel.empty_reason)}</p>')
        parts.append("</section>")
        body.append("\n".join(parts))
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        "<title>Loyalty report</title>", f"<style>{STYLE}</style>",
        f"<script>{get_plotlyjs()}</script>", "</head>", "<body>",
        f"<header><h1>Loyalty report</h1><p>Marts of the warehouse as of {as_of}. "
        "Metric definitions: docs/metrics.md in the project.</p></header>",
        *body, "</body>", "</html>",
    ])


def write(warehouse: pathlib.Path, out: pathlib.Path, read_only: bool = True) -> pathlib.Path:
    """Write the report of the warehouse file to out."""
    marts = Marts(warehouse, read_only)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(marts), encoding="utf-8")
    finally:
        marts.con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=pathlib.Path, default=ROOT / "warehouse" / "loyalty.duckdb")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "warehouse" / "report.html")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        raise SystemExit(f"report: no warehouse at {args.warehouse}; run `make build` first")
    write(args.warehouse, args.out)
    print(f"report: {args.out} ({args.out.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
