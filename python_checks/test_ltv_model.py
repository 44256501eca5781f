"""The BG/NBD and Gamma-Gamma likelihoods and predictions of
int_customers_ltv_predictions.py, validated on CDNOW and on properties of the
formulas (metric-spec 8)."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, ROOT

spec = importlib.util.spec_from_file_location(
    "ltv_model", ROOT / "models" / "intermediate" / "int_customers_ltv_predictions.py")
ltv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ltv)

CDNOW = pathlib.Path(ROOT / "data" / "cdnow" / "cdnow_customers_summary_with_transactions.csv")


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(CDNOW)


def test_bgnbd_matches_the_paper_on_cdnow(cdnow):
    # Fader, Hardie and Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 (weeks).
    r, alpha, a, b = ltv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    for got, paper in [(r, 0.243), (alpha, 4.414), (a, 0.793), (b, 2.426)]:
        assert got == pytest.approx(paper, rel=0.01)


def test_gamma_gamma_matches_the_paper_on_cdnow(cdnow):
    # Fader, Hardie and Lee, "RFM and CLV" (2005): p = 6.25, q = 3.74, gamma = 15.44.
    p, q, gamma = ltv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    for got, paper in [(p, 6.25), (q, 3.74), (gamma, 15.44)]:
        assert got == pytest.approx(paper, rel=0.01)


def test_paper_value_of_expected_purchases(cdnow):
    # FHL 2005, section 5: a customer with x = 2, t_x = 30.43, T = 38.86 is expected to make
    # 1.226 purchases in the next 39 weeks under the paper's parameters.
    params = (0.243, 4.414, 0.793, 2.426)
    assert ltv.expected_purchases(params, 39.0, np.array([2.0]), np.array([30.43]), np.array([38.86]))[0] == \
        pytest.approx(1.226, abs=0.002)


def test_predictions_are_probabilities_and_non_negative(cdnow):
    frame = pd.DataFrame({"customer_id": cdnow["ID"], "frequency": cdnow["x"], "recency_days": cdnow["t_x"],
                          "age_days": cdnow["T"], "monetary_value": cdnow["zbar"].where(cdnow["x"] > 0)})
    out = ltv.predict(frame, horizon_days=52, annual_rate=0.1, margin=1.0)
    assert (out["model_status"] == "fitted").all()
    assert out["p_alive"].between(0, 1).all()
    assert (out["expected_purchases"] >= 0).all()
    assert (out["predicted_ltv"] >= 0).all()
    # Without a repeat purchase a customer is certainly alive and gets the population mean value.
    no_repeat = out[frame["frequency"] == 0]
    p, q, gamma = out.loc[0, ["gg_p", "gg_q", "gg_gamma"]]
    assert (no_repeat["p_alive"] == 1.0).all()
    assert no_repeat["expected_order_value"].to_numpy() == pytest.approx(p * gamma / (q - 1))


def test_predicted_ltv_discounts_twelve_equal_steps(cdnow):
    frame = pd.DataFrame({"customer_id": cdnow["ID"], "frequency": cdnow["x"], "recency_days": cdnow["t_x"],
                          "age_days": cdnow["T"], "monetary_value": cdnow["zbar"].where(cdnow["x"] > 0)})
    undiscounted = ltv.predict(frame, horizon_days=52, annual_rate=0.0, margin=1.0)
    # With no discounting the steps telescope: purchases x value.
    assert undiscounted["predicted_ltv"].to_numpy() == pytest.approx(
        (undiscounted["expected_purchases"] * undiscounted["expected_order_value"]).to_numpy())
    discounted = ltv.predict(frame, horizon_days=52, annual_rate=0.1, margin=0.5)
    params = tuple(discounted.loc[0, ["bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b"]])
    row = 0
    x, t_x, big_t = (np.array([frame.loc[row, c]], float) for c in ("frequency", "recency_days", "age_days"))
    by_hand = 0.0
    for m in range(1, 13):
        inside = (ltv.expected_purchases(params, 52 * m / 12, x, t_x, big_t)
                  - ltv.expected_purchases(params, 52 * (m - 1) / 12, x, t_x, big_t) if m > 1
                  else ltv.expected_purchases(params, 52 / 12, x, t_x, big_t))
        by_hand += inside[0] * discounted.loc[row, "expected_order_value"] * 0.5 / 1.1 ** (m / 12)
    assert discounted.loc[row, "predicted_ltv"] == pytest.approx(by_hand, rel=1e-12)


def test_fit_is_guarded_when_there_are_too_few_repeat_customers():
    frame = pd.DataFrame({"customer_id": ["a", "b"], "frequency": [1, 0], "recency_days": [30, 0],
                          "age_days": [100, 50], "monetary_value": [20.0, None]})
    out = ltv.predict(frame, horizon_days=365, annual_rate=0.1, margin=1.0)
    assert out["model_status"].str.startswith("not fitted").all()
    assert out["predicted_ltv"].isna().all() and out["p_alive"].isna().all()


def test_fit_is_guarded_when_the_data_cannot_identify_the_model():
    # 140 customers with the very same history: the likelihood has no interior optimum.
    frame = pd.DataFrame({"customer_id": [str(i) for i in range(200)],
                          "frequency": [1] * 140 + [0] * 60, "recency_days": [26] * 140 + [0] * 60,
                          "age_days": [42] * 200, "monetary_value": [10.0] * 140 + [None] * 60})
    out = ltv.predict(frame, horizon_days=365, annual_rate=0.1, margin=1.0)
    assert out["model_status"].str.contains("boundary").all()
    assert out["predicted_ltv"].isna().all()


def test_customer_ltv_on_the_retention_fixture(build_warehouse):
    # a: completed 100.00 on 01-05 and 50.00 on 02-10 (b's refund excluded); as_of 04-15.
    warehouse = build_warehouse(FIXTURES / "retention")
    rows = warehouse.rows("""
        select customer_id, orders, historical_ltv, average_order_value, frequency, recency_days, age_days,
            monetary_value, model_status, predicted_ltv
        from marts.customer_ltv order by customer_id""")
    assert [r[:8] for r in rows] == [
        ("a", 2, pytest.approx(150), 75.0, 1, 36, 100, 50.0),
        ("b", 1, pytest.approx(20), 20.0, 0, 0, 45, None),
        ("c", 1, pytest.approx(30), 30.0, 0, 0, 74, None),
        ("d", 1, pytest.approx(40), 40.0, 0, 0, 0, None),
    ]
    # One repeat customer is too few to fit: null predictions, a status, and a green build.
    assert all(r[8].startswith("not fitted") and r[9] is None for r in rows)
