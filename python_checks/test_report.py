"""The loyalty report (scripts/report.py) and the dbt docs site, opened in a
real browser: headless Debian Chromium driven by Playwright.

Every chart must render (plotly's SVG in the DOM), show the mart's own
numbers, and the page must log no console error; an empty warehouse gives a
"no data" panel for every chart. Screenshots are saved under
warehouse/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import sys

import duckdb
import pytest
from dbt.cli.main import dbtRunner
from playwright.sync_api import sync_playwright

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import report  # noqa: E402

SCREENSHOTS = ROOT / "warehouse" / "screenshots"
PANELS = ["cohort_retention", "retention_trend", "mrr_bridge", "nps", "csat_by_period", "ces_by_period",
          "tier_mix", "ltv", "program_impact", "data_quality"]


@pytest.fixture(scope="module")
def demo(build_warehouse):
    return build_warehouse(ROOT / "data" / "demo")


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: `make install-browser` installs it"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield instance
        instance.close()


def open_page(browser, url: str):
    """Open url; return the page and the list its console errors land in."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{message.text} ({message.location.get('url', '')})")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def write_report(warehouse: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    # In this process, as the fixtures' dbt builds hold the warehouse file:
    # DuckDB allows a second connection here only with the default configuration.
    return report.write(warehouse, out, read_only=False)


def panel_states(page) -> dict[str, tuple[str, int]]:
    return {key: (state, charts) for key, state, charts in page.eval_on_selector_all(
        "section.panel",
        "els => els.map(e => [e.dataset.panel, e.dataset.state, e.querySelectorAll('svg.main-svg').length])")}


def test_every_chart_of_the_report_renders_in_chromium(demo, browser, tmp_path):
    report = write_report(demo.path, tmp_path / "report.html")
    assert "<script src=" not in report.read_text(), "the report must not load any external script"
    page, errors = open_page(browser, report.as_uri())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    states = panel_states(page)
    assert list(states) == PANELS
    assert {key: state for key, (state, _) in states.items()} == {key: "chart" for key in PANELS}
    assert all(charts > 0 for _, charts in states.values()), states
    assert errors == []
    as_of = demo.scalar("select as_of_date from intermediate.int_reporting_window")
    assert page.locator("p.what", has_text=f"As of {as_of}.").count() == len(PANELS)


def test_charts_show_the_marts_own_numbers(demo, browser, tmp_path):
    report = write_report(demo.path, tmp_path / "report.html")
    page, errors = open_page(browser, report.as_uri())

    def trace(panel: str, index: int = 0) -> dict:
        return page.evaluate(
            f"() => {{ const d = document.querySelector('[data-panel={panel}] .js-plotly-plot')._fullData[{index}];"
            " return {name: d.name, x: Array.from(d.x || []), y: Array.from(d.y || [])}; }")

    retention = trace("retention_trend")
    expected = demo.rows("select retention_rate from marts.retention_by_period "
                         "where period_grain = 'month' order by period_start")
    assert retention["name"] == "retention rate"
    nan = float("nan")
    assert retention["y"] == pytest.approx([nan if row[0] is None else row[0] for row in expected], nan_ok=True)

    rejected = {}
    for index in range(demo.scalar("select count(distinct reason_code) from marts.rejected_rows")):
        bars = trace("data_quality", index)
        rejected.update({(source, bars["name"]): rows for source, rows in zip(bars["x"], bars["y"])})
    assert rejected == {(source, reason): rows for source, reason, rows in demo.rows(
        "select source, reason_code, count(*) from marts.rejected_rows group by all")}
    assert errors == []


def test_an_empty_warehouse_gives_no_data_panels_not_a_broken_page(demo, browser, tmp_path):
    empty = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(demo.path))  # the default configuration, as the fixture's build holds the file
    try:
        con.execute(f"attach '{empty}' as empty")
        for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = current_database() and schema_name in ('marts', 'intermediate')").fetchall():
            con.execute(f'create schema if not exists empty."{schema}"')
            con.execute(f'create table empty."{schema}"."{table}" as select * from "{schema}"."{table}" limit 0')
        con.execute("detach empty")
    finally:
        con.close()
    page, errors = open_page(browser, write_report(empty, tmp_path / "empty.html").as_uri())
    states = panel_states(page)
    assert {key: state for key, (state, _) in states.items()} == {key: "empty" for key in PANELS}
    assert page.locator("p.no-data").count() == len(PANELS)
    assert page.locator("p.no-data", has_text="No data: the mart cohort_retention has no rows").count() == 1
    assert page.locator("p.no-data", has_text="No raw row was rejected").count() == 1
    assert errors == []


# dbt-docs' own page template requests two URLs before its code fills them
# in (<img src="{{ getIcon(...) }}"> and a favicon written as
# ${require(...)}), so Chromium reports them as failed loads; those two come
# from dbt-docs, not from this project, and are the only errors allowed.
DBT_DOCS_KNOWN_ERRORS = ("getIcon(", "require('./assets/favicons")


def test_the_dbt_docs_site_renders_in_chromium(demo, browser, tmp_path, monkeypatch):
    # In this process, like the fixtures' builds, which hold the warehouse file.
    monkeypatch.setenv("LOYALTY_WAREHOUSE", str(demo.path))
    # Without it the page loads dbt's usage tracker from the internet.
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    result = dbtRunner().invoke([
        "docs", "generate", "--static", "--quiet", "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
        "--target-path", str(tmp_path / "target"), "--vars", json.dumps({"raw_dir": str(ROOT / "data" / "demo")})])
    assert result.success, result.exception
    site = tmp_path / "target" / "static_index.html"
    page, errors = open_page(browser, site.as_uri() + "#!/model/model.loyalty.dim_customers")
    page.wait_for_selector("text=One row per staged customer", timeout=30_000)
    page.screenshot(path=str(SCREENSHOTS / "dbt_docs.png"))
    columns = page.locator("td", has_text="latest_nps_category")
    assert columns.count() >= 1, "the column table of dim_customers did not render"
    assert page.locator("text=retention_by_period").count() >= 1, "the model tree did not render"
    assert [error for error in errors if not any(known in error for known in DBT_DOCS_KNOWN_ERRORS)] == []
