"""BG/NBD purchase forecasts and the Gamma-Gamma spend model (docs/metrics.md,
lifetime value), fitted once on the customers' purchase-day summaries.

Why the grain is the distinct (frequency, recency_days, age_days): the
BG/NBD likelihood and its forecasts depend on a customer only through that
triple, so a million customers are a few hundred thousand rows here, each
fitted and forecast once (weighted by its customer count); customer_ltv joins
them back and applies the spend model per customer in SQL.

The fit is maximum likelihood with analytic gradients (L-BFGS-B on log
parameters, time and money rescaled for conditioning, which moves no
optimum). When the BG/NBD optimum runs off to the no-dropout boundary (a
dropout probability of zero: young businesses, subscription-like buying),
the limiting model is used instead, the NBD (Gamma-Poisson) with p_alive = 1,
and model_status says so. Predictions are null only when the data cannot be
fitted at all (too few repeat customers, or no optimum in any model).
The functions are plain numpy/scipy so python_checks can validate them on
CDNOW against the papers' parameters.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

LOGGER = logging.getLogger("loyalty.ltv")
# The fit's fixed rules (min_repeat_customers, max_abs_log_parameter,
# bound_margin, horizon_steps, start) are written once, in dbt_project.yml
# (+ltv_fit_rules), and set here by configure() before a fit; int_ltv_fit
# and int_ltv_forecasts_sql read the same values.
MIN_REPEAT_CUSTOMERS: int
STEPS: int
# A fitted log-parameter (on the rescaled axes) beyond this bound has run off
# to a boundary of the parameter space: the data do not identify it.
MAX_ABS_LOG_PARAMETER: float
# Where the likelihood flattens towards a boundary, the optimiser may declare
# convergence just short of it (log b = 11.994 on one machine, 12.0 on
# another, for the same data): within this margin of the bound counts as at
# the bound, so the choice of model does not depend on floating-point detail.
# No identified parameter lies there: exp(11.5) on axes scaled to 1.
BOUND_MARGIN: float
# First starting point per fit ('bgnbd', 'nbd', 'gamma_gamma'); all-ones (log 0) is the second.
START: dict[str, list[float]]
KEYS = ["frequency", "recency_days", "age_days"]


class FitError(RuntimeError):
    pass


def configure(rules: dict) -> None:
    """Set the fit's rules from dbt_project.yml's +ltv_fit_rules."""
    global MIN_REPEAT_CUSTOMERS, STEPS, MAX_ABS_LOG_PARAMETER, BOUND_MARGIN, START
    MIN_REPEAT_CUSTOMERS = int(rules["min_repeat_customers"])
    STEPS = int(rules["horizon_steps"])
    MAX_ABS_LOG_PARAMETER = float(rules["max_abs_log_parameter"])
    BOUND_MARGIN = float(rules["bound_margin"])
    START = {fit: [float(value) for value in point] for fit, point in rules["start"].items()}


def _fit(objective, starts, bounds):
    """L-BFGS-B (analytic gradient) from each starting point in turn: the first
    converged optimum inside the bounds is taken; otherwise the best one."""
    best = None
    for start in starts:
        result = minimize(objective, np.asarray(start, float), jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10})
        if not np.isfinite(result.fun) or result.fun >= 1e12:
            continue
        if result.success and not _at_bound(result.x):
            return result
        if best is None or result.fun < best.fun:
            best = result
    if best is None:
        raise FitError("the optimiser found no finite likelihood")
    return best


def _at_bound(theta, which=None):
    theta = np.asarray(theta)
    picked = theta if which is None else theta[list(which)]
    return bool(np.any(np.abs(picked) >= MAX_ABS_LOG_PARAMETER - BOUND_MARGIN))


def bgnbd_log_likelihood(params, x, t_x, big_t):
    """Per-customer BG/NBD log-likelihood (Fader, Hardie and Lee 2005, equation 6),
    as the paper writes it: the reference the fit's objective is tested against."""
    r, alpha, a, b = params
    a3 = -(r + x) * np.log(alpha + big_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x),
                      -np.inf)
    return (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + gammaln(b + x) - gammaln(a + b + x)
            - gammaln(b) + gammaln(a + b) + np.logaddexp(a3, a4))


