"""DuckDB's memory limit reaches every connection dbt opens: the value in
profiles.yml by default, LOYALTY_DUCKDB_MEMORY_LIMIT when set (README: a
million customers peak at about 2.7 GB under the default instead of 3.9 GB).
That results do not depend on spilling is `make scale-check`'s part. dbt
runs two nodes at a time, sharing that limit, and one with
LOYALTY_DBT_THREADS=1."""

from __future__ import annotations

import pytest
from dbt.cli.main import dbtRunner

from conftest import ROOT


def run_dbt(tmp_path, monkeypatch, variable: str, value: str | None, command: list[str], callbacks=()):
    """dbt on a warehouse of its own, with the environment variable set to
    value, or unset for None."""
    monkeypatch.setenv("LOYALTY_WAREHOUSE", str(tmp_path / "settings.duckdb"))
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    result = dbtRunner(callbacks=list(callbacks)).invoke([
        *command, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"), "--quiet",
    ])
    assert result.success, result.exception
    return result


def memory_limit(tmp_path, monkeypatch, value: str | None) -> str:
    result = run_dbt(tmp_path, monkeypatch, "LOYALTY_DUCKDB_MEMORY_LIMIT", value,
                     ["show", "--inline", "select current_setting('memory_limit') as memory_limit"])
    return result.result.results[0].agate_table.rows[0][0]


@pytest.mark.parametrize(("value", "reported"), [
    # 2,500,000,000 bytes = 2.33 GiB, as DuckDB prints it.
    (None, "2.3 GiB"),
    # 123,000,000 bytes = 117.3 MiB.
    ("123MB", "117.3 MiB"),
])
def test_the_memory_limit_is_set_on_the_connection(tmp_path, monkeypatch, value, reported):
    assert memory_limit(tmp_path, monkeypatch, value) == reported


def dbt_threads(tmp_path, monkeypatch, value: str | None) -> int:
    """The number of threads dbt reports when it runs nodes (a seed here)."""
    reported = []

    def listen(event) -> None:
        if event.info.name == "ConcurrencyLine":
            reported.append(event.data.num_threads)

    run_dbt(tmp_path, monkeypatch, "LOYALTY_DBT_THREADS", value, ["seed", "--select", "loyalty_tiers"], [listen])
    return reported[0]


@pytest.mark.parametrize(("value", "threads"), [(None, 2), ("1", 1)])
def test_dbt_runs_two_nodes_at_a_time_unless_told_otherwise(tmp_path, monkeypatch, value, threads):
    # Two share DuckDB's memory limit; LOYALTY_DBT_THREADS=1 gives one query all of it (docs/decisions.md).
    assert dbt_threads(tmp_path, monkeypatch, value) == threads
