"""The lifetime-value model in SQL (int_ltv_fit, int_ltv_forecasts_sql, the
path PostgreSQL takes) against the Python model (int_ltv_forecasts.py) on
data sets chosen for each branch of the choice of model: CDNOW (BG/NBD),
customers who never drop out (the NBD limit) and too few repeat customers
(not fitted). The compiled SQL of the models runs on DuckDB over a table
standing in for int_customers_rfm."""

from __future__ import annotations

import json
import os
import re

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from dbt.cli.main import dbtRunner
from test_ltv_model import CDNOW, ltv, no_dropout_customers, summaries_of

PARAMETERS = ["bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b", "gg_p", "gg_q", "gg_gamma"]
SQL_MODELS = ["int_ltv_summaries", "int_ltv_fit", "int_ltv_forecasts_sql"]
FORECASTS = ["p_alive", "expected_purchases", "discounted_purchases"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    work = tmp_path_factory.mktemp("ltv_sql")
    args = ["compile", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT), "--target-path", str(work / "target"),
            "--vars", json.dumps({"raw_dir": str(ROOT / "data" / "demo"), "loyalty_macro_tests": True}),
            "--select", *SQL_MODELS, "--quiet"]
    previous = os.environ.get("LOYALTY_WAREHOUSE")
    os.environ["LOYALTY_WAREHOUSE"] = str(work / "compile.duckdb")
    try:
        assert dbtRunner().invoke(args).success
    finally:
        if previous is None:
            os.environ.pop("LOYALTY_WAREHOUSE", None)
        else:
            os.environ["LOYALTY_WAREHOUSE"] = previous
    folder = work / "target" / "compiled" / "loyalty" / "models" / "intermediate"
    return {name: (folder / f"{name}.sql").read_text() for name in SQL_MODELS}


def local(sql: str) -> str:
    """The compiled SQL reading the test's tables."""
    for model, table in [("int_customers_rfm", "rfm"), ("int_ltv_summaries", "summaries"), ("int_ltv_fit", "fit")]:
        sql = re.sub(rf'"[^"]+"\."intermediate"\."{model}"', table, sql)
    return sql


def run_sql_model(compiled: dict[str, str], rfm: pd.DataFrame, threads: int | None = None) -> tuple[dict, pd.DataFrame]:
    """int_ltv_fit and int_ltv_forecasts_sql on `rfm` (frequency, recency_days,
    age_days, monetary_value per customer)."""
    con = duckdb.connect()
    if threads:
        con.execute(f"set threads = {threads}")
    con.register("rfm_frame", rfm)
    con.execute("create table rfm as select * from rfm_frame")
    con.execute(f"create table summaries as {local(compiled['int_ltv_summaries'])}")

    con.execute(f"create table fit as {local(compiled['int_ltv_fit'])}")
    fit = con.execute("select * from fit").df().iloc[0].to_dict()
    forecasts = con.execute(local(compiled["int_ltv_forecasts_sql"])).df()
    return fit, forecasts


def python_model(rfm: pd.DataFrame) -> pd.DataFrame:
    repeat = rfm[(rfm["frequency"] > 0) & (rfm["monetary_value"] > 0)]
    return ltv.forecast(summaries_of(rfm[ltv.KEYS]), (repeat["frequency"].to_numpy(), repeat["monetary_value"].to_numpy()),
                        horizon_days=365, annual_rate=0.10)


def assert_same_model(compiled, rfm: pd.DataFrame, status: str) -> pd.DataFrame:
    fit, in_sql = run_sql_model(compiled, rfm)
    in_python = python_model(rfm)
    assert fit["model_status"] == status
    assert set(in_python["model_status"]) == {status}
    merged = in_python.merge(in_sql, on=ltv.KEYS, suffixes=("_python", "_sql"), validate="one_to_one")
    assert len(merged) == len(in_python) == len(in_sql)
    for column in PARAMETERS:
        expected = merged[f"{column}_python"].to_numpy(float)
        assert np.allclose(merged[f"{column}_sql"].to_numpy(float), expected, rtol=1e-4, equal_nan=True), column
    for column in FORECASTS:
        expected = merged[f"{column}_python"].to_numpy(float)
        assert np.allclose(merged[f"{column}_sql"].to_numpy(float), expected, rtol=1e-6, atol=1e-12,
                           equal_nan=True), column
    return merged


