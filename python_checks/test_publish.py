"""`make build` publishes all or nothing (scripts/build.py): a build that
fails or is killed leaves the published warehouse byte for byte as it was,
and a successful one also writes the BI copy with the marts' descriptions."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import random
import shlex
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import FIXTURES, ROOT

BUILD = [sys.executable, str(ROOT / "scripts" / "build.py")]


def dbt_args(raw_dir: pathlib.Path, target: pathlib.Path) -> list[str]:
    return ["--", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT), "--target-path", str(target),
            "--vars", json.dumps({"raw_dir": str(raw_dir)}), "--exclude", "resource_type:unit_test",
            "--quiet"]


def digest(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    work = tmp_path_factory.mktemp("publish")
    warehouse = work / "loyalty.duckdb"
    result = subprocess.run([*BUILD, "--warehouse", str(warehouse), *dbt_args(FIXTURES / "retention", work / "t")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return work, warehouse


def test_a_successful_build_publishes_the_warehouse_and_a_bi_copy(published):
    work, warehouse = published
    con = duckdb.connect(str(work / "loyalty_bi.duckdb"), read_only=True)
    marts = {name for (name,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
    assert {"retention_by_period", "rejected_rows", "loyalty_program_by_month"} <= marts
    comment = con.execute("select comment from duckdb_columns() where table_name = 'retention_by_period' "
                          "and column_name = 'period_grain'").fetchall()[0][0]
    assert comment.startswith("The period's grain")
    built = duckdb.connect(str(warehouse), read_only=True)
    query = "select * from marts.retention_by_period order by all"
    assert con.execute(query).fetchall() == built.execute(query).fetchall()
    assert not list(work.glob("*.building*"))


def test_a_failed_build_leaves_the_published_warehouse_unchanged(published, tmp_path):
    _work, warehouse = published
    before = digest(warehouse)
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    (raw / "customers.csv").unlink()  # a required source is missing: the build stops
    result = subprocess.run([*BUILD, "--warehouse", str(warehouse), *dbt_args(raw, tmp_path / "t")],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "nothing published" in result.stderr and "is unchanged" in result.stderr
    assert digest(warehouse) == before
    assert not list(warehouse.parent.glob("*.building*"))


def test_a_build_killed_at_a_random_node_leaves_the_published_warehouse_unchanged(published, tmp_path):
    # The k-th node dbt starts, k drawn at random (LOYALTY_KILL_SEED repeats a draw).
    _work, warehouse = published
    before = digest(warehouse)
    seed = int(os.environ.get("LOYALTY_KILL_SEED", time.time_ns() % 1_000_000))
    k = random.Random(seed).randint(1, 60)
    args = [arg for arg in dbt_args(ROOT / "data" / "demo", tmp_path / "t") if arg != "--quiet"]
    process = subprocess.Popen([*BUILD, "--warehouse", str(warehouse), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started, node = 0, None
    for line in process.stdout:
        if " START " in line:
            started += 1
            if started == k:
                node = line.split(" START ")[1].split(" ....")[0].strip()
                break
    assert node, f"seed {seed}: the build ended before its node {k} started"
    os.kill(process.pid, signal.SIGTERM)
    _out, err = process.communicate(timeout=120)
    assert process.returncode != 0, f"seed {seed}, killed at {node}"
    assert "nothing published" in err, f"seed {seed}, killed at {node}"
    assert digest(warehouse) == before, f"seed {seed}, killed at {node}"


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(child) for child in handle.read().split()]
    return found


def gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().split(") ")[-1].startswith("Z"):
                    return True  # exited, waiting to be reaped
        except FileNotFoundError:
            return True
        time.sleep(0.2)
    return False


def test_sigkill_to_the_caller_stops_dbt_and_publishes_nothing(published, tmp_path):
    # make (here a shell) killed by SIGKILL cannot forward anything: the
    # kernel's parent-death signal stops build.py, and build.py's death stops dbt.
    _work, warehouse = published
    before = digest(warehouse)
    command = " ".join(shlex.quote(part) for part in [*BUILD, "--warehouse", str(warehouse),
                                                       *dbt_args(ROOT / "data" / "demo", tmp_path / "t")])
    shell = subprocess.Popen(["/bin/sh", "-c", command + "; true"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(8)  # dbt is part-way through the models
    (build,) = children(shell.pid)
    (dbt,) = children(build)
    os.kill(shell.pid, signal.SIGKILL)
    shell.wait()
    assert gone(build, 120) and gone(dbt, 120), "build.py or dbt ran on after their caller was killed"
    assert digest(warehouse) == before
