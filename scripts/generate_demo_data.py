"""Deterministic demo data for the loyalty warehouse.

A fictional retailer with a loyalty program, over two years: customers with
signups that grow over time, orders with seasonality and repeat behaviour
(a BG/NBD-like buy-till-you-die process: every customer buys at their own
Poisson rate until they drop out after some purchase), refunds and
cancellations, items across product categories, subscriptions with upgrades,
downgrades, cancellations and restarts, NPS/CSAT/CES answers at several
touchpoints, loyalty members who drop out less often than non-members, in
programs of several types (the bundled loyalty_programs seed: a tiered points
program, a paid VIP one, a money-based cashback one, a partner one whose
points are earned with an airline, and a game), a points ledger whose earn
entries follow each program's rules (the points of the buyer's tier on the
order day) except for a few deliberate under- and over-awards, game plays,
and (unless --no-bad-rows) a handful of bad rows of every kind that
docs/metrics.md section 2 rejects.

Everything is generated column-wise with numpy in chunks of customers and
formatted to text by DuckDB, so `--customers 1000000 --format parquet`
(about ten million orders) takes minutes, not hours.

    python scripts/generate_demo_data.py --out data/demo
    python scripts/generate_demo_data.py --customers 1000000 --format parquet --out benchmarks/data/1m
"""

from __future__ import annotations

import argparse
import datetime as dt
import pathlib
import sys

import duckdb
import numpy as np
import pandas as pd
from tqdm import tqdm

START = dt.date(2024, 11, 1)
END = dt.date(2026, 10, 31)
CHUNK = 100_000

COUNTRIES = np.array(["NL", "DE", "FR", "GB", "US", "ES"])
COUNTRY_P = [0.30, 0.22, 0.14, 0.14, 0.12, 0.08]
CHANNELS = np.array(["search", "social", "email", "referral", "affiliate"])
CHANNEL_P = [0.35, 0.25, 0.15, 0.15, 0.10]
CATEGORIES = ["coffee", "tea", "kitchen", "apparel", "books", "gifts"]
# Month weights of order volume (index 0 = January): a holiday peak.
SEASON = np.array([0.85, 0.8, 0.9, 0.95, 1.0, 0.95, 0.9, 0.95, 1.0, 1.05, 1.3, 1.5])
PLANS = [("basic", 9.99), ("plus", 19.99), ("premium", 29.99)]
# Loyalty programs of the bundled seed and the share of members in each.
PROGRAMS = np.array(["rewards", "vip", "cashback", "miles", "spin"])
PROGRAM_P = [0.5, 0.15, 0.15, 0.1, 0.1]
EARNING_PROGRAMS = ("rewards", "vip", "cashback")
# Points per currency unit by trailing-365-day spend, as the loyalty_tiers seed.
TIER_RATE_SQL = "case when spend >= 5000 then 2.00 when spend >= 1500 then 1.50 when spend >= 500 then 1.25 else 1.00 end"
TOUCHPOINTS = {
    "nps": ["checkout", "delivery", "app"],
    "csat": ["support", "delivery"],
    "ces": ["support", "returns"],
}


def products_frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    rows = []
    for c_index, category in enumerate(CATEGORIES):
        for k in range(1, 8):
            price = round(float(rng.uniform(4, 60)) * (1.5 if category == "kitchen" else 1.0), 2)
            rows.append((f"P{c_index * 10 + k:03d}", f"{category.title()} item {k}", category, price))
    return pd.DataFrame(rows, columns=["product_id", "product_name", "category", "price"])


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Index of the first element of each group in a flat array of groups."""
    return np.concatenate(([0], np.cumsum(counts)[:-1]))


def within_group_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum of `values` that restarts at each group."""
    total = np.cumsum(values)
    non_empty = counts > 0
    starts = group_starts(counts)[non_empty]
    offsets = np.repeat(total[starts] - values[starts], counts[non_empty])
    return total - offsets


