"""Every mart, row by row, against the independent pure-Python reference
(python_checks/reference.py) on the hand-built fixtures and the demo data."""

from __future__ import annotations

import ast
import datetime as dt

import pytest
from differential import differences
from reference import Warehouse as Reference
from reference import read_raw_dir

from conftest import FIXTURES, ROOT

TODAY = dt.datetime.now(dt.timezone.utc).date()

CASES = [
    ("bad_rows", FIXTURES / "bad_rows", {}),
    ("retention", FIXTURES / "retention", {}),
    ("text_order", FIXTURES / "text_order", {}),
    ("retention_by_quarter_30_days", FIXTURES / "retention", {"reporting_grains": ["quarter"], "inactivity_days": 30}),
    ("retention_in_tokyo", FIXTURES / "retention", {"reporting_timezone": "Asia/Tokyo"}),
    ("bad_rows_in_new_york", FIXTURES / "bad_rows", {"reporting_timezone": "America/New_York"}),
    ("demo", ROOT / "data" / "demo", {}),
    ("demo_by_year_as_of", ROOT / "data" / "demo", {"reporting_grains": ["year"], "as_of_date": "2026-03-15"}),
]
# Shrunk failing examples of test_differential_properties.py, committed as regression fixtures.
for directory in sorted((FIXTURES / "regressions").glob("*/")):
    variables_file = directory / "vars.txt"
    CASES.append((f"regression_{directory.name}", directory,
                  ast.literal_eval(variables_file.read_text()) if variables_file.exists() else {}))


@pytest.mark.parametrize(("name", "raw_dir", "variables"), CASES, ids=[c[0] for c in CASES])
def test_marts_agree_with_the_reference(build_warehouse, name, raw_dir, variables):
    warehouse = build_warehouse(raw_dir, **variables)
    reference = Reference(read_raw_dir(raw_dir), TODAY, **variables)
    problems = differences(warehouse, reference)
    assert not problems, f"{name}: {len(problems)} differences\n" + "\n".join(problems[:40])
