"""Out-of-range vars stop the build at compile time with a message that says
what to pass (macros/utils/validate_vars.sql), instead of a SQL error or,
worse, silently wrong numbers."""

from __future__ import annotations

import json

import pytest
from dbt.cli.main import dbtRunner

from conftest import ROOT


def parse(tmp_path, dbt_vars: dict | str):
    result = dbtRunner().invoke([
        "parse", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(tmp_path / "target"), "--vars", dbt_vars if isinstance(dbt_vars, str) else json.dumps(dbt_vars), "--quiet",
    ])
    return result.success, str(result.exception or "")


@pytest.mark.parametrize(("dbt_vars", "message"), [
    ({"as_of_date": "2025-02-30"}, "as_of_date '2025-02-30' is not a calendar date"),
    ({"as_of_date": "31/12/2025"}, "as_of_date must be a date 'YYYY-MM-DD' or null"),
    ({"csat_satisfied_min": 9}, "csat_satisfied_min must be between 1 and 5, got 9"),
    ({"nps_promoter_min": 6}, "nps_promoter_min (6) must be above nps_detractor_max (6)"),
    ({"min_group_size": 2.5}, "min_group_size must be a whole number"),
    ({"inactivity_days": 0}, "inactivity_days must be at least 1, got 0"),
    ({"gross_margin": "high"}, "gross_margin must be a number, got 'high'"),
    ({"reporting_grain": "week"}, "grain must be month, quarter or year, got 'week'"),
    ({"reporting_grains": ["month", "week"]}, "reporting_grains must be a non-empty list of distinct grains"),
    ({"reporting_grains": "month"}, "reporting_grains must be a non-empty list of distinct grains"),
    ({"reporting_grains": []}, "reporting_grains must be a non-empty list of distinct grains"),
    ({"reporting_timezone": "Mars/Olympus"}, "reporting_timezone must be an IANA time zone name"),
    ("{gross_margin: .nan}", "gross_margin must be at least 0, got nan"),
    ("{gross_margin: .inf}", "gross_margin must be at least 0, got inf"),
    ({"game_min_win_rate": 1.5}, "game_min_win_rate must be between 0 and 1, got 1.5"),
])
def test_bad_var_stops_the_compile_with_a_clear_message(tmp_path, dbt_vars, message):
    success, error = parse(tmp_path, dbt_vars)
    assert not success
    assert message in error


def test_valid_vars_parse(tmp_path):
    success, error = parse(tmp_path, {"as_of_date": "2024-02-29", "reporting_grain": "quarter", "gross_margin": 0.4})
    assert success, error