def generate_chunk(rng: np.random.Generator, first_id: int, n: int, products: pd.DataFrame) -> dict:
    # Programs, partner points and game plays draw from their own stream, so that
    # everything else is the same as before programs existed.
    program_rng = np.random.default_rng([first_id, 13])
    span = (END - START).days + 1
    day0 = np.datetime64(START.isoformat())
    ids = np.arange(first_id, first_id + n)

    # --- customers: signups grow over the two years ---
    signup_day = np.floor(span * rng.random(n) ** 0.8).astype(np.int64)
    signup_sec = rng.integers(0, 86_400, n)
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P).astype(object)
    country[rng.random(n) < 0.03] = None
    channel = rng.choice(CHANNELS, n, p=CHANNEL_P).astype(object)
    channel[rng.random(n) < 0.05] = None
    customers = pd.DataFrame({
        "customer_num": ids,
        "signup_at": day0 + signup_day.astype("timedelta64[D]") + signup_sec.astype("timedelta64[s]"),
        "country": country,
        "acquisition_channel": channel,
    })

    # --- loyalty members: enrol some days after signup; members churn less ---
    is_member = rng.random(n) < 0.4
    enrol_day = signup_day + rng.exponential(30, n).astype(np.int64)
    is_member &= enrol_day < span
    cancel_day = enrol_day + rng.exponential(500, n).astype(np.int64)
    has_cancel = is_member & (rng.random(n) < 0.25) & (cancel_day < span)
    members = pd.DataFrame({
        "customer_num": ids[is_member],
        "enrolled_at": day0 + enrol_day[is_member].astype("timedelta64[D]")
        + rng.integers(0, 86_400, is_member.sum()).astype("timedelta64[s]"),
        "cancelled_at": pd.Series(day0 + cancel_day[is_member].astype("timedelta64[D]")).where(
            has_cancel[is_member]),
        "program": program_rng.choice(PROGRAMS, is_member.sum(), p=PROGRAM_P),
    })

    # --- orders: buy at rate lam until dropping out after a purchase (prob p) ---
    buys = rng.random(n) < 0.85
    lam = rng.gamma(1.4, 0.1 / 1.4, n)  # purchases per day, mean 0.1
    p_drop = rng.beta(1.2, 16.0, n)  # mean ~0.07
    p_drop = np.where(is_member, p_drop * 0.35, p_drop)
    lam = np.where(is_member, lam * 1.4, lam)  # members buy more often, so lapse less within 90 days
    purchases = np.where(buys, rng.geometric(np.clip(p_drop, 1e-3, 1)), 0)
    purchases = np.minimum(purchases, 400)
    owner = np.repeat(np.arange(n), purchases)
    gaps = rng.exponential(1.0, owner.size) / lam[owner]
    starts = group_starts(purchases)
    gaps[starts[purchases > 0]] = rng.exponential(5.0, (purchases > 0).sum())  # first order soon after signup
    order_day_f = signup_day[owner] + within_group_cumsum(gaps, purchases)
    keep = order_day_f < span
    # seasonality by thinning: keep an order with its month's relative weight
    order_dates = day0 + np.floor(order_day_f.clip(0, span - 1)).astype("timedelta64[D]")
    month = order_dates.astype("datetime64[M]").astype(int) % 12
    keep &= rng.random(owner.size) < SEASON[month] / SEASON.max()
    owner = owner[keep]
    order_dates = order_dates[keep]
    n_orders = owner.size
    order_ts = order_dates + rng.integers(0, 86_400, n_orders).astype("timedelta64[s]")
    status = rng.choice(np.array(["completed", "refunded", "cancelled"]), n_orders, p=[0.9, 0.06, 0.04])

    # --- items: 1 + Poisson(0.7) distinct products, mostly from a favourite category ---
    n_products = len(products)
    favourite = rng.integers(0, len(CATEGORIES), n)
    n_items = 1 + np.minimum(rng.poisson(0.7, n_orders), 5)
    item_order = np.repeat(np.arange(n_orders), n_items)
    first_product = np.where(
        rng.random(n_orders) < 0.7,
        favourite[owner] * 7 + rng.integers(0, 7, n_orders),
        rng.integers(0, n_products, n_orders),
    )
    step = np.arange(item_order.size) - np.repeat(group_starts(n_items), n_items)
    product_index = (first_product[item_order] + step * 11) % n_products  # 11 is coprime with 42: distinct
    quantity = 1 + rng.poisson(0.3, item_order.size)
    unit_price = products["price"].to_numpy()[product_index]
    amount = np.round(np.bincount(item_order, weights=quantity * unit_price, minlength=n_orders), 2)
    orders = pd.DataFrame({
        "order_seq": np.arange(n_orders),
        "customer_num": ids[owner],
        "ordered_at": order_ts,
        "status": status,
        "amount": amount,
    })
    items = pd.DataFrame({
        "order_seq": item_order,
        "product_id": products["product_id"].to_numpy()[product_index],
        "quantity": quantity,
        "unit_price": unit_price,
    })

    # --- subscriptions: up to three priced periods per subscriber ---
    subscriber = rng.random(n) < 0.15
    sub_ids = np.flatnonzero(subscriber)
    seg_start = signup_day[sub_ids] + rng.exponential(20, sub_ids.size).astype(np.int64)
    plan = rng.integers(0, len(PLANS), sub_ids.size)
    rows = []
    alive = seg_start < span
    for segment in range(3):
        length = rng.exponential(260, sub_ids.size).astype(np.int64) + 30
        seg_end = seg_start + length
        ends = alive & (seg_end < span)
        for i in np.flatnonzero(alive):
            rows.append((ids[sub_ids[i]], segment, PLANS[plan[i]][0], PLANS[plan[i]][1],
                         int(seg_start[i]), int(seg_end[i]) if ends[i] else -1))
        # after an end: change plan (continues at once), or cancel (and maybe restart later)
        change = rng.random(sub_ids.size) < 0.5
        restart = rng.random(sub_ids.size) < 0.3
        gap = np.where(change, 0, rng.exponential(90, sub_ids.size).astype(np.int64) + 1)
        plan = np.where(change, (plan + rng.choice([1, 2], sub_ids.size)) % len(PLANS), plan)
        seg_start = seg_end + gap
        alive = ends & (change | restart) & (seg_start < span)
    subs = pd.DataFrame(rows, columns=["customer_num", "segment", "plan_id", "monthly_amount",
                                       "start_day", "end_day"])
    subs["started_at"] = day0 + subs["start_day"].to_numpy().astype("timedelta64[D]")
    subs["ended_at"] = pd.Series(day0 + subs["end_day"].clip(lower=0).to_numpy().astype(
        "timedelta64[D]")).where(subs["end_day"] >= 0)

    # --- survey answers: after some completed orders; members answer happier ---
    completed = np.flatnonzero(status == "completed")
    surveyed = completed[rng.random(completed.size) < 0.2]
    kind = rng.choice(np.array(["nps", "csat", "ces"]), surveyed.size, p=[0.6, 0.25, 0.15])
    member_answer = is_member[owner[surveyed]]
    mood = rng.normal(0.0, 1.0, surveyed.size) + np.where(member_answer, 0.5, 0.0)
    score = np.select(
        [kind == "nps", kind == "csat"],
        [np.clip(np.round(7.6 + 2.0 * mood), 0, 10),
         np.clip(np.round(3.9 + 0.9 * mood), 1, 5)],
        np.clip(np.round(5.0 + 1.2 * mood), 1, 7),
    ).astype(np.int64)
    touchpoint = np.empty(surveyed.size, dtype=object)
    for k in ("nps", "csat", "ces"):
        mask = kind == k
        touchpoint[mask] = rng.choice(TOUCHPOINTS[k], mask.sum())
    touchpoint[rng.random(surveyed.size) < 0.05] = None
    respondent = ids[owner[surveyed]].astype(object)
    respondent[rng.random(surveyed.size) < 0.08] = None  # anonymous
    responded = order_ts[surveyed] + rng.integers(3_600, 5 * 86_400, surveyed.size).astype("timedelta64[s]")
    responses = pd.DataFrame({
        "customer_num": respondent,
        "survey_type": kind,
        "score": score,
        "responded_at": responded,
        "touchpoint": touchpoint,
    })

    # --- points ledger: redemptions, expiries and adjustments after members' orders; the
    # earn entries themselves are written by earn_entries(), from each program's rules ---
    enrol_ts = day0 + enrol_day.astype("timedelta64[D]")
    earning = completed[is_member[owner[completed]] & (order_ts[completed] >= enrol_ts[owner[completed]])]
    earn_points = np.maximum(np.floor(amount[earning]).astype(np.int64), 1)
    redeem = rng.random(earning.size) < 0.3
    expire = rng.random(earning.size) < 0.1
    adjust = rng.random(earning.size) < 0.02
    program_of = pd.Series(members["program"].to_numpy(), index=members["customer_num"].to_numpy())
    miles = members["customer_num"].to_numpy()[members["program"].to_numpy() == "miles"]
    miles_enrol = enrol_day[miles - first_id]
    flights = program_rng.poisson(3, miles.size)
    flyer = np.repeat(np.arange(miles.size), flights)
    flight_day = miles_enrol[flyer] + program_rng.integers(0, 300, flyer.size)
    spin = members["customer_num"].to_numpy()[members["program"].to_numpy() == "spin"]
    spins = program_rng.poisson(6, spin.size)
    player = np.repeat(np.arange(spin.size), spins)
    play_day = enrol_day[spin - first_id][player] + program_rng.integers(0, 400, player.size)
    plays = pd.DataFrame({
        "customer_num": spin[player],
        "played_at": day0 + play_day.astype("timedelta64[D]")
        + program_rng.integers(0, 86_400, player.size).astype("timedelta64[s]"),
        "outcome": np.where(program_rng.random(player.size) < 0.3, "win", "lose"),
    })
    ledger = pd.concat([
        pd.DataFrame({"customer_num": ids[owner[earning[redeem]]],
                      "occurred_at": order_ts[earning[redeem]] + np.timedelta64(20, "D"),
                      "entry_type": "redeem", "points": -np.floor(earn_points[redeem] * 0.8).astype(np.int64) - 1}),
        pd.DataFrame({"customer_num": ids[owner[earning[expire]]],
                      "occurred_at": order_ts[earning[expire]] + np.timedelta64(365, "D"),
                      "entry_type": "expire", "points": -np.floor(earn_points[expire] * 0.2).astype(np.int64) - 1}),
        pd.DataFrame({"customer_num": ids[owner[earning[adjust]]],
                      "occurred_at": order_ts[earning[adjust]] + np.timedelta64(2, "D"),
                      "entry_type": "adjust", "points": rng.choice([-50, 25, 50], adjust.sum())}),
        pd.DataFrame({"customer_num": miles[flyer],
                      "occurred_at": day0 + flight_day.astype("timedelta64[D]")
                      + program_rng.integers(0, 86_400, flyer.size).astype("timedelta64[s]"),
                      "entry_type": "earn", "points": program_rng.integers(100, 600, flyer.size),
                      "partner": "airline"}),
    ], ignore_index=True)
    del program_of
    end_ts = np.datetime64((END + dt.timedelta(days=1)).isoformat())
    ledger = ledger[ledger["occurred_at"].to_numpy() < end_ts].sort_values("occurred_at", kind="stable")
    ledger["partner"] = ledger["partner"].astype(object).where(ledger["partner"].notna(), None)
    responses = responses[responses["responded_at"].to_numpy() < end_ts]
    plays = plays[plays["played_at"].to_numpy() < end_ts].sort_values("played_at", kind="stable")

    return {"customers": customers, "members": members, "orders": orders, "items": items,
            "subs": subs, "responses": responses, "ledger": ledger, "plays": plays}


