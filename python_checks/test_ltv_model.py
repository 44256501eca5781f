"""The BG/NBD and Gamma-Gamma likelihoods and predictions of
int_ltv_forecasts.py, validated on CDNOW and on properties of the
formulas (docs/metrics.md section 8)."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, LTV_FIT_RULES, ROOT

spec = importlib.util.spec_from_file_location(
    "ltv_model", ROOT / "models" / "intermediate" / "int_ltv_forecasts.py")
ltv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ltv)
ltv.configure(LTV_FIT_RULES)

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


def summaries_of(frame: pd.DataFrame) -> pd.DataFrame:
    return (frame.groupby(ltv.KEYS, as_index=False).size().rename(columns={"size": "customers"})
            .sort_values(ltv.KEYS, ignore_index=True))


def cdnow_forecast(cdnow, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = pd.DataFrame({"frequency": cdnow["x"], "recency_days": cdnow["t_x"], "age_days": cdnow["T"]})
    summaries = summaries_of(frame)
    out = ltv.forecast(summaries, (cdnow["x"].to_numpy(), cdnow["zbar"].to_numpy()), **kwargs)
    return frame.merge(out, on=ltv.KEYS, how="left"), out


def test_forecasts_are_probabilities_and_non_negative(cdnow):
    per_customer, out = cdnow_forecast(cdnow, horizon_days=52, annual_rate=0.1)
    assert (out["model_status"] == "fitted: bg/nbd + gamma-gamma").all()
    assert out["p_alive"].between(0, 1).all()
    assert (out["expected_purchases"] >= 0).all()
    assert (out["discounted_purchases"] >= 0).all()
    assert (out["discounted_purchases"] <= out["expected_purchases"]).all()
    # Without a repeat purchase a customer is certainly alive.
    assert (per_customer.loc[per_customer["frequency"] == 0, "p_alive"] == 1.0).all()
    # One row per distinct summary, whose counts add up to the customers.
    assert out["customers"].sum() == len(cdnow) and not out.duplicated(ltv.KEYS).any()


def test_fit_on_distinct_summaries_equals_the_fit_on_every_customer(cdnow):
    summaries = summaries_of(pd.DataFrame({"frequency": cdnow["x"], "recency_days": cdnow["t_x"],
                                           "age_days": cdnow["T"]}))
    weighted = ltv.fit_bgnbd(summaries["frequency"], summaries["recency_days"], summaries["age_days"],
                             summaries["customers"])
    every_row = ltv.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert weighted == pytest.approx(every_row, rel=1e-4)
    # And it is the optimum: the analytic gradient vanishes there.
    objective = ltv._bgnbd_objective(*(summaries[k].to_numpy(float) for k in ltv.KEYS),
                                     summaries["customers"].to_numpy(float))
    assert np.abs(objective(np.log(weighted))[1]).max() < 1e-5


def test_analytic_gradients_match_finite_differences(cdnow):
    x, t_x, big_t = (cdnow[c].to_numpy(float) for c in ("x", "t_x", "T"))
    theta = np.log([0.3, 5.0, 0.7, 2.0])
    objective = ltv._bgnbd_objective(x, t_x, big_t, np.ones_like(x))
    step = 1e-6
    numeric = [(objective(theta + step * e)[0] - objective(theta - step * e)[0]) / (2 * step) for e in np.eye(4)]
    assert objective(theta)[1] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("params", [(0.243, 4.414, 0.793, 2.426), (0.3, 5.0, 0.7, 2.0), (2.0, 0.5, 3.0, 0.8)])
def test_objective_is_the_papers_likelihood_summed_by_level(cdnow, params):
    """The objective sums the likelihood's parts over the levels of x and T;
    its value must be minus the weighted mean of the paper's per-customer
    formula, on the distinct summaries as on every customer."""
    x, t_x, big_t = (cdnow[c].to_numpy(float) for c in ("x", "t_x", "T"))
    expected = -ltv.bgnbd_log_likelihood(params, x, t_x, big_t).mean()
    every_row = ltv._bgnbd_objective(x, t_x, big_t, np.ones_like(x))(np.log(params))[0]
    summaries = summaries_of(pd.DataFrame({"frequency": x, "recency_days": t_x, "age_days": big_t}))
    weighted = ltv._bgnbd_objective(*(summaries[k].to_numpy(float) for k in ltv.KEYS),
                                    summaries["customers"].to_numpy(float))(np.log(params))[0]
    assert every_row == pytest.approx(expected, rel=1e-12)
    assert weighted == pytest.approx(expected, rel=1e-12)


def test_pairs_are_the_distinct_rows_of_the_two_columns(cdnow):
    """forecast evaluates the hypergeometric part once per distinct (x, T):
    the pairs and each row's index among them, in sorted order, on CDNOW's
    fractional T and on a hand-made case."""
    x, big_t = cdnow["x"].to_numpy(float), cdnow["T"].to_numpy(float)
    pair_x, pair_t, index = ltv._pairs(x, big_t)
    assert len(pair_x) < len(x)
    assert np.array_equal(pair_x[index], x) and np.array_equal(pair_t[index], big_t)
    assert list(zip(pair_x, pair_t)) == sorted(set(zip(x, big_t)))
    pair_x, pair_t, index = ltv._pairs(np.array([2.0, 0.0, 2.0, 0.0, 1.5]), np.array([7.5, 7.5, 7.5, 3.0, 3.0]))
    assert pair_x.tolist() == [0.0, 0.0, 1.5, 2.0] and pair_t.tolist() == [3.0, 7.5, 3.0, 7.5]
    assert index.tolist() == [3, 1, 3, 0, 2]


def test_discounted_purchases_sum_twelve_equal_steps(cdnow):
    _, undiscounted = cdnow_forecast(cdnow, horizon_days=52, annual_rate=0.0)
    # With no discounting the steps telescope to the expected purchases.
    assert undiscounted["discounted_purchases"].to_numpy() == pytest.approx(
        undiscounted["expected_purchases"].to_numpy(), rel=1e-12)
    _, discounted = cdnow_forecast(cdnow, horizon_days=52, annual_rate=0.1)
    params = tuple(discounted.loc[0, ["bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b"]])
    row = discounted.iloc[[7]]
    x, t_x, big_t = (row[c].to_numpy(float) for c in ltv.KEYS)
    by_hand = 0.0
    for m in range(1, 13):
        inside = (ltv.expected_purchases(params, 52 * m / 12, x, t_x, big_t)
                  - (ltv.expected_purchases(params, 52 * (m - 1) / 12, x, t_x, big_t) if m > 1 else 0.0))
        by_hand += inside[0] / 1.1 ** (m / 12)
    assert row["discounted_purchases"].iloc[0] == pytest.approx(by_hand, rel=1e-12)


def no_dropout_customers(n: int = 20_000, r: float = 2.0, alpha: float = 40.0, seed: int = 7) -> pd.DataFrame:
    """Customers who never drop out: purchase days from a Poisson process whose
    rate is Gamma(r, alpha) across customers, observed for T days after the first."""
    rng = np.random.default_rng(seed)
    big_t = rng.integers(30, 700, n).astype(float)
    counts = rng.poisson(rng.gamma(r, 1 / alpha, n) * big_t)
    last = np.array([rng.uniform(0, t, c).max() if c else 0.0 for t, c in zip(big_t, counts, strict=True)])
    return pd.DataFrame({"frequency": counts, "recency_days": np.floor(last), "age_days": big_t,
                         "monetary_value": np.where(counts > 0, rng.gamma(5, 8, n), np.nan)})


def test_no_visible_dropout_uses_the_nbd_limit():
    frame = no_dropout_customers()
    model, params = ltv.fit_purchase_model(frame["frequency"], frame["recency_days"], frame["age_days"])
    assert model == "nbd"
    # The generating rate distribution is recovered: Gamma(r = 2, alpha = 40 days).
    assert params == pytest.approx((2.0, 40.0), rel=0.1)
    with pytest.raises(ltv.FitError, match="no-dropout"):
        ltv.fit_bgnbd(frame["frequency"], frame["recency_days"], frame["age_days"])


def test_nbd_forecasts_are_the_posterior_rate_times_the_horizon():
    frame = no_dropout_customers()
    summaries = summaries_of(frame)
    out = ltv.forecast(summaries, (frame["frequency"].to_numpy(), frame["monetary_value"].to_numpy()),
                       horizon_days=365, annual_rate=0.0)
    assert (out["model_status"] == "fitted: nbd (no dropout visible, p_alive = 1) + gamma-gamma").all()
    assert (out["p_alive"] == 1.0).all()
    assert out["bgnbd_a"].isna().all() and out["bgnbd_b"].isna().all()
    r, alpha = out.loc[0, "bgnbd_r"], out.loc[0, "bgnbd_alpha"]
    # A customer with x = 3 purchase days over T = 100: (r + 3) / (alpha + 100) per day, 365 days.
    row = out[(out["frequency"] == 3) & (out["age_days"] == 100)].iloc[0]
    assert row["expected_purchases"] == pytest.approx((r + 3) / (alpha + 100) * 365, rel=1e-12)
    assert row["discounted_purchases"] == pytest.approx(row["expected_purchases"], rel=1e-12)
    # Discounted at 10 % a year: each twelfth of the purchases divided by 1.1^(m / 12).
    discounted = ltv.forecast(summaries, (frame["frequency"].to_numpy(), frame["monetary_value"].to_numpy()),
                              horizon_days=365, annual_rate=0.1)
    row = discounted[(discounted["frequency"] == 3) & (discounted["age_days"] == 100)].iloc[0]
    per_step = (r + 3) / (alpha + 100) * 365 / 12
    assert row["discounted_purchases"] == pytest.approx(sum(per_step / 1.1 ** (m / 12) for m in range(1, 13)),
                                                        rel=1e-12)


def test_nbd_fit_is_the_maximum_likelihood():
    frame = no_dropout_customers()
    model, params = ltv.fit_purchase_model(frame["frequency"], frame["recency_days"], frame["age_days"])
    x, big_t = frame["frequency"].to_numpy(float), frame["age_days"].to_numpy(float)

    def nbd_ll(r, alpha):
        from scipy.special import gammaln
        return np.sum(gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + big_t))

    best = nbd_ll(*params)
    for factor in (0.99, 1.01):
        assert nbd_ll(params[0] * factor, params[1]) < best
        assert nbd_ll(params[0], params[1] * factor) < best


def test_gamma_gamma_does_not_depend_on_the_money_scale(cdnow):
    p, q, gamma = ltv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    p2, q2, gamma2 = ltv.fit_gamma_gamma(cdnow["x"], cdnow["zbar"] * 1e12)
    assert (p2, q2, gamma2 / 1e12) == pytest.approx((p, q, gamma), rel=1e-6)


def test_one_huge_valid_order_does_not_stop_the_spend_model(cdnow):
    # A single 10^15 order (a valid amount) among ordinary ones: the fit still
    # converges to finite parameters with a defined mean (q > 1), so no
    # prediction is nulled. (The optimum itself moves: one order a trillion
    # times the others is real evidence of a heavy tail.)
    zbar = cdnow["zbar"].to_numpy(copy=True)
    first_repeat = int(np.flatnonzero(cdnow["x"].to_numpy() > 0)[0])
    zbar[first_repeat] = 1e15
    p, q, gamma = ltv.fit_gamma_gamma(cdnow["x"], zbar)
    assert all(np.isfinite([p, q, gamma])) and q > 1
    typical = (gamma + float(np.median(cdnow["zbar"])) * 2) * p / (p * 2 + q - 1)  # E[value | x = 2]
    assert 0 < typical < 1e6


def test_fit_is_guarded_when_there_are_too_few_repeat_customers():
    summaries = pd.DataFrame({"frequency": [0, 1], "recency_days": [0, 30], "age_days": [50, 100],
                              "customers": [1, 1]})
    out = ltv.forecast(summaries, (np.array([1.0]), np.array([20.0])), horizon_days=365, annual_rate=0.1)
    assert out["model_status"].str.startswith("not fitted: only 1 repeat customers").all()
    assert out["expected_purchases"].isna().all() and out["p_alive"].isna().all()


def test_fit_is_guarded_when_the_data_cannot_identify_the_model():
    # 140 customers with the very same history and 60 without a repeat, all
    # observed for 42 days: no interior optimum in BG/NBD nor in its limit.
    summaries = pd.DataFrame({"frequency": [0, 1], "recency_days": [0, 26], "age_days": [42, 42],
                              "customers": [60, 140]})
    out = ltv.forecast(summaries, (np.ones(140), np.full(140, 10.0)), horizon_days=365, annual_rate=0.1)
    assert out["model_status"].str.contains("boundary").all()
    assert out["expected_purchases"].isna().all()


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