def test_cdnow_is_fitted_by_bgnbd_as_in_python(compiled):
    cdnow = pd.read_csv(CDNOW)
    rfm = pd.DataFrame({"frequency": cdnow["x"], "recency_days": cdnow["t_x"], "age_days": cdnow["T"],
                        "monetary_value": np.where(cdnow["x"] > 0, cdnow["zbar"], np.nan)})
    merged = assert_same_model(compiled, rfm, "fitted: bg/nbd + gamma-gamma")
    # The papers' parameters (Fader, Hardie and Lee 2005): r 0.243, alpha 4.414, a 0.793, b 2.426.
    assert merged["bgnbd_r_sql"].iloc[0] == pytest.approx(0.243, abs=5e-4)
    assert merged["bgnbd_b_sql"].iloc[0] == pytest.approx(2.426, abs=5e-3)


def test_no_visible_dropout_takes_the_nbd_limit_as_in_python(compiled):
    merged = assert_same_model(compiled, no_dropout_customers(n=5_000),
                               "fitted: nbd (no dropout visible, p_alive = 1) + gamma-gamma")
    assert (merged["p_alive_sql"] == 1.0).all()
    assert merged["bgnbd_a_sql"].isna().all()


def test_too_few_repeat_customers_are_not_fitted(compiled):
    rfm = pd.DataFrame({"frequency": [0, 0, 1, 2, 3], "recency_days": [0, 0, 10, 20, 30],
                        "age_days": [50, 60, 70, 80, 90], "monetary_value": [np.nan, np.nan, 10.0, 20.0, 30.0]})
    fit, in_sql = run_sql_model(compiled, rfm)
    assert fit["model_status"] == "not fitted: only 3 repeat customers (need 10)"
    assert in_sql["p_alive"].isna().all() and in_sql["gg_p"].isna().all()


@pytest.mark.parametrize("case", ["cdnow", "no_dropout"])
def test_the_fit_and_forecasts_do_not_depend_on_the_thread_count(compiled, case):
    """A parallel floating-point sum depends on the order the threads meet the
    rows: with plain sums, log b ended anywhere between 9.3 and 12.0 with 1,
    2, 4 or 8 DuckDB threads along the flat no-dropout ridge (the bound alone
    chose the model), and gg_p moved in its seventh digit. With exact_sum the
    parameters and every forecast are the same to the last bit."""
    if case == "cdnow":
        cdnow = pd.read_csv(CDNOW)
        rfm = pd.DataFrame({"frequency": cdnow["x"], "recency_days": cdnow["t_x"], "age_days": cdnow["T"],
                            "monetary_value": np.where(cdnow["x"] > 0, cdnow["zbar"], np.nan)})
    else:
        rfm = no_dropout_customers(n=5_000)
    runs = [run_sql_model(compiled, rfm, threads) for threads in (1, 2, 4, 8)]
    assert len({fit["model_status"] for fit, _ in runs}) == 1
    assert runs[0][0]["model_status"].startswith("fitted")
    keys = ["frequency", "recency_days", "age_days"]
    first = runs[0][1].sort_values(keys, ignore_index=True)
    for fit, forecasts in runs[1:]:
        for column in PARAMETERS:
            assert fit[column] == runs[0][0][column] or (np.isnan(fit[column]) and np.isnan(runs[0][0][column])), column
        pd.testing.assert_frame_equal(forecasts.sort_values(keys, ignore_index=True), first, check_exact=True)