TABLES = {
    # name: (create statement of the text table)
    "customers": "customer_id varchar, signup_at varchar, country varchar, acquisition_channel varchar",
    "orders": "order_id varchar, customer_id varchar, ordered_at varchar, status varchar, amount varchar",
    "order_items": "order_id varchar, product_id varchar, quantity varchar, unit_price varchar",
    "products": "product_id varchar, product_name varchar, category varchar",
    "subscriptions": "subscription_id varchar, customer_id varchar, plan_id varchar, started_at varchar, "
                     "ended_at varchar, monthly_amount varchar",
    "survey_responses": "response_id varchar, customer_id varchar, survey_type varchar, score varchar, "
                        "responded_at varchar, touchpoint varchar",
    "loyalty_members": "customer_id varchar, enrolled_at varchar, cancelled_at varchar, program varchar",
    "points_ledger": "entry_id varchar, customer_id varchar, occurred_at varchar, entry_type varchar, "
                     "points varchar, partner varchar",
    "game_plays": "play_id varchar, customer_id varchar, played_at varchar, outcome varchar",
}

ISO = "strftime({col}, '%Y-%m-%dT%H:%M:%SZ')"


def load_chunk(con: duckdb.DuckDBPyConnection, data: dict, order_offset: int, counters: dict) -> None:
    """Format one chunk as text, in SQL, and append it to the output tables."""
    cid = "'C' || lpad(cast(customer_num as varchar), 7, '0')"
    for name, frame in data.items():
        con.register(f"chunk_{name}", frame)
    con.execute(f"""insert into customers select {cid}, {ISO.format(col='signup_at')},
        country, acquisition_channel from chunk_customers""")
    # a few orders carry an offset or a different status spelling, as real exports do
    con.execute(f"""insert into orders select
        'O' || lpad(cast(order_seq + {order_offset} as varchar), 9, '0'), {cid},
        case when order_seq % 97 = 5 then strftime(ordered_at + interval 2 hour, '%Y-%m-%dT%H:%M:%S+02:00')
             else {ISO.format(col='ordered_at')} end,
        case when order_seq % 89 = 3 then upper(status) when order_seq % 83 = 2 then ' ' || status || ' '
             else status end,
        printf('%.2f', amount) from chunk_orders""")
    con.execute(f"""insert into order_items select
        'O' || lpad(cast(order_seq + {order_offset} as varchar), 9, '0'), product_id,
        cast(quantity as varchar), printf('%.2f', unit_price) from chunk_items""")
    con.execute(f"""insert into subscriptions select
        'S' || lpad(cast(row_number() over () + {counters['subs']} as varchar), 8, '0'), {cid}, plan_id,
        {ISO.format(col='started_at')}, {ISO.format(col='ended_at')}, printf('%.2f', monthly_amount)
        from chunk_subs""")
    con.execute(f"""insert into survey_responses select
        'R' || lpad(cast(row_number() over () + {counters['responses']} as varchar), 9, '0'),
        case when customer_num is not null then {cid} end, survey_type, cast(score as varchar),
        {ISO.format(col='responded_at')}, touchpoint from chunk_responses""")
    con.execute(f"""insert into loyalty_members select {cid}, {ISO.format(col='enrolled_at')},
        {ISO.format(col='cancelled_at')}, program from chunk_members""")
    con.execute(f"""insert into points_ledger select
        'E' || lpad(cast(row_number() over () + {counters['ledger']} as varchar), 9, '0'), {cid},
        {ISO.format(col='occurred_at')}, entry_type, cast(points as varchar), partner from chunk_ledger""")
    # a few outcomes are spelled as real exports do
    con.execute(f"""insert into game_plays select
        'G' || lpad(cast(row_number() over () + {counters['plays']} as varchar), 9, '0'), {cid},
        {ISO.format(col='played_at')},
        case when row_number() over () % 41 = 3 then upper(outcome) else outcome end from chunk_plays""")
    counters["plays"] += len(data["plays"])
    counters["subs"] += len(data["subs"])
    counters["responses"] += len(data["responses"])
    counters["ledger"] += len(data["ledger"])
    for name in data:
        con.unregister(f"chunk_{name}")


