"""The Great Expectations runner fails, naming the mart and the offending
values, when a mart breaks an expectation, and passes on a sound one."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run(warehouse: pathlib.Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "gx" / "run_checkpoints.py"), str(warehouse), *flags],
                          capture_output=True, text=True, check=False)


def test_gx_runner_fails_on_an_out_of_range_value(tmp_path):
    path = tmp_path / "broken.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("""create table marts.cohort_retention as
        select * from (values
            (date '2025-01-01', 0, 2, 2, 1.0),
            (date '2025-01-01', -1, 2, 2, 1.0)
        ) as t(cohort_month, months_since_first_order, cohort_size, retained_customers, retention_rate)""")
    con.close()
    result = run(path, "--allow-missing")
    assert result.returncode == 1, result.stdout
    assert "FAIL cohort_retention" in result.stdout
    assert "expect_column_values_to_be_between" in result.stdout
    assert "-1" in result.stdout


def test_gx_runner_fails_when_no_mart_is_present(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    result = run(path)
    assert result.returncode == 1
    assert "not in this warehouse" in result.stdout


def test_gx_runner_skips_the_marts_a_switched_off_domain_does_not_build(tmp_path):
    """With the build's manifest, a mart it lists as disabled is skipped; a
    mart missing for any other reason still fails."""
    import json

    path = tmp_path / "surveys_off.duckdb"
    duckdb.connect(str(path)).execute("create schema marts").close()
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"disabled": {
        f"model.loyalty.{name}": [{"name": name, "resource_type": "model",
                                   "fqn": ["loyalty", "marts", "surveys", name]}]
        for name in ("nps_by_period", "csat_by_period", "ces_by_period")}}))
    result = run(path, "--manifest", str(manifest))
    assert result.returncode == 1, result.stdout
    for name in ("nps_by_period", "csat_by_period", "ces_by_period"):
        assert f"SKIP {name}: disabled in this build" in result.stdout
        assert f"FAIL {name}" not in result.stdout
    assert "FAIL cohort_retention: not in this warehouse" in result.stdout
