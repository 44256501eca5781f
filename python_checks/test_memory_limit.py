"""DuckDB's memory limit reaches every connection dbt opens: the value in
profiles.yml by default, LOYALTY_DUCKDB_MEMORY_LIMIT when set (README: a
million customers peak at about 2.7 GB under the default instead of 3.9 GB).
That results do not depend on spilling is `make scale-check`'s part."""

from __future__ import annotations

import pytest
from dbt.cli.main import dbtRunner

from conftest import ROOT


def memory_limit(tmp_path, monkeypatch, value: str | None) -> str:
    monkeypatch.setenv("LOYALTY_WAREHOUSE", str(tmp_path / "memory.duckdb"))
    if value is None:
        monkeypatch.delenv("LOYALTY_DUCKDB_MEMORY_LIMIT", raising=False)
    else:
        monkeypatch.setenv("LOYALTY_DUCKDB_MEMORY_LIMIT", value)
    result = dbtRunner().invoke([
        "show", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT), "--target-path", str(tmp_path / "target"),
        "--inline", "select current_setting('memory_limit') as memory_limit", "--quiet",
    ])
    assert result.success, result.exception
    return result.result.results[0].agate_table.rows[0][0]


@pytest.mark.parametrize(("value", "reported"), [
    # 2,500,000,000 bytes = 2.33 GiB, as DuckDB prints it.
    (None, "2.3 GiB"),
    # 123,000,000 bytes = 117.3 MiB.
    ("123MB", "117.3 MiB"),
])
def test_the_memory_limit_is_set_on_the_connection(tmp_path, monkeypatch, value, reported):
    assert memory_limit(tmp_path, monkeypatch, value) == reported