# Bad rows of every kind docs/metrics.md section 2 rejects, appended after the
# good rows. C0000001, O000000001 and P001 exist in every generated data set.
BAD_ROWS = {
    "customers": [
        (None, "2025-01-05T10:00:00Z", "NL", "search"),             # missing_value: customer_id
        ("CBAD01", "2025-02-30", "NL", "search"),                   # invalid_value: signup_at
        ("CBAD02", "05/01/2025", "DE", "email"),                    # invalid_value: signup_at
        ("CBAD03", "2999-01-01T00:00:00Z", "FR", "social"),         # future_event: signup_at
        ("C0000001", "2025-03-01T00:00:00Z", "GB", "email"),        # duplicate_key: customer_id
    ],
    "orders": [
        ("OBAD01", "C0000001", "2025-03-01T10:00:00Z", "completed", "12,50"),      # invalid_value: amount
        ("OBAD02", "C0000001", "2025-03-01T10:00:00Z", "completed", "NaN"),        # invalid_value: amount
        ("OBAD03", "C0000001", "not a date", "completed", "10.00"),                # invalid_value: ordered_at
        ("OBAD04", "C0000001", "2025-03-01T10:00:00Z", None, "10.00"),             # missing_value: status
        ("OBAD05", "C0000001", "2025-03-01T10:00:00Z", "shipped", "10.00"),        # out_of_domain: status
        ("OBAD06", "C0000001", "2025-03-01T10:00:00Z", "completed", "-5.00"),      # out_of_domain: amount
        ("OBAD07", "C0000001", "2999-03-01T10:00:00Z", "completed", "5.00"),       # future_event: ordered_at
        ("OBAD08", "CNOPE", "2025-03-01T10:00:00Z", "completed", "5.00"),          # unknown_reference
        ("OBAD09", "CBAD01", "2025-03-01T10:00:00Z", "completed", "5.00"),         # points at a rejected customer
        ("O000000001", "C0000001", "2025-03-01T10:00:00Z", "completed", "5.00"),   # duplicate_key: order_id
    ],
    "order_items": [
        ("O000000001", "P001", "0", "5.00"),        # out_of_domain: quantity (or duplicate if valid)
        ("O000000001", "P002", "1.5", "5.00"),      # invalid_value: quantity
        ("O000000001", "P003", "1", "-1.00"),       # out_of_domain: unit_price
        ("OBAD01", "P001", "1", "5.00"),            # unknown_reference: order_id (rejected order)
        ("O000000001", "PNOPE", "1", "5.00"),       # unknown_reference: product_id
    ],
    "products": [
        ("P001", "Duplicate mug", "kitchen"),       # duplicate_key: product_id
        ("PBAD01", None, "kitchen"),                # missing_value: product_name
    ],
    "subscriptions": [
        ("SBAD01", "C0000001", "basic", "2025-01-01T00:00:00Z", "someday", "9.99"),    # invalid_value: ended_at
        ("SBAD02", "C0000001", "basic", "2025-01-01T00:00:00Z", None, "-9.99"),        # out_of_domain
        ("SBAD03", "C0000001", "basic", "2999-01-01T00:00:00Z", None, "9.99"),         # future_event
        ("SBAD04", "CNOPE", "basic", "2025-01-01T00:00:00Z", None, "9.99"),            # unknown_reference
    ],
    "survey_responses": [
        ("RBAD01", "C0000001", "nps", "11", "2025-01-01T00:00:00Z", "checkout"),      # out_of_domain: score
        ("RBAD02", "C0000001", "csat", "0", "2025-01-01T00:00:00Z", "support"),       # out_of_domain: score
        ("RBAD03", "C0000001", "ces", "8", "2025-01-01T00:00:00Z", "support"),        # out_of_domain: score
        ("RBAD04", "C0000001", "poll", "5", "2025-01-01T00:00:00Z", "support"),       # out_of_domain: survey_type
        ("RBAD05", "C0000001", "nps", "7.5", "2025-01-01T00:00:00Z", "support"),      # invalid_value: score
        ("RBAD06", "C0000001", "nps", "9", "2999-01-01T00:00:00Z", "support"),        # future_event
        ("RBAD07", "CNOPE", "nps", "9", "2025-01-01T00:00:00Z", "support"),           # unknown_reference
        ("R000000001", None, "nps", "9", "2025-01-01T00:00:00Z", "support"),          # duplicate_key
    ],
    "loyalty_members": [
        ("CNOPE", "2025-01-01T00:00:00Z", None, "rewards"),              # unknown_reference
        ("C0000002", "2025-01-01T00:00:00Z", "whenever", "rewards"),     # invalid_value: cancelled_at
        ("C0000003", "2999-01-01T00:00:00Z", None, "rewards"),           # future_event: enrolled_at
    ],
    "points_ledger": [
        ("EBAD01", "C0000001", "2025-01-01T00:00:00Z", "earn", "-10", None),        # out_of_domain: points
        ("EBAD02", "C0000001", "2025-01-01T00:00:00Z", "redeem", "10", None),       # out_of_domain: points
        ("EBAD03", "C0000001", "2025-01-01T00:00:00Z", "bonus", "10", None),        # out_of_domain: entry_type
        ("EBAD04", "C0000001", "2025-01-01T00:00:00Z", "earn", "3000000000", None),  # invalid_value: points
        ("EBAD05", "C0000001", "2999-01-01T00:00:00Z", "earn", "10", None),         # future_event
        ("EBAD06", "CNOPE", "2025-01-01T00:00:00Z", "earn", "10", None),            # unknown_reference
        ("E000000001", "C0000001", "2025-01-01T00:00:00Z", "earn", "10", None),     # duplicate_key
    ],
    "game_plays": [
        ("GBAD01", "C0000001", "2025-01-01T00:00:00Z", "draw"),       # out_of_domain: outcome
        ("GBAD02", "C0000001", "yesterday", "win"),                   # invalid_value: played_at
        ("GBAD03", "C0000001", "2999-01-01T00:00:00Z", "win"),        # future_event
        ("GBAD04", "CNOPE", "2025-01-01T00:00:00Z", "lose"),          # unknown_reference
        ("G000000001", "C0000001", "2025-01-01T00:00:00Z", "lose"),   # duplicate_key
    ],
}


