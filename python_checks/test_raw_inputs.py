"""How raw inputs are read (docs/metrics.md sections 1 and 2): a source may
be a folder of files read in the lexical order of their names, and a row
with more fields than its header is rejected as `malformed_row`. Ambiguous
and empty inputs are in test_hostile_inputs.py."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import pytest
from differential import differences
from reference import Warehouse as Reference
from reference import read_raw_dir

from conftest import FIXTURES

TODAY = dt.datetime.now(dt.timezone.utc).date()
HEADER = "order_id,customer_id,ordered_at,status,amount\n"


@pytest.fixture(scope="module")
def daily_raw(tmp_path_factory) -> pathlib.Path:
    """The retention fixture with orders as one file per day-ish: o1-o3 in the
    first file, o4-o7 in the second, then a third file holding a second copy
    of o1 (a duplicate arriving later: the first copy is kept) and a row with
    a sixth field (malformed)."""
    raw = tmp_path_factory.mktemp("daily") / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    rows = (raw / "orders.csv").read_text().splitlines(keepends=True)[1:]
    (raw / "orders.csv").unlink()
    (raw / "orders").mkdir()
    # Names sort in time; "10" after "09" only because they are zero-padded.
    (raw / "orders" / "2025-01-09.csv").write_text(HEADER + "".join(rows[:3]))
    (raw / "orders" / "2025-01-10.csv").write_text(HEADER + "".join(rows[3:]))
    (raw / "orders" / "2025-01-11.csv").write_text(
        HEADER + "o1,a,2025-03-05T10:00:00Z,completed,5.00\n" + "x9,a,2025-03-05T10:00:00Z,completed,5.00,oops\n")
    return raw


def test_a_folder_source_gives_the_reference_marts(build_warehouse, daily_raw):
    warehouse = build_warehouse(daily_raw)
    problems = differences(warehouse, Reference(read_raw_dir(daily_raw), TODAY))
    assert not problems, "\n".join(problems[:30])


def test_files_in_name_order_first_copy_kept_malformed_rejected(build_warehouse, daily_raw):
    warehouse = build_warehouse(daily_raw)
    assert warehouse.rows("select order_id, amount from staging.stg_loyalty__orders where order_id = 'o1'") == [
        ("o1", 100)]
    assert warehouse.rows("select row_key, reason from marts.rejected_rows where source = 'orders' order by 1") == [
        ("o1", "duplicate_key: order_id"), ("x9", "malformed_row")]
    assert warehouse.rows("select raw_rows, staged_rows, rejected_rows from marts.source_reconciliation "
                          "where source = 'orders'") == [(9, 7, 2)]
