"""Print a one-screen summary of a built warehouse.

    python scripts/summary.py warehouse/loyalty.duckdb
"""

from __future__ import annotations

import sys

import duckdb


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return con.execute(query, [schema, name]).fetchone()[0] > 0


def main(path: str) -> int:
    con = duckdb.connect(path)
    print(f"\nWarehouse: {path}\n")

    window = con.execute("select first_event_date, as_of_date from intermediate.int_reporting_window").fetchone()
    print(f"Reporting window: {window[0]} .. {window[1]} (as_of_date)\n")

    print("Marts (rows):")
    marts = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    ).fetchall()
    for (name,) in marts:
        count = con.execute(f'select count(*) from marts."{name}"').fetchone()[0]
        print(f"  {name:<32}{count:>12,}")

    print("\nRaw rows per source (raw = staged + rejected):")
    print(f"  {'source':<20}{'raw':>12}{'staged':>12}{'rejected':>10}  reconciled")
    for source, raw, staged, rejected, ok in con.execute(
        "select source, raw_rows, staged_rows, rejected_rows, is_reconciled from marts.source_reconciliation"
    ).fetchall():
        print(f"  {source:<20}{raw:>12,}{staged:>12,}{rejected:>10,}  {'yes' if ok else 'NO'}")

    print("\nHeadline metrics:")
    customers, orders, revenue = con.execute("""
        select
            (select count(*) from staging.stg_loyalty__customers),
            count(*),
            sum(amount)
        from staging.stg_loyalty__orders
        where is_completed
            and ordered_date <= (select as_of_date from intermediate.int_reporting_window)
    """).fetchone()
    print(f"  {'customers':<38}{customers:>12,}")
    print(f"  {'completed orders':<38}{orders:>12,}")
    print(f"  {'revenue':<38}{revenue or 0:>12,.2f}")
    headline = [
        ("retention_by_period", "retention rate, last complete period",
         "select retention_rate from marts.retention_by_period where period_grain = 'month' and is_complete_period "
         "order by period_start desc limit 1", "{:.1%}"),
        ("purchase_behaviour_overall", "repeat purchase rate",
         "select repeat_purchase_rate from marts.purchase_behaviour_overall", "{:.1%}"),
        ("nps_by_period", "NPS, last period (all touchpoints)",
         "select nps from marts.nps_by_period where period_grain = 'month' and touchpoint = 'all' "
         "order by period_start desc limit 1",
         "{:.1f}"),
        ("mrr_by_month", "MRR, last month",
         "select ending_mrr from marts.mrr_by_month order by month desc limit 1", "{:,.2f}"),
    ]
    for table, label, query, fmt in headline:
        if table_exists(con, "marts", table):
            value = con.execute(query).fetchone()
            shown = "n/a" if value is None or value[0] is None else fmt.format(value[0])
            print(f"  {label:<38}{shown:>12}")
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "warehouse/loyalty.duckdb"))
