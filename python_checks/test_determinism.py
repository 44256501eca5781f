"""Same input, same output at any thread count: models whose window functions
or "first / latest" picks could depend on the order of ties are built
repeatedly with many DuckDB threads on data full of ties, and must give the
same rows every time.

The data set has many customers with several completed orders on the same
day (identical activity intervals), same-second survey answers and
duplicate keys: the shapes where a sort that is not total lets parallel
execution pick a different row per run. Single-threaded fixtures never show
it, so this builds with DuckDB's `threads` set to 8 on 2 cores.
"""

from __future__ import annotations

import json
import pathlib
import sys

import duckdb
import pytest
from dbt.cli.main import dbtRunner

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import checksums  # noqa: E402

CUSTOMERS = 200_000
THREADS = 8
RUNS = 3
SELECT = ["+int_customers_activity_intervals", "+dim_customers", "+customer_tier_history", "+rejected_rows"]


def write_tied_data(raw_dir: pathlib.Path) -> None:
    """Customers each with 2-6 completed orders on one day and another two on a
    second day 30 days on; answers at the same second; one duplicate order id
    in 50 (same key, different raw text)."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"""
        create table c as
        select i, 'C' || lpad(cast(i as varchar), 6, '0') as customer_id,
            date '2024-01-01' + cast(i % 300 as integer) as first_day
        from range({CUSTOMERS}) as t(i)""")
    con.execute(f"""copy (select customer_id, cast(first_day as varchar) as signup_at,
            'NL' as country, 'search' as acquisition_channel from c)
        to '{raw_dir}/customers.csv' (header)""")
    con.execute(f"""copy (
            select 'O' || cast(c.i as varchar) || '-' || cast(k.k as varchar) as order_id, c.customer_id,
                cast(case when k.k < 2 + c.i % 5 then c.first_day else c.first_day + 30 end as varchar)
                    || 'T10:00:00Z' as ordered_at,
                'completed' as status, '10.00' as amount
            from c cross join range(8) as k(k)
            union all
            select 'O' || cast(c.i as varchar) || '-0', c.customer_id,
                cast(c.first_day + 1 as varchar), 'completed', '99.00'
            from c where c.i % 50 = 0
        ) to '{raw_dir}/orders.csv' (header)""")
    con.execute(f"""copy (select 'P1' as product_id, 'Mug' as product_name, 'kitchen' as category)
        to '{raw_dir}/products.csv' (header)""")
    con.execute(f"""copy (
            select 'O' || cast(c.i as varchar) || '-0' as order_id, 'P1' as product_id,
                '1' as quantity, '10.00' as unit_price
            from c
        ) to '{raw_dir}/order_items.csv' (header)""")
    con.execute(f"""copy (
            select 'R' || cast(c.i as varchar) || '-' || cast(k.k as varchar) as response_id, c.customer_id,
                'nps' as survey_type, cast((c.i + k.k) % 11 as varchar) as score,
                cast(c.first_day as varchar) || 'T12:00:00Z' as responded_at, 'checkout' as touchpoint
            from c cross join range(3) as k(k)
        ) to '{raw_dir}/survey_responses.csv' (header)""")
    con.close()


def build(raw_dir: pathlib.Path, workdir: pathlib.Path) -> pathlib.Path:
    profiles = workdir / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    warehouse = workdir / "loyalty.duckdb"
    (profiles / "profiles.yml").write_text(json.dumps({"loyalty": {"target": "duckdb", "outputs": {"duckdb": {
        "type": "duckdb", "path": str(warehouse), "schema": "main", "threads": 4,
        "settings": {"threads": THREADS}}}}}))
    result = dbtRunner().invoke([
        "build", "--project-dir", str(ROOT), "--profiles-dir", str(profiles),
        "--target-path", str(workdir / "target"), "--vars", json.dumps({"raw_dir": str(raw_dir)}),
        "--select", *SELECT, "--indirect-selection", "cautious", "--exclude", "resource_type:unit_test", "--quiet",
    ])
    failures = [f"{r.node.name}: {r.message}" for r in (result.result or []) if r.status not in ("success", "pass")]
    assert result.success, f"build {workdir.name} failed: {result.exception or failures}"
    return warehouse


def table_checksums(warehouse: pathlib.Path) -> dict[str, list]:
    """Row count and an order-independent hash of every row, per staging,
    intermediate and mart table (scripts/checksums.py: without the columns
    that hold the time of the run)."""
    con = duckdb.connect(str(warehouse))
    try:
        return checksums.connection_checksums(con, checksums.SCHEMAS["all"])
    finally:
        con.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("determinism")
    write_tied_data(root / "raw")
    return [build(root / "raw", root / f"run{n}") for n in range(RUNS)]


def test_activity_intervals_have_no_duplicates(builds):
    for warehouse in builds:
        con = duckdb.connect(str(warehouse))
        try:
            duplicates, overlapping = con.execute("""
                with ordered as (
                    select customer_id, active_from, active_to,
                        lag(active_to) over (partition by customer_id order by active_from, active_to) as previous_to
                    from intermediate.int_customers_activity_intervals)
                select count(*) - count(distinct (customer_id, active_from)),
                    count(*) filter (where active_from <= previous_to + 1)
                from ordered""").fetchall()[0]
        finally:
            con.close()
        assert (duplicates, overlapping) == (0, 0), f"{warehouse.parent.name}: duplicate or touching islands"


def test_every_table_is_identical_across_runs(builds):
    first, *others = [table_checksums(warehouse) for warehouse in builds]
    assert "intermediate.int_customers_activity_intervals" in first
    for other in others:
        assert other == first


def test_each_customer_is_one_island(builds):
    # Orders on day f and f + 30 with 90 inactivity days: one island per
    # customer from f through as_of_date, for every one of them.
    con = duckdb.connect(str(builds[0]))
    try:
        assert con.execute("select count(*), count(distinct customer_id) "
                           "from intermediate.int_customers_activity_intervals").fetchall() == [
            (CUSTOMERS, CUSTOMERS)]
    finally:
        con.close()

