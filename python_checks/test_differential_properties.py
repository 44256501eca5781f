"""Property-based differential tests: hypothesis generates small raw data
sets (customers, orders on random days with random statuses and amounts,
items, subscriptions, survey answers on and off scale, members, ledger
entries, duplicates and bad values), the warehouse is built on each, and
every mart must agree with the pure-Python reference.

Each example is one dbt build (~10 s), so the run is bounded to a few
derandomised examples. A failing example, once shrunk, is written to
data/fixtures/regressions/latest_failure so it can be committed as a
regression fixture (test_reference.py builds every directory there).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import pathlib
import shutil
import tempfile

from differential import differences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import SOURCES
from reference import Warehouse as Reference
from reference import read_raw_dir

from conftest import ROOT, dbt_build

BASE = dt.date(2025, 1, 1)
TODAY = dt.datetime.now(dt.timezone.utc).date()
REGRESSIONS = ROOT / "data" / "fixtures" / "regressions"

days = st.integers(min_value=0, max_value=200)
customer_ids = st.sampled_from(["c0", "c1", "c2", "c3", "c4", " c1 ", "nobody"])
amounts = st.sampled_from(["10.00", "25.5", "0", "99.995", "1e2", "-1", "12,5", "", "7", " 5 ", "+3", ".5", "5.",
                          "0e5", "1E-1", "-0.004", "0.005"])
# LOYALTY_HYPOTHESIS_EXAMPLES=200 runs a longer, randomised search locally;
# CI runs the few derandomised examples.
EXAMPLES = int(os.environ.get("LOYALTY_HYPOTHESIS_EXAMPLES", "6"))


def day_text(offset: int, style: int = 0) -> str:
    day = BASE + dt.timedelta(days=offset)
    return [day.isoformat(), f"{day.isoformat()}T10:00:00Z", f"{day.isoformat()} 23:30:00-02:00",
            f"{day.isoformat()}T00:15:00.1234567+05:30", f"{day.isoformat()}t23:59"][style % 5]


@st.composite
def raw_data(draw):
    customers = [[f"c{i}", day_text(draw(days) // 4), draw(st.sampled_from(["NL", "", "DE"])),
                  draw(st.sampled_from(["search", "", "email"]))] for i in range(5)]
    if draw(st.booleans()):
        customers.append(["c1", day_text(3), "FR", "social"])  # duplicate key
    products = [["p1", "Mug", "x"], ["p2", "Tee", "y"], ["p3", "Cap", "y"]]
    orders = []
    for i in range(draw(st.integers(min_value=1, max_value=25))):
        order_id = f"o{draw(st.integers(min_value=0, max_value=30))}"  # collisions are duplicates
        orders.append([order_id, draw(customer_ids), day_text(draw(days), draw(st.integers(0, 4))),
                       draw(st.sampled_from(["completed", "completed", "Completed ", "refunded", "cancelled",
                                             "shipped"])), draw(amounts)])
    items = [[draw(st.sampled_from([o[0] for o in orders] + ["o99"])), draw(st.sampled_from(["p1", "p2", "p3", "p9"])),
              draw(st.sampled_from(["1", "2", "0", "1.5"])), draw(st.sampled_from(["5.00", "3", "-1"]))]
             for _ in range(draw(st.integers(min_value=1, max_value=20)))]  # order_items must hold a row
    subscriptions = []
    for i in range(draw(st.integers(min_value=0, max_value=6))):
        start = draw(days)
        end = draw(st.one_of(st.none(), st.integers(min_value=start, max_value=start + 120)))
        subscriptions.append([f"s{i}", draw(customer_ids), "basic", day_text(start),
                              "" if end is None else day_text(end), draw(st.sampled_from(["10", "20", "0", "-5"]))])
    responses = []
    for i in range(draw(st.integers(min_value=0, max_value=20))):
        kind = draw(st.sampled_from(["nps", "csat", "ces", "NPS", "poll"]))
        responses.append([f"r{i}", draw(st.sampled_from(["c0", "c2", "", "nobody"])), kind,
                          draw(st.sampled_from([str(n) for n in range(-1, 12)] + ["7.0", "8.5", "1e1"])),
                          day_text(draw(days), draw(st.integers(0, 4))),
                          draw(st.sampled_from(["app", "", "support"]))])
    members = [[c, day_text(draw(days)), draw(st.sampled_from(["", day_text(150), "never"])), "rewards"]
               for c in draw(st.lists(st.sampled_from(["c0", "c1", "c2", "c3", "nobody"]), max_size=5))]
    ledger = [[f"e{i}", draw(st.sampled_from(["c0", "c1", "nobody"])), day_text(draw(days)),
               draw(st.sampled_from(["earn", "redeem", "expire", "adjust", "bonus"])),
               str(draw(st.integers(min_value=-50, max_value=50)))]
              for i in range(draw(st.integers(min_value=0, max_value=10)))]
    return {"customers": customers, "products": products, "orders": orders, "order_items": items,
            "subscriptions": subscriptions, "survey_responses": responses, "loyalty_members": members,
            "points_ledger": ledger}


def write_raw_dir(data: dict, directory: pathlib.Path) -> None:
    for source, rows in data.items():
        with (directory / f"{source}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([name for name, _, _ in SOURCES[source]])
            writer.writerows(rows)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 6, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=raw_data(), grains=st.sampled_from([["month"], ["quarter"], ["month", "quarter", "year"]]),
       inactivity=st.sampled_from([30, 90]))
def test_random_raw_data_gives_the_reference_marts(data, grains, inactivity):
    work = pathlib.Path(tempfile.mkdtemp(prefix="loyalty-property-"))
    raw = work / "raw"
    raw.mkdir()
    write_raw_dir(data, raw)
    variables = {"reporting_grains": grains, "inactivity_days": inactivity, "min_group_size": 1}
    try:
        dbt_build(raw, work / "w.duckdb", variables)
        from conftest import Warehouse
        problems = differences(Warehouse(work / "w.duckdb"), Reference(read_raw_dir(raw), TODAY, **variables))
        if problems:
            target = REGRESSIONS / "latest_failure"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(raw, target)
            (target / "vars.txt").write_text(repr(variables) + "\n")
        assert not problems, "\n".join(problems[:30])
    finally:
        shutil.rmtree(work, ignore_errors=True)
