"""Shared fixtures: build a warehouse from a raw directory with dbt, once per
raw directory and session, and open it with DuckDB.

dbt runs in-process through dbtRunner, one invocation at a time. Each build
writes its own DuckDB file under pytest's temporary directory.
"""

from __future__ import annotations

import json
import os
import pathlib

import duckdb
import pytest
import yaml
from dbt.cli.main import dbtRunner

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "data" / "fixtures"
EXPECTED = pathlib.Path(__file__).resolve().parent / "expected"
# The lifetime-value fit's rules, as dbt_project.yml sets them for the models.
LTV_FIT_RULES = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["models"]["loyalty"]["intermediate"]["+ltv_fit_rules"]


class BuildFailed(AssertionError):
    pass


def dbt_build(raw_dir: pathlib.Path, warehouse: pathlib.Path, extra_vars: dict | None = None,
              select: list[str] | None = None, models_only: bool = False, data_tests: bool = True,
              command: str = "build") -> None:
    """Run `dbt build` on raw_dir into the warehouse file (models only: no seed
    and no data test; data_tests=False: seeds and models), or another dbt
    command with the same arguments (`test`); raise BuildFailed with dbt's
    messages."""
    dbt_vars = {"raw_dir": str(raw_dir), **(extra_vars or {})}
    args = [
        command,
        "--project-dir", str(ROOT),
        "--profiles-dir", str(ROOT),
        "--target-path", str(warehouse.parent / "target"),
        "--vars", json.dumps(dbt_vars),
        "--exclude", "resource_type:unit_test", *([] if data_tests else ["resource_type:test"]),
        "--quiet",
    ]
    if select:
        args += ["--select", *select]
    if models_only:
        args += ["--resource-type", "model"]
    previous = os.environ.get("LOYALTY_WAREHOUSE")
    os.environ["LOYALTY_WAREHOUSE"] = str(warehouse)
    try:
        result = dbtRunner().invoke(args)
    finally:
        if previous is None:
            os.environ.pop("LOYALTY_WAREHOUSE", None)
        else:
            os.environ["LOYALTY_WAREHOUSE"] = previous
    if not result.success:
        messages = [str(result.exception)] if result.exception else []
        for node in (result.result or []):
            if getattr(node, "status", None) not in ("success", "pass"):
                messages.append(f"{node.node.name}: {node.status} {node.message}")
        raise BuildFailed(f"dbt {command} failed:\n" + "\n".join(messages))


class Warehouse:
    """A built warehouse: query it with .rows(sql) or .frame(sql)."""

    def __init__(self, path: pathlib.Path):
        self.path = path

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        # Default configuration: dbt-duckdb in this process holds the file with it.
        con = duckdb.connect(str(self.path))
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def scalar(self, sql: str):
        return self.rows(sql)[0][0]


@pytest.fixture(scope="session")
def build_warehouse(tmp_path_factory):
    """Factory: build_warehouse(raw_dir, **vars) -> Warehouse, cached per (raw_dir, vars)."""
    built: dict[str, Warehouse] = {}

    def build(raw_dir: pathlib.Path, **extra_vars) -> Warehouse:
        key = json.dumps([str(raw_dir), extra_vars], sort_keys=True)
        if key not in built:
            workdir = tmp_path_factory.mktemp("warehouse")
            path = workdir / "loyalty.duckdb"
            dbt_build(raw_dir, path, extra_vars)
            built[key] = Warehouse(path)
        return built[key]

    return build


@pytest.fixture(scope="session")
def bad_rows_warehouse(build_warehouse) -> Warehouse:
    return build_warehouse(FIXTURES / "bad_rows")