def _levels(values):
    """Distinct values and the index of each value among them: the special
    functions below depend on x, t_x or T alone, and these take only a few
    hundred distinct values, so each is evaluated once per level."""
    return np.unique(values, return_inverse=True)


def _pairs(first, second):
    """The distinct (first, second) pairs, in sorted order, and the index of
    each row's pair among them: one integer per pair from the two columns'
    levels (np.unique of the stacked columns, axis=0, took 0.38 s on the
    522 k summaries of 1 M customers; this takes 0.04 s)."""
    (firsts, first_index), (seconds, second_index) = _levels(first), _levels(second)
    codes, pair_index = np.unique(first_index * len(seconds) + second_index, return_inverse=True)
    return firsts[codes // len(seconds)], seconds[codes % len(seconds)], pair_index


def _bgnbd_objective(x, t_x, big_t, weights):
    """Minus the weighted mean BG/NBD log-likelihood and its gradient in the log
    parameters. Each customer's term is per_x + r log alpha + a3 + log(1 + e^(a4 - a3)),
    a3 = -(r + x) log(alpha + T) and a4 = log a - log(b + x - 1) - (r + x) log(alpha + t_x)
    (a4 = -inf without a repeat purchase). Every part but the last depends on x
    or T alone, so it is summed over their levels with the rows' weights added
    up once; only the last part, and the share w4 = e^a4 / (e^a3 + e^a4) the
    gradient needs, is computed row by row, on the repeat rows (half the
    passes over the rows of writing each term out; docs/decisions.md,
    "Lifetime value")."""
    total = weights.sum()
    (xs, xi), (ts, ti), (txs, txi) = _levels(x), _levels(big_t), _levels(t_x)
    xs_repeat = np.where(xs > 0, xs - 1, 0.0)
    x_weights = np.bincount(xi, weights=weights, minlength=len(xs))
    t_weights = np.bincount(ti, weights=weights, minlength=len(ts))
    t_weighted_x = np.bincount(ti, weights=weights * x, minlength=len(ts))
    repeat = x > 0
    x_r, weights_r, xi_r, ti_r, txi_r = x[repeat], weights[repeat], xi[repeat], ti[repeat], txi[repeat]

    def objective(theta):
        r, alpha, a, b = params = np.exp(theta)
        with np.errstate(all="ignore"):
            log_alpha_t, log_alpha_tx = np.log(alpha + ts), np.log(alpha + txs)
            # Repeat rows: a4 - a3 and their weights times w4.
            r_x = r + x_r
            log_gap = log_alpha_t[ti_r] - log_alpha_tx[txi_r]
            a4_minus_a3 = (np.log(a) - np.log(b + xs_repeat))[xi_r] + r_x * log_gap
            weighted_w4 = weights_r * expit(a4_minus_a3)
            x_weighted_w4 = np.bincount(xi_r, weights=weighted_w4, minlength=len(xs))
            # Sum over rows of w (r + x) per level of T: the a3 term and its derivatives.
            t_weighted_r_x = r * t_weights + t_weighted_x
            ll = (np.dot(x_weights, gammaln(r + xs) - gammaln(r) + gammaln(b + xs) - gammaln(a + b + xs)
                         - gammaln(b) + gammaln(a + b))
                  + total * r * np.log(alpha) - np.dot(t_weighted_r_x, log_alpha_t)
                  + np.dot(weights_r, np.logaddexp(0.0, a4_minus_a3)))
            d_r = (np.dot(x_weights, digamma(r + xs) - digamma(r)) + total * np.log(alpha)
                   - np.dot(t_weights, log_alpha_t) + np.dot(weighted_w4, log_gap))
            d_alpha = (total * r / alpha - np.dot(t_weighted_r_x, 1.0 / (alpha + ts))
                       + np.dot(weighted_w4 * r_x, (1.0 / (alpha + ts))[ti_r] - (1.0 / (alpha + txs))[txi_r]))
            d_a = np.dot(x_weights, digamma(a + b) - digamma(a + b + xs)) + x_weighted_w4.sum() / a
            d_b = (np.dot(x_weights, digamma(b + xs) - digamma(a + b + xs) - digamma(b) + digamma(a + b))
                   - np.dot(x_weighted_w4, 1.0 / (b + xs_repeat)))
            value = -ll / total
            gradient = -np.array([d_r, d_alpha, d_a, d_b]) * params / total
        if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
            return 1e12, np.zeros(4)
        return value, gradient

    return objective


def _nbd_objective(x, big_t, weights):
    """The NBD (no dropout) limit of BG/NBD: the a4 term vanishes."""
    total = weights.sum()

    def objective(theta):
        r, alpha = params = np.exp(theta)
        with np.errstate(all="ignore"):
            ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) - (r + x) * np.log(alpha + big_t)
            d_r = digamma(r + x) - digamma(r) + np.log(alpha) - np.log(alpha + big_t)
            d_alpha = r / alpha - (r + x) / (alpha + big_t)
            value = -np.dot(weights, ll) / total
            gradient = -np.array([np.dot(weights, d_r), np.dot(weights, d_alpha)]) * params / total
        if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
            return 1e12, np.zeros(2)
        return value, gradient

    return objective


