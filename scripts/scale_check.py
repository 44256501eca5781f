"""Scale and determinism check: build the warehouse twice, with every data
test, on a generated data set large enough for DuckDB's multi-threaded plans
(100,000 customers by default), once with 2 and once with 8 DuckDB threads,
and require every staging, intermediate and mart table to be identical
(row count and order-independent checksum per table, scripts/checksums.py).

    python scripts/scale_check.py                      # as `make scale-check` runs it
    python scripts/scale_check.py --customers 1000000  # a longer local run

The generated data is deterministic (seeded) and kept under
benchmarks/data/<n> (git-ignored) for the next run.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from checksums import SCHEMAS, checksums, differences  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent


def data_dir(customers: int) -> pathlib.Path:
    label = f"{customers // 1000}k" if customers % 1_000_000 else f"{customers // 1_000_000}m"
    return ROOT / "benchmarks" / "data" / label


def ensure_data(customers: int) -> pathlib.Path:
    raw_dir = data_dir(customers)
    if not (raw_dir / "orders.parquet").exists():
        subprocess.run([str(BIN / "python"), str(ROOT / "scripts" / "generate_demo_data.py"),
                        "--customers", str(customers), "--format", "parquet", "--out", str(raw_dir)], check=True)
    return raw_dir


def write_profile(directory: pathlib.Path, warehouse: pathlib.Path, duckdb_threads: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    profile = {"loyalty": {"target": "duckdb", "outputs": {"duckdb": {
        "type": "duckdb", "path": str(warehouse), "schema": "main", "threads": 2,
        "settings": {"threads": duckdb_threads}}}}}
    (directory / "profiles.yml").write_text(json.dumps(profile))


def build(raw_dir: pathlib.Path, workdir: pathlib.Path, duckdb_threads: int) -> pathlib.Path:
    warehouse = workdir / "loyalty.duckdb"
    write_profile(workdir / "profiles", warehouse, duckdb_threads)
    command = [str(BIN / "dbt"), "build", "--project-dir", str(ROOT), "--profiles-dir", str(workdir / "profiles"),
               "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
               "--vars", json.dumps({"raw_dir": str(raw_dir)}), "--exclude", "resource_type:unit_test"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-6000:])
        raise SystemExit(f"scale check: dbt build with {duckdb_threads} DuckDB threads failed")
    print(f"built with {duckdb_threads} DuckDB threads in {elapsed:.1f} s (every model and data test)")
    return warehouse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args(argv)
    raw_dir = ensure_data(args.customers)
    with tempfile.TemporaryDirectory(prefix="loyalty-scale-") as tmp:
        first = build(raw_dir, pathlib.Path(tmp) / "threads2", 2)
        second = build(raw_dir, pathlib.Path(tmp) / "threads8", 8)
        sums = checksums(first, SCHEMAS["all"])
        diff = differences(sums, checksums(second, SCHEMAS["all"]))
    marts = {table: value for table, value in sums.items() if table.startswith("marts.")}
    print(f"{len(sums)} tables ({len(marts)} marts) on {args.customers:,} customers:")
    for table, (rows, _) in marts.items():
        print(f"  {table:<42}{rows:>12,} rows")
    for line in diff:
        print(f"DIFFERS {line}")
    if diff:
        print(f"scale check FAILED: {len(diff)} of {len(sums)} tables differ between the two builds")
        return 1
    print(f"scale check passed: all {len(sums)} tables identical with 2 and 8 DuckDB threads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
