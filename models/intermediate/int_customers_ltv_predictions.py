"""BG/NBD + Gamma-Gamma lifetime-value predictions (metric-spec 8).

Fits, by maximum likelihood on the customers' purchase-day summaries
(int_customers_rfm, in days):

- BG/NBD (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy
  Way"): parameters r, alpha, a, b;
- Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader
  and Hardie's note on the Gamma-Gamma model): p, q, gamma, on the customers
  with repeat purchase days;

and predicts per customer p_alive, the expected purchases in the next
`ltv_horizon_days` and the discounted predicted value: the horizon is cut
into 12 equal steps; step m contributes the expected purchases inside it x
the Gamma-Gamma expected order value x gross_margin / (1 + rate)^(m / 12).
Customers without a repeat purchase get the population mean order value.

Guarded: with fewer than MIN_REPEAT_CUSTOMERS repeat customers, or when an
optimisation fails or gives unusable parameters, the predictions are null
and a warning is logged; the build never fails because of the fit.

The functions are plain numpy/scipy so python_checks can validate them on
the CDNOW data set (in weeks) against the papers' parameters.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

LOGGER = logging.getLogger("loyalty.ltv")
MIN_REPEAT_CUSTOMERS = 10
STEPS = 12
# A fitted log-parameter (on the scaled axes) beyond this means the optimum
# ran off to a boundary: the data cannot identify the model (for example,
# every customer with the same history), so the fit is treated as failed.
MAX_ABS_LOG_PARAMETER = 12.0


def _compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Unique rows of the given columns and their counts: the likelihood is a
    sum over customers, so identical summaries are evaluated once."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return [unique[:, i] for i in range(unique.shape[1])], counts


def _minimize(objective, starts):
    """Best optimum over the starting points: L-BFGS-B (few evaluations),
    polished by Nelder-Mead from its result, which is robust where the
    numerical gradient is not."""
    best = None
    for start in starts:
        result = minimize(objective, start, method="L-BFGS-B")
        result = minimize(objective, result.x, method="Nelder-Mead",
                          options={"maxiter": 4000, "xatol": 1e-8, "fatol": 1e-12})
        if best is None or result.fun < best.fun:
            best = result
    return best


def bgnbd_log_likelihood(params, x, t_x, big_t):
    """Per-customer BG/NBD log-likelihood (FHL 2005, equation 6)."""
    r, alpha, a, b = params
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + big_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return a1 + a2 + np.logaddexp(a3, a4)


def fit_bgnbd(frequency, recency, age):
    """Maximum-likelihood (r, alpha, a, b); raises RuntimeError when the fit fails."""
    (x, t_x, big_t), weights = _compress(np.asarray(frequency, float), np.asarray(recency, float),
                                         np.asarray(age, float))
    scale = max(float(np.max(big_t)), 1.0)  # fit alpha on a unit time scale, for conditioning

    def objective(log_params):
        with np.errstate(all="ignore"):
            r, alpha, a, b = np.exp(log_params)
            value = -np.sum(weights * bgnbd_log_likelihood((r, alpha * scale, a, b), x, t_x, big_t)) / weights.sum()
        return value if np.isfinite(value) else 1e12

    best = _minimize(objective, [np.zeros(4), np.log([0.5, 0.1, 0.5, 2.0])])
    r, alpha, a, b = np.exp(best.x)
    params = (r, alpha * scale, a, b)
    if not np.all(np.isfinite(params)) or best.fun >= 1e12:
        raise RuntimeError(f"BG/NBD fit failed: {best.message}")
    if np.max(np.abs(best.x)) > MAX_ABS_LOG_PARAMETER:
        raise RuntimeError("BG/NBD parameters ran to a boundary (the data do not identify the model)")
    return params


def gamma_gamma_log_likelihood(params, x, m):
    """Per-customer Gamma-Gamma log-likelihood of mean spend m over x > 0 repeat transactions."""
    p, q, gamma = params
    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(gamma)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + gamma))


def fit_gamma_gamma(frequency, monetary_value):
    """Maximum-likelihood (p, q, gamma) on customers with x > 0 and m > 0."""
    x = np.asarray(frequency, float)
    m = np.asarray(monetary_value, float)
    keep = (x > 0) & np.isfinite(m) & (m > 0)
    (x, m), weights = _compress(x[keep], m[keep])
    if weights.sum() < MIN_REPEAT_CUSTOMERS:
        raise RuntimeError(f"Gamma-Gamma needs at least {MIN_REPEAT_CUSTOMERS} repeat customers")
    scale = float(np.mean(m))

    def objective(log_params):
        with np.errstate(all="ignore"):
            p, q, gamma = np.exp(log_params)
            value = -np.sum(weights * gamma_gamma_log_likelihood((p, q, gamma * scale), x, m)) / weights.sum()
        return value if np.isfinite(value) else 1e12

    best = _minimize(objective, [np.zeros(3), np.log([5.0, 3.0, 1.0])])
    p, q, gamma = np.exp(best.x)
    params = (p, q, gamma * scale)
    if not np.all(np.isfinite(params)) or q <= 1 or best.fun >= 1e12:
        raise RuntimeError(f"Gamma-Gamma fit failed or q <= 1: {best.message}")
    if np.max(np.abs(best.x)) > MAX_ABS_LOG_PARAMETER:
        raise RuntimeError("Gamma-Gamma parameters ran to a boundary (the data do not identify the model)")
    return params


def _alive_odds(params, x, t_x, big_t):
    r, alpha, a, b = params
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = (a / np.where(x > 0, b + x - 1, 1.0)) * ((alpha + big_t) / (alpha + t_x)) ** (r + x)
    return np.where(x > 0, odds, 0.0)


def p_alive(params, x, t_x, big_t):
    """P(customer still alive | x, t_x, T) under BG/NBD."""
    return 1.0 / (1.0 + _alive_odds(params, x, t_x, big_t))


def expected_purchases(params, t, x, t_x, big_t):
    """Expected purchases in (T, T + t] given x, t_x, T (FHL 2005, equation 10)."""
    r, alpha, a, b = params
    x = np.asarray(x, float)
    z = t / (alpha + big_t + t)
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return head * tail / (1.0 + _alive_odds(params, x, t_x, big_t))


def expected_order_value(params, x, m):
    """Gamma-Gamma conditional expected order value; the population mean p gamma / (q - 1) without repeats."""
    p, q, gamma = params
    x = np.asarray(x, float)
    population_mean = p * gamma / (q - 1)
    with np.errstate(invalid="ignore"):
        conditional = p * (gamma + x * np.nan_to_num(m)) / (p * x + q - 1)
    return np.where(x > 0, conditional, population_mean)


def predict(rfm: pd.DataFrame, horizon_days: float, annual_rate: float, margin: float) -> pd.DataFrame:
    """Fit both models on rfm (frequency, recency_days, age_days, monetary_value) and predict."""
    out = pd.DataFrame({"customer_id": rfm["customer_id"].astype(str)})
    nulls = {"p_alive": np.nan, "expected_purchases": np.nan, "expected_order_value": np.nan,
             "predicted_ltv": np.nan}
    params_columns = ["bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b", "gg_p", "gg_q", "gg_gamma"]
    x = rfm["frequency"].to_numpy(float)
    t_x = rfm["recency_days"].to_numpy(float)
    big_t = rfm["age_days"].to_numpy(float)
    m = rfm["monetary_value"].to_numpy(float)
    try:
        if int((x > 0).sum()) < MIN_REPEAT_CUSTOMERS:
            raise RuntimeError(f"only {int((x > 0).sum())} repeat customers (need {MIN_REPEAT_CUSTOMERS})")
        bgnbd = fit_bgnbd(x, t_x, big_t)
        gg = fit_gamma_gamma(x, m)
        with np.errstate(all="ignore"):
            value = expected_order_value(gg, x, m)
            steps = horizon_days * np.arange(0, STEPS + 1) / STEPS
            cumulative = np.vstack(
                [np.zeros_like(x)] + [expected_purchases(bgnbd, t, x, t_x, big_t) for t in steps[1:]])
            alive = p_alive(bgnbd, x, t_x, big_t)
        per_step = np.diff(cumulative, axis=0)
        discount = (1.0 + annual_rate) ** (np.arange(1, STEPS + 1) / STEPS)
        predicted = (per_step / discount[:, None]).sum(axis=0) * value * margin
        usable = (np.all(np.isfinite(cumulative)) and np.all(np.isfinite(predicted)) and np.all(np.isfinite(alive))
                  and np.all((alive >= 0) & (alive <= 1)) and np.all(cumulative[-1] >= 0))
        if not usable:
            raise RuntimeError("predictions are not finite or out of range under the fitted parameters")
    except (RuntimeError, ValueError, FloatingPointError) as error:
        LOGGER.warning("lifetime-value model not fitted, predictions are null: %s", error)
        for column, value in {**nulls, **dict.fromkeys(params_columns, np.nan)}.items():
            out[column] = value
        out["model_status"] = f"not fitted: {error}"
        return out

    out["p_alive"] = alive
    out["expected_purchases"] = cumulative[-1]
    out["expected_order_value"] = value
    out["predicted_ltv"] = predicted
    for column, parameter in zip(params_columns, (*bgnbd, *gg), strict=True):
        out[column] = float(parameter)
    out["model_status"] = "fitted"
    return out


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("int_customers_rfm").df()
    return predict(
        rfm,
        horizon_days=float(dbt.config.get("ltv_horizon_days")),
        annual_rate=float(dbt.config.get("ltv_discount_rate_annual")),
        margin=float(dbt.config.get("gross_margin")),
    )