def fit_purchase_model(x, t_x, big_t, weights=None):
    """Maximum likelihood on purchase-day summaries (one row per customer, or
    distinct rows with their customer counts as weights).

    Returns (model, params): ("bg/nbd", (r, alpha, a, b)) at an interior
    optimum, or ("nbd", (r, alpha)) when BG/NBD runs off to the no-dropout
    boundary. Raises FitError when neither model has an optimum."""
    x, t_x, big_t = (np.asarray(v, float) for v in (x, t_x, big_t))
    weights = np.ones_like(x) if weights is None else np.asarray(weights, float)
    scale = max(float(np.max(big_t)), 1.0)  # time on a unit scale: alpha / scale, same optimum
    bounds = [(-MAX_ABS_LOG_PARAMETER, MAX_ABS_LOG_PARAMETER)]
    best = _fit(_bgnbd_objective(x, t_x / scale, big_t / scale, weights),
                [np.log(START['bgnbd']), np.zeros(4)], bounds * 4)
    # Only the no-dropout boundary (mean dropout probability a / (a + b) driven
    # to zero) has a limiting model to fall back on: the NBD. A dropout
    # probability below e^-12 counts as that boundary even inside the bounds:
    # the likelihood is flat along it, and where a search stops there depends
    # on the last digits of its sums (int_ltv_fit's, with DuckDB's thread count).
    log_dropout = best.x[2] - np.logaddexp(best.x[2], best.x[3])
    if not _at_bound(best.x) and log_dropout > -MAX_ABS_LOG_PARAMETER:
        r, alpha, a, b = np.exp(best.x)
        return "bg/nbd", (r, alpha * scale, a, b)
    if log_dropout > -MAX_ABS_LOG_PARAMETER / 2:
        raise FitError("BG/NBD parameters ran to a boundary (the data do not identify the model)")
    nbd = _fit(_nbd_objective(x, big_t / scale, weights), [np.log(START['nbd']), np.zeros(2)], bounds * 2)
    if _at_bound(nbd.x):
        raise FitError("NBD parameters ran to a boundary (the data do not identify the model)")
    r, alpha = np.exp(nbd.x)
    return "nbd", (r, alpha * scale)