def earn_entries(con: duckdb.DuckDBPyConnection, first_entry: int) -> None:
    """The earn entries of members of programs that earn points, by the rules of
    docs/metrics.md section 13: floor(amount x the points rate of the buyer's tier on
    the order day) for each completed order on a member day, computed from the text
    tables exactly as the warehouse reads them. Deliberate errors, so the accrual
    audit has something to find: every 53rd such order earns 5 points too many, and
    every 59th gets no entry at all."""
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"""insert into points_ledger
        with members as (
            select customer_id, program, cast(cast(enrolled_at as timestamptz) as date) as enrolled,
                cast(cast(nullif(cancelled_at, '') as timestamptz) as date) as cancelled
            from loyalty_members
        ),
        completed as (
            select order_id, customer_id, ordered_at, cast(cast(ordered_at as timestamptz) as date) as day,
                cast(amount as decimal(18, 2)) as amount
            from orders
            where lower(trim(status)) = 'completed' and customer_id in (select customer_id from members)
        ),
        spend_days as (
            select customer_id, day, sum(sum(amount)) over (
                partition by customer_id order by day range between interval 364 days preceding and current row
            ) as spend
            from completed group by customer_id, day
        ),
        earned as (
            select completed.order_id, completed.customer_id, completed.ordered_at,
                cast(floor(completed.amount * {TIER_RATE_SQL}) as bigint)
                + case when cast(substr(completed.order_id, 2) as bigint) % 53 = 7 then 5 else 0 end as points
            from completed
            join members on completed.customer_id = members.customer_id
                and members.enrolled <= completed.day
                and (members.cancelled is null or members.cancelled > completed.day)
                and members.program in {EARNING_PROGRAMS}
            join spend_days on completed.customer_id = spend_days.customer_id and completed.day = spend_days.day
            where cast(substr(completed.order_id, 2) as bigint) % 59 <> 11
        )
        select 'E' || lpad(cast(row_number() over (order by order_id) + {first_entry} as varchar), 9, '0'),
            customer_id, ordered_at, 'earn', cast(points as varchar), null
        from earned where points > 0""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=5000, help="number of customers (default 5000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("data/demo"), help="output directory")
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--no-bad-rows", action="store_true", help="leave out the deliberately bad rows")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    products = products_frame()
    con = duckdb.connect()
    for name, columns in TABLES.items():
        con.execute(f"create table {name} ({columns})")
    con.register("products_frame", products)
    con.execute("insert into products select product_id, product_name, category from products_frame")

    counters = {"subs": 0, "responses": 0, "ledger": 0, "plays": 0}
    order_offset = 1
    with tqdm(total=args.customers, unit="customers", desc="generating", disable=None) as bar:
        for first in range(1, args.customers + 1, CHUNK):
            n = min(CHUNK, args.customers - first + 1)
            data = generate_chunk(rng, first, n, products)
            load_chunk(con, data, order_offset, counters)
            order_offset += len(data["orders"])
            bar.update(n)

    earn_entries(con, counters["ledger"])

    if not args.no_bad_rows:
        for name, rows in BAD_ROWS.items():
            placeholders = ", ".join("?" for _ in rows[0])
            con.executemany(f"insert into {name} values ({placeholders})", rows)

    for name in TABLES:
        target = args.out / f"{name}.{args.format}"
        options = "(format csv, header true)" if args.format == "csv" else "(format parquet)"
        con.execute(f"copy {name} to '{target.as_posix()}' {options}")
        count = con.execute(f"select count(*) from {name}").fetchone()[0]
        print(f"{target}: {count:,} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
