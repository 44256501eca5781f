"""Check the lifetime-value model's predictions the way a skeptical user would.

The full CDNOW transaction log (data/cdnow/CDNOW_master.txt, 23,570
customers, 1997-01 .. 1998-06) is written out as a raw directory like any
user's export, the warehouse is built on it with as_of_date 1997-09-30 and
ltv_horizon_days 273, and the expected purchases of the next 273 days
(1997-10-01 .. 1998-06-30) are compared with the purchase days that actually
happened.

    python scripts/cdnow_holdout.py
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[1]
AS_OF = dt.date(1997, 9, 30)
HORIZON_DAYS = 273
HEADERS = {
    "products": ["product_id", "product_name", "category"],
    "order_items": ["order_id", "product_id", "quantity", "unit_price"],
    "subscriptions": ["subscription_id", "customer_id", "plan_id", "started_at", "ended_at", "monthly_amount"],
    "survey_responses": ["response_id", "customer_id", "survey_type", "score", "responded_at", "touchpoint"],
    "loyalty_members": ["customer_id", "enrolled_at", "cancelled_at", "program"],
    "points_ledger": ["entry_id", "customer_id", "occurred_at", "entry_type", "points"],
}


def write_raw_dir(raw: pathlib.Path) -> None:
    transactions = []
    with (ROOT / "data" / "cdnow" / "CDNOW_master.txt").open() as handle:
        next(handle)  # header
        for line in handle:
            customer, day, _cds, value = line.split()
            transactions.append((customer, dt.datetime.strptime(day, "%Y%m%d").date(), value))
    first_day: dict[str, dt.date] = {}
    for customer, day, _ in transactions:
        first_day[customer] = min(day, first_day.get(customer, day))
    with (raw / "customers.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "signup_at", "country", "acquisition_channel"])
        writer.writerows([c, d.isoformat(), "", ""] for c, d in first_day.items())
    with (raw / "orders.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["order_id", "customer_id", "ordered_at", "status", "amount"])
        writer.writerows([f"T{i}", c, d.isoformat(), "completed", v] for i, (c, d, v) in enumerate(transactions))
    for name, header in HEADERS.items():
        with (raw / f"{name}.csv").open("w", newline="") as handle:
            csv.writer(handle).writerow(header)


def main() -> int:
    work = pathlib.Path(tempfile.mkdtemp(prefix="cdnow-"))
    raw = work / "raw"
    raw.mkdir()
    write_raw_dir(raw)
    warehouse = work / "cdnow.duckdb"
    command = [str(ROOT / ".venv" / "bin" / "dbt"), "build", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
               "--target-path", str(work / "target"), "--exclude", "resource_type:unit_test",
               "--vars", json.dumps({"raw_dir": str(raw), "as_of_date": AS_OF.isoformat(),
                                     "ltv_horizon_days": HORIZON_DAYS})]
    result = subprocess.run(command, cwd=ROOT, env=dict(os.environ, LOYALTY_WAREHOUSE=str(warehouse)),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print(result.stdout[-4000:])
        return 1
    con = duckdb.connect(str(warehouse))
    end = AS_OF + dt.timedelta(days=HORIZON_DAYS)
    rows = con.execute(f"""
        with actual as (
            select customer_id, count(distinct ordered_date) as actual_purchases
            from staging.stg_loyalty__orders
            where is_completed and ordered_date > date '{AS_OF}' and ordered_date <= date '{end}'
            group by customer_id
        )
        select
            least(ltv.frequency, 7) as calibration_repeat_days,
            count(*) as customers,
            sum(coalesce(actual.actual_purchases, 0)) as actual,
            sum(ltv.expected_purchases) as predicted
        from marts.customer_ltv as ltv
        left join actual on ltv.customer_id = actual.customer_id
        group by all
        order by 1
    """).fetchall()
    status = con.execute("select distinct model_status from marts.customer_ltv").fetchall()
    params = con.execute("select distinct bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, gg_p, gg_q, gg_gamma "
                         "from intermediate.int_ltv_forecasts").fetchall()
    print(f"model status: {status}; parameters (days): {params}")
    print(f"{'repeat days (7 = 7+)':>22}{'customers':>11}{'actual':>10}{'predicted':>11}")
    total_actual = total_predicted = 0.0
    for repeat_days, customers, actual, predicted in rows:
        total_actual += actual
        total_predicted += predicted
        print(f"{repeat_days:>22}{customers:>11,}{actual:>10,.0f}{predicted:>11,.1f}")
    error = (total_predicted - total_actual) / total_actual
    print(f"{'total':>22}{sum(r[1] for r in rows):>11,}{total_actual:>10,.0f}{total_predicted:>11,.1f}"
          f"   error {error:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