def fit_bgnbd(frequency, recency, age, weights=None):
    """(r, alpha, a, b) of an interior BG/NBD optimum; FitError otherwise."""
    model, params = fit_purchase_model(frequency, recency, age, weights)
    if model != "bg/nbd":
        raise FitError("BG/NBD parameters ran to the no-dropout boundary")
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
    x, m = x[keep], m[keep]
    if x.size < MIN_REPEAT_CUSTOMERS:
        raise FitError(f"Gamma-Gamma needs at least {MIN_REPEAT_CUSTOMERS} repeat customers")
    # Money on a unit scale (the median, robust to one huge order): gamma / scale, same optimum.
    scale = float(np.median(m))
    m = m / scale
    log_m = np.log(m)
    (xs, xi) = _levels(x)
    count = float(x.size)
    sum_x_log_m_x = np.bincount(xi, weights=np.log(m) + np.log(x))  # per level: sum of log m + log x
    per_level = np.bincount(xi).astype(float)
    sum_log_m = log_m.sum()

    def objective(theta):
        p, q, gamma = params = np.exp(theta)
        with np.errstate(all="ignore"):
            pxs = p * xs
            log_xm_gamma = np.log(x * m + gamma)
            weight = (pxs + q)[xi]
            psi = digamma(pxs + q)
            ll = (np.dot(per_level, gammaln(pxs + q) - gammaln(pxs) + pxs * np.log(xs))
                  + count * (q * np.log(gamma) - gammaln(q)) + p * np.dot(xs, np.bincount(xi, weights=log_m))
                  - sum_log_m - np.dot(weight, log_xm_gamma))
            d_p = (np.dot(xs, per_level * (psi - digamma(pxs))) + np.dot(xs, sum_x_log_m_x)
                   - np.dot(x, log_xm_gamma))
            d_q = np.dot(per_level, psi) - count * digamma(q) + count * np.log(gamma) - log_xm_gamma.sum()
            d_gamma = count * q / gamma - np.sum(weight / (x * m + gamma))
            value = -ll / count
            gradient = -np.array([d_p, d_q, d_gamma]) * params / count
        if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
            return 1e12, np.zeros(3)
        return value, gradient

    best = _fit(objective, [np.log(START['gamma_gamma']), np.zeros(3)], [(-MAX_ABS_LOG_PARAMETER, MAX_ABS_LOG_PARAMETER)] * 3)
    p, q, gamma = np.exp(best.x)
    if q <= 1:
        raise FitError("Gamma-Gamma q <= 1: the population mean order value is not defined")
    if _at_bound(best.x):
        raise FitError("Gamma-Gamma parameters ran to a boundary (the data do not identify the model)")
    return p, q, gamma * scale


def _alive_odds(params, x, t_x, big_t):
    r, alpha, a, b = params
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        odds = (a / np.where(x > 0, b + x - 1, 1.0)) * ((alpha + big_t) / (alpha + t_x)) ** (r + x)
    return np.where(x > 0, odds, 0.0)


def p_alive(params, x, t_x, big_t):
    """P(customer still alive | x, t_x, T) under BG/NBD."""
    return 1.0 / (1.0 + _alive_odds(params, x, t_x, big_t))


def expected_purchases_if_alive(params, t, x, big_t):
    """Expected purchases in (T, T + t] of a customer still alive with x repeat
    purchases by T; a function of (x, T) alone."""
    r, alpha, a, b = params
    x = np.asarray(x, float)
    z = t / (alpha + big_t + t)
    head = (a + b + x - 1) / (a - 1)
    return head * (1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))


def expected_purchases(params, t, x, t_x, big_t):
    """Expected purchases in (T, T + t] given x, t_x, T (FHL 2005, equation 10)."""
    return expected_purchases_if_alive(params, t, x, big_t) * p_alive(params, np.asarray(x, float), t_x, big_t)


def nbd_expected_purchases(params, t, x, big_t):
    """NBD: the posterior mean purchase rate (r + x) / (alpha + T), times t."""
    r, alpha = params
    return (r + np.asarray(x, float)) / (alpha + np.asarray(big_t, float)) * t


