"""The package's source configuration (README, "Use it in your own dbt
project") with files in a raw_dir: another file name for a source
(`raw_identifiers`), extra raw columns carried into staging
(`pass_through_columns`), a domain switched off (`loyalty__using_*`), and
the messages a wrong value of these vars gives. The same vars on warehouse
tables, and the marts a consuming project gets, are proven by
integration_tests/ (make integration-tests).
"""

from __future__ import annotations

import csv
import pathlib
import shutil

import pytest

from conftest import FIXTURES, BuildFailed, Warehouse, dbt_build


def raw_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "retention", raw)
    return raw


def test_renamed_source_file_with_a_pass_through_column(tmp_path):
    raw = raw_copy(tmp_path)
    with (raw / "customers.csv").open(newline="") as handle:
        rows = list(csv.reader(handle))
    # region: the row's position as text, blank for the third data row (null once staged).
    expected = {}
    with (raw / "crm_customers.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(rows[0] + ["region"])
        for index, row in enumerate(rows[1:]):
            region = "" if index == 2 else f" r{index} "
            expected[row[0]] = None if index == 2 else f"r{index}"
            writer.writerow(row + [region])
    (raw / "customers.csv").unlink()
    path = tmp_path / "w.duckdb"
    dbt_build(raw, path, {"raw_identifiers": {"customers": "crm_customers"},
                          "pass_through_columns": {"customers": ["Region"]}},
              select=["+stg_loyalty__customers"], models_only=True)
    staged = dict(Warehouse(path).rows("select customer_id, region from staging.stg_loyalty__customers"))
    assert staged == expected


def test_switched_off_domain_needs_no_file(tmp_path):
    raw = raw_copy(tmp_path)
    (raw / "survey_responses.csv").unlink()
    with pytest.raises(BuildFailed, match="No raw file for source 'survey_responses'"):
        dbt_build(raw, tmp_path / "on.duckdb", select=["+stg_loyalty__survey_responses"], models_only=True)
    path = tmp_path / "off.duckdb"
    dbt_build(raw, path, {"loyalty__using_surveys": False}, select=["+stg_loyalty__survey_responses"], models_only=True)
    assert Warehouse(path).scalar("select count(*) from staging.stg_loyalty__survey_responses") == 0


@pytest.mark.parametrize(("dbt_vars", "message"), [
    ({"pass_through_columns": {"customers": ["region-1"]}},
     "pass_through_columns.customers: 'region-1' is not a plain column name"),
    ({"pass_through_columns": {"customers": ["country"]}},
     "pass_through_columns.customers: 'country' is already a column of the staged customers"),
    ({"pass_through_columns": {"customers": ["first_order_date"]}},
     "pass_through_columns.customers: 'first_order_date' is already a column of the staged customers or of "
     "dim_customers"),
    ({"pass_through_columns": {"customers": ["signup_date"]}},
     "pass_through_columns.customers: 'signup_date' is already a column of the staged customers"),
    ({"pass_through_columns": {"customers": "region"}},
     "pass_through_columns.customers must be a list of column names"),
    ({"raw_identifiers": {"clients": "crm_customers"}},
     "raw_identifiers names an unknown source 'clients'"),
    ({"loyalty__using_loyalty": False},
     "loyalty__using_programs needs loyalty__using_loyalty"),
    ({"loyalty__using_ltv": "no"},
     "loyalty__using_ltv must be true or false, got 'no'"),
])
def test_wrong_configuration_is_an_error_naming_it(tmp_path, dbt_vars, message):
    with pytest.raises(BuildFailed, match=message.replace("(", r"\(").replace(".", r"\.")):
        dbt_build(raw_copy(tmp_path), tmp_path / "w.duckdb", dbt_vars, select=["base_loyalty__customers"])
