"""Validate the marts of a built warehouse with Great Expectations.

    python gx/run_checkpoints.py warehouse/loyalty.duckdb [--data-docs] [--manifest target/manifest.json]

Reads each mart of gx/suites.py from the DuckDB file into pandas (the GX
path that works with DuckDB, see docs/decisions.md), validates it, prints
every failed expectation with its offending values, and exits non-zero when
any expectation fails. With --data-docs it also renders the GX data-docs site
under gx/uncommitted/data_docs.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import duckdb

HERE = pathlib.Path(__file__).resolve().parent


def disabled_marts(manifest: pathlib.Path) -> set[str]:
    """Names of the marts a dbt manifest lists as disabled."""
    import json

    nodes = json.loads(manifest.read_text()).get("disabled", {})
    return {node["name"] for versions in nodes.values() for node in versions
            if node.get("resource_type") == "model" and "marts" in node.get("fqn", [])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate warehouse marts with Great Expectations.")
    parser.add_argument("warehouse", help="path of the DuckDB warehouse file")
    parser.add_argument("--data-docs", action="store_true", help="render the data-docs site")
    parser.add_argument("--max-age-days", type=int, default=None,
                        help="fail when as_of_date is older than this many days (freshness)")
    parser.add_argument("--allow-missing", action="store_true",
                        help="skip marts that are not in the warehouse instead of failing")
    parser.add_argument("--manifest", type=pathlib.Path,
                        help="the dbt manifest.json of the build: marts it lists as disabled (a domain "
                             "switched off) are skipped; any other missing mart still fails")
    args = parser.parse_args(argv)
    disabled = disabled_marts(args.manifest) if args.manifest else set()

    import great_expectations as gx  # slow import (4-5 s): after argument parsing

    sys.path.insert(0, str(HERE))
    from suites import CROSS_TABLE_SQL, cross_table_expectations, suites

    con = duckdb.connect(args.warehouse)
    present = {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}

    if args.data_docs:
        context = gx.get_context(mode="file", project_root_dir=str(HERE / "uncommitted"))
    else:
        context = gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_or_update_pandas("warehouse")

    failures = 0
    checked = 0
    plan = list(suites().items())
    if all(mart in present for mart in ("cohort_retention", "customer_ltv", "purchase_behaviour_overall",
                                        "purchase_behaviour_by_period", "dim_customers", "source_reconciliation")):
        plan += [(name, cross_table_expectations(args.max_age_days)) for name in CROSS_TABLE_SQL]
    for mart, expectations in plan:
        if mart in CROSS_TABLE_SQL:
            frame = con.execute(CROSS_TABLE_SQL[mart]).df()
        elif mart not in present:
            if mart in disabled:
                print(f"SKIP {mart}: disabled in this build (its domain is switched off)")
            elif args.allow_missing:
                print(f"SKIP {mart}: not in this warehouse")
            else:
                print(f"FAIL {mart}: not in this warehouse (build it, or pass --allow-missing)")
                failures += 1
            continue
        else:
            frame = con.execute(f'select * from marts."{mart}"').df()
        asset = source.add_dataframe_asset(name=mart)
        batch = asset.add_batch_definition_whole_dataframe(f"{mart}_all")
        suite = context.suites.add_or_update(gx.ExpectationSuite(name=f"{mart}_suite", expectations=expectations))
        validation = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{mart}_validation", data=batch, suite=suite))
        result = validation.run(batch_parameters={"dataframe": frame})
        checked += 1
        bad = [r for r in result.results if not r.success]
        status = "PASS" if result.success else "FAIL"
        print(f"{status} {mart}: {len(result.results) - len(bad)}/{len(result.results)} expectations "
              f"({len(frame):,} rows)")
        for r in bad:
            failures += 1
            config = r.expectation_config
            details = r.result or {}
            shown = details.get("partial_unexpected_list") or details.get("observed_value")
            print(f"    failed: {config.type} {dict(config.kwargs)}")
            print(f"            unexpected: {shown!r}")
    if args.data_docs:
        context.build_data_docs()
        for index in sorted((HERE / "uncommitted").rglob("index.html"))[:1]:
            print(f"data docs: {index}")
    print(f"{checked} marts validated, {failures} failed expectations")
    if checked == 0:
        print("no mart was validated: is this a built loyalty warehouse?")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