def forecast(summaries: pd.DataFrame, monetary_value, horizon_days: float, annual_rate: float) -> pd.DataFrame:
    """Fit on `summaries` (frequency, recency_days, age_days, customers) and the
    repeat customers' monetary values; forecast every summary row.

    Returns the rows of `summaries` with p_alive, expected_purchases,
    discounted_purchases (sum over 12 equal steps of the horizon of the
    purchases expected inside step m / (1 + rate)^(m / 12)), the parameters
    and model_status."""
    out = summaries[[*KEYS, "customers"]].copy()
    x, t_x, big_t = (summaries[k].to_numpy(float) for k in KEYS)
    weights = summaries["customers"].to_numpy(float)
    values = {"p_alive": np.nan, "expected_purchases": np.nan, "discounted_purchases": np.nan}
    params = dict.fromkeys(["bgnbd_r", "bgnbd_alpha", "bgnbd_a", "bgnbd_b", "gg_p", "gg_q", "gg_gamma"], np.nan)
    try:
        repeaters = int(weights[x > 0].sum())
        if repeaters < MIN_REPEAT_CUSTOMERS:
            raise FitError(f"only {repeaters} repeat customers (need {MIN_REPEAT_CUSTOMERS})")
        model, purchase_params = fit_purchase_model(x, t_x, big_t, weights)
        gg = fit_gamma_gamma(*monetary_value)
        steps = horizon_days * np.arange(0, STEPS + 1) / STEPS
        with np.errstate(all="ignore"):
            if model == "bg/nbd":
                # The hypergeometric part depends on (x, T) only: evaluated once per pair.
                pair_x, pair_t, pair_index = _pairs(x, big_t)
                alive = p_alive(purchase_params, x, t_x, big_t)
                cumulative = np.vstack([np.zeros_like(x)] + [
                    expected_purchases_if_alive(purchase_params, t, pair_x, pair_t)[pair_index] * alive
                    for t in steps[1:]])
            else:
                cumulative = np.vstack([nbd_expected_purchases(purchase_params, t, x, big_t) for t in steps])
                alive = np.ones_like(x)
        discount = (1.0 + annual_rate) ** (np.arange(1, STEPS + 1) / STEPS)
        discounted = (np.diff(cumulative, axis=0) / discount[:, None]).sum(axis=0)
        usable = (np.all(np.isfinite(cumulative)) and np.all(np.isfinite(alive))
                  and np.all((alive >= 0) & (alive <= 1)) and np.all(cumulative[-1] >= 0))
        if not usable:
            raise FitError("forecasts are not finite or out of range under the fitted parameters")
    except (FitError, ValueError, FloatingPointError) as error:
        LOGGER.warning("lifetime-value model not fitted, predictions are null: %s", error)
        out = out.assign(**values, **params)
        out["model_status"] = f"not fitted: {error}"
        return out

    out["p_alive"] = alive
    out["expected_purchases"] = cumulative[-1]
    out["discounted_purchases"] = discounted
    names = ["bgnbd_r", "bgnbd_alpha"] + (["bgnbd_a", "bgnbd_b"] if model == "bg/nbd" else [])
    params.update({name: float(value) for name, value in zip(names, purchase_params, strict=True)})
    params.update({"gg_p": float(gg[0]), "gg_q": float(gg[1]), "gg_gamma": float(gg[2])})
    out = out.assign(**params)
    out["model_status"] = ("fitted: bg/nbd + gamma-gamma" if model == "bg/nbd"
                           else "fitted: nbd (no dropout visible, p_alive = 1) + gamma-gamma")
    return out


def model(dbt, session):
    dbt.config(materialized="table")
    configure(dbt.config.get("ltv_fit_rules"))
    rfm = dbt.ref("int_customers_rfm")
    summaries = dbt.ref("int_ltv_summaries").order("frequency, recency_days, age_days").df()
    # Sorted, so the fit adds its terms in the same order on every run.
    spend = rfm.filter("frequency > 0 and monetary_value > 0").project("frequency, monetary_value") \
        .order("frequency, monetary_value").fetchnumpy()
    return forecast(
        summaries,
        (spend["frequency"], spend["monetary_value"]),
        horizon_days=float(dbt.config.get("ltv_horizon_days")),
        annual_rate=float(dbt.config.get("ltv_discount_rate_annual")),
    )
