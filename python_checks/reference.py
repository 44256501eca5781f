"""An independent, literal, pure-Python implementation of docs/metrics.md.

Clarity over speed: every function follows the spec's wording, works on
plain Python values (no SQL, no pandas), and is used by the differential
tests to check every mart row by row. Where the spec leaves a choice open,
the choice of docs/decisions.md is taken, and marked "decision".
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import math
import pathlib
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

D = dt.date
WHITESPACE = " \t\r\n"

# --------------------------------------------------------------------------
# Section 1: sources and their columns (name, type, nullable)
# --------------------------------------------------------------------------
SOURCES = {
    "customers": [("customer_id", "text", False), ("signup_at", "timestamp", False),
                  ("country", "text", True), ("acquisition_channel", "text", True)],
    "products": [("product_id", "text", False), ("product_name", "text", False), ("category", "text", False)],
    "orders": [("order_id", "text", False), ("customer_id", "text", False), ("ordered_at", "timestamp", False),
               ("status", "enum", False), ("amount", "money", False)],
    "order_items": [("order_id", "text", False), ("product_id", "text", False), ("quantity", "integer", False),
                    ("unit_price", "money", False)],
    "subscriptions": [("subscription_id", "text", False), ("customer_id", "text", False), ("plan_id", "text", False),
                      ("started_at", "timestamp", False), ("ended_at", "timestamp", True),
                      ("monthly_amount", "money", False)],
    "survey_responses": [("response_id", "text", False), ("customer_id", "text", True),
                         ("survey_type", "enum", False), ("score", "integer", False),
                         ("responded_at", "timestamp", False), ("touchpoint", "text", True)],
    "loyalty_members": [("customer_id", "text", False), ("enrolled_at", "timestamp", False),
                        ("cancelled_at", "timestamp", True), ("program", "text", False)],
    "points_ledger": [("entry_id", "text", False), ("customer_id", "text", False), ("occurred_at", "timestamp", False),
                      ("entry_type", "enum", False), ("points", "integer", False), ("partner", "text", True)],
    "game_plays": [("play_id", "text", False), ("customer_id", "text", False), ("played_at", "timestamp", False),
                   ("outcome", "enum", False)],
}
KEYS = {"customers": ("customer_id",), "products": ("product_id",), "orders": ("order_id",),
        "order_items": ("order_id", "product_id"), "subscriptions": ("subscription_id",),
        "survey_responses": ("response_id",), "loyalty_members": ("customer_id",), "points_ledger": ("entry_id",),
        "game_plays": ("play_id",)}
EVENT_COLUMN = {"customers": "signup_at", "orders": "ordered_at", "subscriptions": "started_at",
                "survey_responses": "responded_at", "loyalty_members": "enrolled_at", "points_ledger": "occurred_at",
                "game_plays": "played_at"}
OPTIONAL = {"subscriptions", "loyalty_members", "points_ledger", "game_plays"}

def _project_var_defaults() -> dict:
    """The var defaults as the project states them, each in its one place:
    dbt_project.yml `vars:` and the metric thresholds of macros/utils/setting.sql."""
    root = pathlib.Path(__file__).resolve().parents[1]
    project = yaml.safe_load((root / "dbt_project.yml").read_text())["vars"]
    setting = (root / "macros" / "utils" / "setting.sql").read_text()
    thresholds = ast.literal_eval(re.search(r"return\((\{.*?\})\)", setting, re.S).group(1))
    return {**{name: value for name, value in project.items() if name not in ("raw_dir", "raw_schema")},
            **thresholds}


DEFAULT_VARS = _project_var_defaults()
# Section 13: the bundled loyalty_programs seed (program, type, fee, earns points, threshold, value).
SEED_PROGRAMS = [
    ("rewards", "tiered", "0", "true", "", ""),
    ("vip", "paid", "99.00", "true", "", ""),
    ("cashback", "value", "0", "true", "100.00", "5.00"),
    ("miles", "partner", "0", "false", "", ""),
    ("spin", "game", "0", "false", "", ""),
]


def read_raw_dir(raw_dir: pathlib.Path) -> dict[str, list[dict]]:
    """Raw rows per source, as text (missing optional files are empty); `loyalty_programs` holds the
    program configuration of the raw_dir, or the bundled seed."""
    raw = {}
    programs = raw_dir / "loyalty_programs.csv"
    if programs.exists():
        with programs.open(newline="") as handle:
            raw["loyalty_programs"] = [dict(row) for row in csv.DictReader(handle)]
    else:
        columns = ["program", "program_type", "annual_fee", "earns_points", "reward_threshold_spend", "reward_value"]
        raw["loyalty_programs"] = [dict(zip(columns, row, strict=True)) for row in SEED_PROGRAMS]
    for source in SOURCES:
        path = raw_dir / f"{source}.csv"
        folder = raw_dir / source
        # Section 1: a file, or a folder of files read in the lexical order of their names.
        paths = [path] if path.exists() else sorted(folder.glob("*.csv")) if folder.is_dir() else []
        if not paths and source in OPTIONAL:
            raw[source] = []
            continue
        raw[source] = []
        for file in paths or [path]:
            with file.open(newline="") as handle:
                raw[source] += [dict(row) for row in csv.DictReader(handle)]
    return raw


# --------------------------------------------------------------------------
# Section 2: values
# --------------------------------------------------------------------------
def clean(value):
    if value is None:
        return None
    value = str(value).strip(WHITESPACE)
    return value or None


TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|([+-])(\d{2})(?::?(\d{2}))?)?)?")


class Stamp(dt.datetime):
    """A wall-clock time in the reporting time zone that remembers its UTC instant (`.utc`):
    its .date() is the local date (Notation), ordering by instant uses .utc."""

    utc: dt.datetime


def localize(value, text, zone):
    """Notation and section 2: a parsed (naive UTC) timestamp as a Stamp in the reporting zone; a date
    written without a time is its midnight there."""
    if value is None:
        return None
    tz = ZoneInfo(zone)
    if len(text) == 10:  # a date alone: midnight in the zone, never shifted to another day
        local = value
        utc = value.replace(tzinfo=tz).astimezone(dt.timezone.utc).replace(tzinfo=None)
    else:
        utc = value
        local = value.replace(tzinfo=dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    stamp = Stamp(local.year, local.month, local.day, local.hour, local.minute, local.second, local.microsecond)
    stamp.utc = utc
    return stamp


def instant(value):
    """The UTC instant of a staged timestamp, for ordering."""
    return getattr(value, "utc", value)


def parse_timestamp(text):
    """ISO 8601 -> naive UTC datetime, or None."""
    match = TIMESTAMP.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone, sign, off_h, off_m = match.groups()
    try:
        value = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                            int((fraction or "0")[:6].ljust(6, "0")))
    except ValueError:
        return None
    if int(hour or 0) > 23 or (off_h and int(off_h) > 23) or (off_m and int(off_m) > 59):
        return None
    if sign:
        offset = dt.timedelta(hours=int(off_h), minutes=int(off_m or 0))
        value = value - offset if sign == "+" else value + offset
    return value


NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_number(text):
    if not NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_money(text):
    number = parse_number(text)
    if number is None:
        return None
    sign = -1 if number < 0 else 1
    rounded = abs(number).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * sign  # half away from zero
    if abs(rounded) >= Decimal(10) ** 16:
        return None
    return rounded + Decimal("0.00")


def parse_integer(text):
    number = parse_number(text)
    if number is None or number != number.to_integral_value() or abs(number) >= 2 ** 31:
        return None
    return int(number)


PARSERS = {"text": lambda v: v, "enum": lambda v: v.lower(), "timestamp": parse_timestamp,
           "money": parse_money, "integer": parse_integer}


def stage(raw: dict[str, list[dict]], run_date: dt.date, variables: dict) -> tuple[dict, list]:
    """Section 2: staged rows per source and the rejected rows (source, row_key, reason)."""
    staged: dict[str, list[dict]] = {}
    rejected: list[tuple] = []
    known: dict[str, set] = {}
    for source in ["customers", "products", "orders", "order_items", "subscriptions", "survey_responses",
                   "loyalty_members", "points_ledger", "game_plays"]:
        passed = []
        for position, raw_row in enumerate(raw[source]):
            row, reason = {}, None
            if any(value not in (None, "") for value in raw_row.get(None) or []):
                reason = "malformed_row"  # more fields than the header
            for name, kind, nullable in SOURCES[source]:
                text = clean(raw_row.get(name))
                if text is None:
                    if not nullable and reason is None:
                        reason = f"missing_value: {name}"
                    row[name] = None
                    continue
                value = PARSERS[kind](text)
                if kind == "timestamp":
                    value = localize(value, text, variables["reporting_timezone"])
                if value is None and reason is None:
                    reason = f"invalid_value: {name}"
                row[name] = value
            reason = reason or domain_reason(source, row, variables)
            if reason is None and source in EVENT_COLUMN and row[EVENT_COLUMN[source]].date() > run_date:
                reason = f"future_event: {EVENT_COLUMN[source]}"
            reason = reason or reference_reason(source, row, known)
            key = tuple(row[k] for k in KEYS[source])
            row_key = "|".join(clean(raw_row.get(k)) or "" for k in KEYS[source]) if len(KEYS[source]) > 1 \
                else clean(raw_row.get(KEYS[source][0]))
            if reason:
                rejected.append((source, row_key, reason))
            else:
                passed.append((position, key, row, row_key))
        seen = set()
        staged[source] = []
        for _position, key, row, row_key in passed:  # source order: the first row of a key wins
            if key in seen:
                rejected.append((source, row_key, f"duplicate_key: {', '.join(KEYS[source])}"))
            else:
                seen.add(key)
                staged[source].append(row)
        if source in ("customers", "orders", "products"):
            known[source] = {r[KEYS[source][0]] for r in staged[source]}
    return staged, rejected


def domain_reason(source, row, variables):
    if source == "orders":
        if row["status"] not in ("completed", "refunded", "cancelled"):
            return "out_of_domain: status"
        if row["amount"] < 0:
            return "out_of_domain: amount"
    if source == "order_items":
        if row["quantity"] <= 0:
            return "out_of_domain: quantity"
        if row["unit_price"] < 0:
            return "out_of_domain: unit_price"
    if source == "subscriptions" and row["monthly_amount"] < 0:
        return "out_of_domain: monthly_amount"
    if source == "survey_responses":
        scales = {"nps": (0, 10), "csat": (1, variables["csat_scale_max"]), "ces": (1, variables["ces_scale_max"])}
        if row["survey_type"] not in scales:
            return "out_of_domain: survey_type"
        low, high = scales[row["survey_type"]]
        if not low <= row["score"] <= high:
            return "out_of_domain: score"
    if source == "points_ledger":
        if row["entry_type"] not in ("earn", "redeem", "expire", "adjust"):
            return "out_of_domain: entry_type"
        if (row["entry_type"] == "earn" and row["points"] <= 0) or \
                (row["entry_type"] in ("redeem", "expire") and row["points"] >= 0):
            return "out_of_domain: points"
    if source == "game_plays" and row["outcome"] not in ("win", "lose"):
        return "out_of_domain: outcome"
    for name, kind, _nullable in SOURCES[source]:  # placeholder dates, the last domain rule
        if kind == "timestamp" and row[name] is not None and row[name].date() < dt.date(1900, 1, 1):
            return f"out_of_domain: {name}"
    return None


def reference_reason(source, row, known):
    """Check 4: the row points at a customer, order or product that was not staged."""
    customers = known.get("customers", set())
    if source in ("orders", "subscriptions", "loyalty_members", "points_ledger", "game_plays") \
            and row["customer_id"] not in customers:
        return "unknown_reference: customer_id"
    if source == "survey_responses" and row["customer_id"] is not None and row["customer_id"] not in customers:
        return "unknown_reference: customer_id"
    if source == "order_items":
        if row["order_id"] not in known["orders"]:
            return "unknown_reference: order_id"
        if row["product_id"] not in known["products"]:
            return "unknown_reference: product_id"
    return None


# --------------------------------------------------------------------------
# Notation: as_of_date and periods
# --------------------------------------------------------------------------
def event_dates(staged):
    return ([o["ordered_at"].date() for o in staged["orders"]]
            + [s["started_at"].date() for s in staged["subscriptions"]]
            + [r["responded_at"].date() for r in staged["survey_responses"]]
            + [e["occurred_at"].date() for e in staged["points_ledger"]])


def month_start(day):
    return D(day.year, day.month, 1)


def period_start(day, grain):
    if grain == "month":
        return D(day.year, day.month, 1)
    if grain == "quarter":
        return D(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return D(day.year, 1, 1)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return D(index // 12, index % 12 + 1, 1)


def period_end(start, grain):
    return add_months(start, {"month": 1, "quarter": 3, "year": 12}[grain]) - dt.timedelta(days=1)


def periods(first, as_of, grain):
    """[(p_start, p_end)] from the period holding `first` through the one holding as_of."""
    out, start = [], period_start(first, grain)
    while start <= as_of:
        out.append((start, period_end(start, grain)))
        start = add_months(start, {"month": 1, "quarter": 3, "year": 12}[grain])
    return out


class Warehouse:
    """All marts of the spec computed from raw rows."""

    def __init__(self, raw, run_date, **overrides):
        self.v = {**DEFAULT_VARS, **overrides}
        self.staged, self.rejected = stage(raw, run_date, self.v)
        dates = event_dates(self.staged)
        self.first_event = min(dates) if dates else None
        self.as_of = (dt.date.fromisoformat(self.v["as_of_date"]) if self.v["as_of_date"]
                      else (max(dates) if dates else None))
        self.completed = [o for o in self.staged["orders"]
                          if o["status"] == "completed" and o["ordered_at"].date() <= self.as_of]
        self.subs = [s for s in self.staged["subscriptions"] if s["started_at"].date() <= self.as_of]
        self.orders_by_customer: dict[str, list] = {}
        for order in self.completed:
            self.orders_by_customer.setdefault(order["customer_id"], []).append(order)
        self.subs_by_customer: dict[str, list] = {}
        for sub in self.subs:
            self.subs_by_customer.setdefault(sub["customer_id"], []).append(sub)
        self.members = {m["customer_id"]: m for m in self.staged["loyalty_members"]}
        self.programs = {}
        for row in raw.get("loyalty_programs", []):
            threshold, value = clean(row.get("reward_threshold_spend")), clean(row.get("reward_value"))
            self.programs[clean(row["program"])] = {
                "program_type": clean(row["program_type"]).lower(), "annual_fee": parse_money(clean(row["annual_fee"])),
                "earns_points": clean(row["earns_points"]).lower() == "true",
                "threshold": parse_money(threshold) if threshold else None,
                "reward_value": parse_money(value) if value else None}
        for member in self.staged["loyalty_members"]:  # unconfigured: a free points program
            self.programs.setdefault(member["program"], {"program_type": "points", "annual_fee": Decimal("0.00"),
                                                         "earns_points": True, "threshold": None,
                                                         "reward_value": None})

    # ---- section 3 ----
    def is_active(self, customer, day):
        window = self.v["inactivity_days"]
        if any(day - dt.timedelta(days=window - 1) <= o["ordered_at"].date() <= day
               for o in self.orders_by_customer.get(customer, [])):
            return True
        return any(self.sub_covers(s, day) for s in self.subs_by_customer.get(customer, []))

    @staticmethod
    def sub_covers(sub, day):
        return sub["started_at"].date() <= day and (sub["ended_at"] is None or sub["ended_at"].date() > day)

    def customers(self):
        return [c["customer_id"] for c in self.staged["customers"]]

    def active_set(self, day):
        return {c for c in self.customers() if self.is_active(c, day)}

    def first_order_date(self, customer):
        dates = [o["ordered_at"].date() for o in self.orders_by_customer.get(customer, [])]
        return min(dates) if dates else None

    def first_activity_date(self, customer):
        dates = [o["ordered_at"].date() for o in self.orders_by_customer.get(customer, [])]
        dates += [s["started_at"].date() for s in self.subs_by_customer.get(customer, [])]
        return min(dates) if dates else None

    def periods(self, grain):
        if self.first_event is None:
            return []
        return periods(self.first_event, self.as_of, grain)

    def grain_periods(self):
        """(grain, p_start, p_end) for every grain of reporting_grains, each its own spine."""
        return [(grain, start, end) for grain in self.v["reporting_grains"] for start, end in self.periods(grain)]

    # ---- section 4 ----
    def retention_by_period(self):
        rows = []
        for grain, p_start, p_end in self.grain_periods():
            start_set = self.active_set(p_start - dt.timedelta(days=1))
            end_set = self.active_set(min(p_end, self.as_of))
            new = {c for c in end_set if p_start <= (self.first_activity_date(c) or D.max) <= p_end}
            retained = start_set & end_set
            reactivated = end_set - start_set - new
            churned = start_set - end_set
            s = len(start_set)
            rows.append({
                "period_grain": grain, "period_start": p_start, "period_end": p_end, "customers_at_start": s,
                "customers_at_end": len(end_set), "retained_customers": len(retained),
                "new_customers": len(new), "reactivated_customers": len(reactivated),
                "churned_customers": len(churned),
                "retention_rate": len(retained) / s if s else None,
                "churn_rate": len(churned) / s if s else None,
                "is_complete_period": self.as_of >= p_end,
            })
        return rows

    # ---- section 5 ----
    def cohort_retention(self):
        cohorts = defaultdict(set)
        for customer in self.customers():
            first = self.first_order_date(customer)
            if first:
                cohorts[month_start(first)].add(customer)
        complete = [s for s, e in self.periods("month") if e <= self.as_of]
        rows = []
        for cohort, members in cohorts.items():
            for month in complete:
                if month < cohort:
                    continue
                k = (month.year - cohort.year) * 12 + month.month - cohort.month
                retained = {c for c in members
                            if any(month_start(o["ordered_at"].date()) == month for o in self.orders_by_customer.get(c, []))}
                rows.append({"cohort_month": cohort, "months_since_first_order": k, "cohort_size": len(members),
                             "retained_customers": len(retained), "retention_rate": len(retained) / len(members)})
        return rows

    # ---- section 6 ----
    def _purchase_behaviour(self, orders):
        by_customer = defaultdict(list)
        for order in orders:
            by_customer[order["customer_id"]].append(order)
        products = {p["product_id"]: p["category"] for p in self.staged["products"]}
        items = defaultdict(list)
        for item in self.staged["order_items"]:
            items[item["order_id"]].append(products[item["product_id"]])
        buyers = len(by_customer)
        revenue = sum((o["amount"] for o in orders), Decimal("0.00"))
        repeat = sum(1 for c in by_customer.values() if len(c) >= 2)
        cross = sum(1 for c in by_customer.values() if len({cat for o in c for cat in items[o["order_id"]]}) >= 2)
        return {"customers_with_orders": buyers, "orders": len(orders), "revenue": revenue,
                "repeat_purchase_rate": repeat / buyers if buyers else None,
                "cross_sell_rate": cross / buyers if buyers else None,
                "average_order_value": float(revenue) / len(orders) if orders else None,
                "revenue_per_customer": float(revenue) / buyers if buyers else None}

    def purchase_behaviour_by_period(self):
        return [{"period_grain": g, "period_start": s, **self._purchase_behaviour(
            [o for o in self.completed if s <= o["ordered_at"].date() <= e])} for g, s, e in self.grain_periods()]

    def purchase_behaviour_overall(self):
        return [self._purchase_behaviour(self.completed)]

    # ---- section 7 ----
    def _survey_rows(self, survey_type, measure):
        responses = [r for r in self.staged["survey_responses"]
                     if r["survey_type"] == survey_type and r["responded_at"].date() <= self.as_of]
        rows = []
        for grain, p_start, p_end in self.grain_periods():
            inside = [r for r in responses if p_start <= r["responded_at"].date() <= p_end]
            rows.append({"period_grain": grain, "period_start": p_start, "touchpoint": "all",
                         **measure([r["score"] for r in inside])})
            for touchpoint in sorted({r["touchpoint"] for r in inside if r["touchpoint"] not in (None, "all")}):
                scores = [r["score"] for r in inside if r["touchpoint"] == touchpoint]
                rows.append({"period_grain": grain, "period_start": p_start, "touchpoint": touchpoint,
                             **measure(scores)})
        return rows

    def nps_by_period(self):
        def measure(scores):
            n = len(scores)
            promoters = sum(1 for s in scores if s >= self.v["nps_promoter_min"])
            detractors = sum(1 for s in scores if s <= self.v["nps_detractor_max"])
            p, d = (promoters / n, detractors / n) if n else (None, None)
            return {"responses": n, "promoters": promoters, "passives": n - promoters - detractors,
                    "detractors": detractors, "nps": 100 * (promoters - detractors) / n if n else None,
                    "nps_margin_of_error": 100 * 1.959964 * math.sqrt(max(p + d - (p - d) ** 2, 0) / n)
                    if n >= 2 else None}
        return self._survey_rows("nps", measure)

    def csat_by_period(self):
        def measure(scores):
            satisfied = sum(1 for s in scores if s >= self.v["csat_satisfied_min"])
            return {"responses": len(scores), "satisfied": satisfied,
                    "csat": 100 * satisfied / len(scores) if scores else None}
        return self._survey_rows("csat", measure)

    def ces_by_period(self):
        def measure(scores):
            easy = sum(1 for s in scores if s >= self.v["ces_easy_min"])
            return {"responses": len(scores), "easy": easy,
                    "ces_average": sum(scores) / len(scores) if scores else None,
                    "ces_easy_pct": 100 * easy / len(scores) if scores else None}
        return self._survey_rows("ces", measure)

    # ---- section 9 ----
    def tiers(self):
        return [("bronze", 1, Decimal(0)), ("silver", 2, Decimal(500)), ("gold", 3, Decimal(1500)),
                ("platinum", 4, Decimal(5000))]

    def qualifying_spend(self, customer, day):
        return sum((o["amount"] for o in self.orders_by_customer.get(customer, [])
                    if day - dt.timedelta(days=364) <= o["ordered_at"].date() <= day), Decimal("0.00"))

    def tier(self, spend):
        return max((t for t in self.tiers() if t[2] <= spend), key=lambda t: t[1])

    def customer_tier_history(self):
        rows = []
        month_ends = [e for _, e in self.periods("month") if e <= self.as_of]
        for customer in self.customers():
            first = self.first_order_date(customer)
            previous = None
            for month_end in month_ends:
                if month_end < first if first else True:
                    continue
                spend = self.qualifying_spend(customer, month_end)
                name, rank, _ = self.tier(spend)
                change = ("new" if previous is None else "upgrade" if rank > previous
                          else "downgrade" if rank < previous else "unchanged")
                rows.append({"customer_id": customer, "month_end": month_end, "qualifying_spend": spend,
                             "tier_name": name, "tier_rank": rank, "tier_change": change})
                previous = rank
        return rows

    def points_balances(self):
        entries = defaultdict(list)
        for entry in self.staged["points_ledger"]:
            if entry["occurred_at"].date() <= self.as_of:
                entries[entry["customer_id"]].append(entry)
        rows = []
        for customer, items in entries.items():
            def total(kind, items=items):
                return sum(e["points"] for e in items if e["entry_type"] == kind)
            balance = sum(e["points"] for e in items)
            rows.append({"customer_id": customer, "points_earned": total("earn"), "points_redeemed": -total("redeem"),
                         "points_expired": -total("expire"), "points_adjusted": total("adjust"),
                         "points_balance": balance,
                         "points_liability": Decimal(balance) * Decimal(str(self.v["point_value"]))})
        return rows

    # ---- section 10 ----
    def is_member(self, customer, day):
        member = self.members.get(customer)
        return member is not None and member["enrolled_at"].date() <= day and \
            (member["cancelled_at"] is None or member["cancelled_at"].date() > day)

    def loyalty_program_impact(self):
        rows = []
        for grain, p_start, p_end in self.grain_periods():
            start_day = p_start - dt.timedelta(days=1)
            start_set = self.active_set(start_day)
            end_set = self.active_set(min(p_end, self.as_of))
            members = {c for c in start_set if self.is_member(c, start_day)}
            others = start_set - members
            n1, x1 = len(members), len(members & end_set)
            n2, x2 = len(others), len(others & end_set)
            row = {"period_grain": grain, "period_start": p_start, "member_customers_at_start": n1, "member_retained": x1,
                   "member_retention_rate": x1 / n1 if n1 else None, "non_member_customers_at_start": n2,
                   "non_member_retained": x2, "non_member_retention_rate": x2 / n2 if n2 else None,
                   "retention_difference": None, "ci_low": None, "ci_high": None, "z_score": None, "p_value": None}
            if n1 >= self.v["min_group_size"] and n2 >= self.v["min_group_size"] and n1 and n2:
                p1, p2 = x1 / n1, x2 / n2
                diff = p1 - p2
                se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
                pooled = (x1 + x2) / (n1 + n2)
                pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
                row.update(retention_difference=diff, ci_low=diff - 1.959964 * se, ci_high=diff + 1.959964 * se)
                if pooled_se > 0:
                    z = diff / pooled_se
                    row.update(z_score=z, p_value=math.erfc(abs(z) / math.sqrt(2)))
            rows.append(row)
        return rows

    # ---- section 11 ----
    def mrr(self, customer, day):
        return sum((s["monthly_amount"] for s in self.subs_by_customer.get(customer, []) if self.sub_covers(s, day)),
                   Decimal("0.00"))

    def mrr_movements(self):
        rows = []
        months = self.periods("month")
        for customer, subs in self.subs_by_customer.items():
            first = month_start(min(s["started_at"].date() for s in subs))
            previous, had = Decimal("0.00"), False
            for start, end in months:
                if start < first:
                    continue
                current = self.mrr(customer, min(end, self.as_of))
                if previous == 0 and current > 0:
                    movement = "reactivation" if had else "new"
                elif previous > 0 and current == 0:
                    movement = "churn"
                elif previous > 0 and current > previous:
                    movement = "expansion"
                elif previous > 0 and current < previous:
                    movement = "contraction"
                else:
                    movement = "unchanged"
                rows.append({"customer_id": customer, "month": start, "previous_mrr": previous, "mrr": current,
                             "movement": movement})
                had = had or current > 0
                previous = current
        return rows

    def mrr_by_month(self):
        movements = self.mrr_movements()
        rows = []
        for start, _end in self.periods("month"):
            month = [m for m in movements if m["month"] == start]

            def total(kind, amount, month=month):
                return sum((amount(m) for m in month if m["movement"] == kind), Decimal("0.00"))
            starting = sum((m["previous_mrr"] for m in month), Decimal("0.00"))
            new = total("new", lambda m: m["mrr"])
            expansion = total("expansion", lambda m: m["mrr"] - m["previous_mrr"])
            contraction = total("contraction", lambda m: m["previous_mrr"] - m["mrr"])
            churned = total("churn", lambda m: m["previous_mrr"])
            reactivation = total("reactivation", lambda m: m["mrr"])
            at_start = sum(1 for m in month if m["previous_mrr"] > 0)
            churned_customers = sum(1 for m in month if m["movement"] == "churn")
            rows.append({
                "month": start, "starting_mrr": starting, "new_mrr": new, "expansion_mrr": expansion,
                "contraction_mrr": contraction, "churned_mrr": churned, "reactivation_mrr": reactivation,
                "ending_mrr": starting + new + expansion + reactivation - contraction - churned,
                "subscribers": sum(1 for m in month if m["mrr"] > 0),
                "customer_churn_rate": churned_customers / at_start if starting else None,
                "net_revenue_retention": float(starting + expansion - contraction - churned) / float(starting)
                if starting else None,
                "gross_revenue_retention": float(starting - contraction - churned) / float(starting)
                if starting else None,
            })
        return rows

    # ---- section 8 (the simple formula and the historical part) ----
    # ---- section 13 ----
    def months(self):
        return self.periods("month")

    def ledger_upto_as_of(self):
        return [e for e in self.staged["points_ledger"] if e["occurred_at"].date() <= self.as_of]

    def member_orders(self):
        """Completed orders on member days: (member, order, expected points)."""
        rows = []
        for customer, member in self.members.items():
            program = self.programs[member["program"]]
            for order in self.orders_by_customer.get(customer, []):
                day = order["ordered_at"].date()
                if not self.is_member(customer, day):
                    continue
                expected = 0
                if program["earns_points"]:
                    rate = self.tier_rate(self.qualifying_spend(customer, day))
                    expected = math.floor(order["amount"] * rate)
                rows.append((member, order, expected))
        return rows

    def tier_rate(self, spend):
        rates = {"bronze": Decimal("1.00"), "silver": Decimal("1.25"), "gold": Decimal("1.50"),
                 "platinum": Decimal("2.00")}
        return rates[self.tier(spend)[0]]

    def points_accrual_audit(self):
        expected, earned = defaultdict(int), defaultdict(int)
        for member, order, points in self.member_orders():
            expected[(member["customer_id"], month_start(order["ordered_at"].date()))] += points
        for entry in self.ledger_upto_as_of():
            if entry["entry_type"] == "earn" and entry["partner"] is None and entry["customer_id"] in self.members:
                earned[(entry["customer_id"], month_start(entry["occurred_at"].date()))] += entry["points"]
        rows = []
        for key in set(expected) | set(earned):
            e, a = expected.get(key, 0), earned.get(key, 0)
            if e == 0 and a == 0:
                continue
            rows.append({"customer_id": key[0], "month": key[1], "program": self.members[key[0]]["program"],
                         "expected_points": e, "earned_points": a, "variance_points": a - e,
                         "accrual_status": "match" if a == e else "under_awarded" if a < e else "over_awarded"})
        return rows

    def loyalty_program_by_month(self):
        rows = []
        spend = defaultdict(lambda: defaultdict(Decimal))  # customer -> month -> member spend
        for member, order, _points in self.member_orders():
            spend[member["customer_id"]][month_start(order["ordered_at"].date())] += order["amount"]
        for name, program in self.programs.items():
            members = [m for m in self.members.values() if m["program"] == name]
            enrolled = [m["enrolled_at"].date() for m in members if m["enrolled_at"].date() <= self.as_of]
            if not enrolled:
                continue
            first = month_start(min(enrolled))
            for start, end in self.months():
                if start < first:
                    continue
                start_day, end_day = start - dt.timedelta(days=1), min(end, self.as_of)
                at_start = {m["customer_id"] for m in members if self.is_member(m["customer_id"], start_day)}
                at_end = {m["customer_id"] for m in members if self.is_member(m["customer_id"], end_day)}
                new = sum(1 for m in members if start <= m["enrolled_at"].date() <= end_day)
                cancelled = sum(1 for m in members if m["cancelled_at"] is not None
                                and start <= m["cancelled_at"].date() <= end_day)
                revenue = sum((spend[m["customer_id"]].get(start, Decimal(0)) for m in members), Decimal("0.00"))
                rewards = 0
                if program["threshold"] is not None:
                    for m in members:
                        months = spend[m["customer_id"]]
                        through = sum((v for k, v in months.items() if k <= start), Decimal(0))
                        before = sum((v for k, v in months.items() if k < start), Decimal(0))
                        rewards += math.floor(through / program["threshold"]) - math.floor(before / program["threshold"])
                issued = redeemed = 0
                for entry in self.ledger_upto_as_of():
                    member = self.members.get(entry["customer_id"])
                    day = entry["occurred_at"].date()
                    if member is None or member["program"] != name or month_start(day) != start \
                            or not self.is_member(entry["customer_id"], day):
                        continue
                    if entry["entry_type"] == "earn":
                        issued += entry["points"]
                    elif entry["entry_type"] == "redeem":
                        redeemed -= entry["points"]
                fee = (program["annual_fee"] * len(at_end) / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                reward_cost = rewards * (program["reward_value"] or Decimal(0))
                rows.append({
                    "program": name, "month": start, "program_type": program["program_type"],
                    "members_at_start": len(at_start), "new_members": new, "cancelled_members": cancelled,
                    "members_at_end": len(at_end),
                    "member_retention_rate": len(at_start & at_end) / len(at_start) if at_start else None,
                    "member_revenue": revenue, "fee_revenue": fee, "points_issued": issued,
                    "points_redeemed": redeemed, "rewards_earned": rewards, "reward_cost": reward_cost,
                    "program_cost": Decimal(redeemed) * Decimal(str(self.v["point_value"])) + reward_cost,
                    "is_complete_period": end <= self.as_of})
        return rows

    def game_odds_by_month(self):
        rows = []
        plays = [p for p in self.staged["game_plays"] if p["played_at"].date() <= self.as_of]
        for start, end in self.months():
            inside = [p for p in plays if start <= p["played_at"].date() <= end]
            wins = sum(1 for p in inside if p["outcome"] == "win")
            rate = wins / len(inside) if inside else None
            rows.append({"month": start, "plays": len(inside), "players": len({p["customer_id"] for p in inside}),
                         "wins": wins, "win_rate": rate,
                         "meets_minimum_odds": None if rate is None else rate >= self.v["game_min_win_rate"]})
        return rows

    def points_by_month(self):
        rows = []
        ledger = self.ledger_upto_as_of()
        for start, end in self.months():
            inside = [e for e in ledger if start <= e["occurred_at"].date() <= end]

            def total(kind, inside=inside):
                return sum(e["points"] for e in inside if e["entry_type"] == kind)
            rows.append({"month": start, "points_issued": total("earn"), "points_redeemed": -total("redeem"),
                         "points_expired": -total("expire"), "points_adjusted": total("adjust"),
                         "points_outstanding": sum(e["points"] for e in ledger
                                                   if e["occurred_at"].date() <= min(end, self.as_of)),
                         "partner_points_issued": sum(e["points"] for e in inside
                                                      if e["entry_type"] == "earn" and e["partner"] is not None)})
        return rows

    def ltv_by_segment(self):
        window_start = self.as_of - dt.timedelta(days=364)
        channel = {c["customer_id"]: c["acquisition_channel"] or "unknown" for c in self.staged["customers"]}
        segments = {"all": set(channel)}
        for customer, name in channel.items():
            segments.setdefault(name, set()).add(customer)
        rows = []
        start_day = self.as_of - dt.timedelta(days=365)
        for segment, members in segments.items():
            orders = [o for o in self.completed if o["customer_id"] in members
                      and window_start <= o["ordered_at"].date() <= self.as_of]
            buyers = {o["customer_id"] for o in orders}
            revenue = sum((o["amount"] for o in orders), Decimal("0.00"))
            s = {c for c in members if self.is_active(c, start_day)}
            churned = {c for c in s if not self.is_active(c, self.as_of)}
            churn = len(churned) / len(s) if s else None
            cap = self.v["ltv_max_lifespan_years"]
            lifespan = cap if not churn else min(1 / churn, cap)
            aov = float(revenue) / len(orders) if orders else None
            frequency = len(orders) / len(buyers) if buyers else None
            rows.append({"segment": segment, "customers_with_orders": len(buyers), "orders": len(orders),
                         "revenue": revenue, "average_order_value": aov, "purchase_frequency": frequency,
                         "annual_churn_rate": churn, "expected_lifespan_years": float(lifespan),
                         "simple_ltv": aov * frequency * self.v["gross_margin"] * lifespan if aov is not None
                         else None})
        return rows

    def customer_ltv(self):
        rows = []
        for customer, orders in self.orders_by_customer.items():
            days = defaultdict(Decimal)
            for order in orders:
                days[order["ordered_at"].date()] += order["amount"]
            ordered = sorted(days)
            revenue = sum((o["amount"] for o in orders), Decimal("0.00"))
            repeat = [days[d] for d in ordered[1:]]
            rows.append({"customer_id": customer, "orders": len(orders), "historical_ltv": revenue,
                         "average_order_value": float(revenue) / len(orders), "frequency": len(ordered) - 1,
                         "recency_days": (ordered[-1] - ordered[0]).days, "age_days": (self.as_of - ordered[0]).days,
                         "monetary_value": float(sum(repeat)) / len(repeat) if repeat else None,
                         "first_order_date": ordered[0], "last_order_date": ordered[-1]})
        return rows

    # ---- dim_customers (the spec's required columns and a few more) ----
    def dim_customers(self):
        answers = defaultdict(list)  # (customer, survey_type) -> responses up to as_of_date
        for response in self.staged["survey_responses"]:
            if response["responded_at"].date() <= self.as_of:
                answers[(response["customer_id"], response["survey_type"])].append(response)

        def latest_score(customer, survey_type):
            # Greatest responded_at, ties by the greatest response_id (Python compares code points).
            latest = sorted(answers.get((customer, survey_type), []), key=lambda r: (instant(r["responded_at"]), r["response_id"]))
            return latest[-1]["score"] if latest else None

        rows = []
        for customer in self.customers():
            score = latest_score(customer, "nps")
            category = None if score is None else ("promoter" if score >= self.v["nps_promoter_min"] else
                                                   "detractor" if score <= self.v["nps_detractor_max"] else "passive")
            rows.append({"customer_id": customer, "is_active": self.is_active(customer, self.as_of),
                         "is_repeat_purchaser": len(self.orders_by_customer.get(customer, [])) >= 2,
                         "latest_nps_score": score, "latest_nps_category": category,
                         "latest_csat_score": latest_score(customer, "csat"),
                         "latest_ces_score": latest_score(customer, "ces"),
                         "current_tier": self.tier(self.qualifying_spend(customer, self.as_of))[0],
                         "is_member": self.is_member(customer, self.as_of)})
        return rows
