"""Scale and determinism check: build the warehouse twice, with every data
test, on a generated data set large enough for DuckDB's multi-threaded plans
(100,000 customers by default), once with 2 DuckDB threads and once with 8
under a memory limit small enough that DuckDB spills its large joins, sorts,
aggregates and windows to disk (one model at a time), and require every staging, intermediate and
mart table to be identical (row count and order-independent checksum per
table, scripts/checksums.py).

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
import threading
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


# The second build's DuckDB memory limit and dbt threads. Its models run one
# at a time, so the limit is each query's own: with two at once they shared
# it, and between a limit at which nothing spilled (300MB in one run of
# three) and one at which two models ran out of memory together (275MB in
# one run of four, 250MB in one of three) there was no safe choice. One at a
# time under 250MB, DuckDB spilled 1.8 to 1.9 GiB at once in each of four
# runs (200MB: 2.2 GiB, two runs), and no query failed.
SPILL_MEMORY_LIMIT = "250MB"
SPILL_DBT_THREADS = 1


def write_profile(directory: pathlib.Path, warehouse: pathlib.Path, settings: dict, dbt_threads: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    profile = {"loyalty": {"target": "duckdb", "outputs": {"duckdb": {
        "type": "duckdb", "path": str(warehouse), "schema": "main", "threads": dbt_threads, "settings": settings}}}}
    (directory / "profiles.yml").write_text(json.dumps(profile))


def build(raw_dir: pathlib.Path, workdir: pathlib.Path, settings: dict,
          dbt_threads: int = 2) -> tuple[pathlib.Path, int]:
    warehouse = workdir / "loyalty.duckdb"
    write_profile(workdir / "profiles", warehouse, settings, dbt_threads)
    label = ", ".join(f"{name} {value}" for name, value in settings.items()) + f", dbt threads {dbt_threads}"
    command = [str(BIN / "dbt"), "build", "--project-dir", str(ROOT), "--profiles-dir", str(workdir / "profiles"),
               "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"),
               "--vars", json.dumps({"raw_dir": str(raw_dir)}), "--exclude", "resource_type:unit_test"]
    spill_folder = warehouse.with_name(warehouse.name + ".tmp")
    spilled = [0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def watch_spill_folder() -> None:
        """The most DuckDB held on disk at once (it empties the folder as it goes)."""
        while process.poll() is None:
            held = 0
            for spill_file in spill_folder.glob("*"):
                try:
                    held += spill_file.stat().st_blocks * 512  # allocated, not apparent, size
                except FileNotFoundError:  # freed since the listing
                    continue
            spilled[0] = max(spilled[0], held)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch_spill_folder, daemon=True)
    watcher.start()
    output, _ = process.communicate()
    elapsed = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        print(output[-6000:])
        raise SystemExit(f"scale check: dbt build with DuckDB {label} failed")
    print(f"built with DuckDB {label} in {elapsed:.1f} s (every model and data test), "
          f"at most {spilled[0] / 2**20:,.0f} MiB spilled to disk at once")
    return warehouse, spilled[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args(argv)
    raw_dir = ensure_data(args.customers)
    with tempfile.TemporaryDirectory(prefix="loyalty-scale-") as tmp:
        first, _ = build(raw_dir, pathlib.Path(tmp) / "threads2", {"threads": 2})
        second, spilled = build(raw_dir, pathlib.Path(tmp) / "threads8",
                                {"threads": 8, "memory_limit": SPILL_MEMORY_LIMIT}, SPILL_DBT_THREADS)
        sums = checksums(first, SCHEMAS["all"])
        diff = differences(sums, checksums(second, SCHEMAS["all"]))
    marts = {table: value for table, value in sums.items() if table.startswith("marts.")}
    print(f"{len(sums)} tables ({len(marts)} marts) on {args.customers:,} customers:")
    for table, (rows, _) in marts.items():
        print(f"  {table:<42}{rows:>12,} rows")
    for line in diff:
        print(f"DIFFERS {line}")
    if not spilled:
        print(f"scale check FAILED: the {SPILL_MEMORY_LIMIT} build never spilled to disk, so it proved nothing "
              "about out-of-core plans; lower SPILL_MEMORY_LIMIT")
        return 1
    if diff:
        print(f"scale check FAILED: {len(diff)} of {len(sums)} tables differ between the two builds")
        return 1
    print(f"scale check passed: all {len(sums)} tables identical with 2 DuckDB threads "
          f"and with 8 under a {SPILL_MEMORY_LIMIT} memory limit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
