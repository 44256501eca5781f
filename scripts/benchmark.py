"""Time `dbt build` (models and seeds, no tests) of the whole warehouse on a raw directory and report wall
time, peak memory and the slowest models.

    python scripts/generate_demo_data.py --customers 1000000 --format parquet --out benchmarks/data/1m
    python scripts/benchmark.py --raw-dir benchmarks/data/1m

Speed and memory are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-dir", required=True, type=pathlib.Path)
    parser.add_argument("--select", default=None, help="dbt selector (default: every model)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    workdir = pathlib.Path(tempfile.mkdtemp(prefix="loyalty-bench-"))
    env = dict(os.environ, LOYALTY_WAREHOUSE=str(workdir / "bench.duckdb"))
    command = [
        str(ROOT / ".venv" / "bin" / "dbt"), "build",
        "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(workdir / "target"), "--threads", str(args.threads),
        "--vars", json.dumps({"raw_dir": str(args.raw_dir.resolve())}),
        "--exclude", "tag:macro_test", "resource_type:test", "resource_type:unit_test",
    ]
    if args.select:
        command += ["--select", args.select]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode != 0:
        print(result.stdout[-5000:])
        return result.returncode

    timings = json.loads((workdir / "target" / "run_results.json").read_text())["results"]
    timings.sort(key=lambda r: r["execution_time"], reverse=True)
    size_mib = (workdir / "bench.duckdb").stat().st_size / 2**20
    print(f"raw dir          {args.raw_dir}")
    print(f"dbt build        {elapsed:8.1f} s wall, {len(timings)} nodes, {args.threads} threads")
    print(f"peak memory      {peak_mib:8.0f} MiB (largest child process)")
    print(f"warehouse file   {size_mib:8.0f} MiB  ({workdir / 'bench.duckdb'})")
    print("slowest models:")
    for r in timings[:12]:
        print(f"  {r['unique_id'].split('.')[-1]:<44}{r['execution_time']:8.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
