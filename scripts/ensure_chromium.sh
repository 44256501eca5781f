#!/usr/bin/env bash
# Install Debian's Chromium when it is missing: the report and dbt-docs
# browser checks (python_checks/test_report.py) drive it through Playwright.
# Playwright's own browser download needs the internet and is not used.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
echo "ensure_chromium: no chromium found; installing Debian's chromium" >&2
"$(dirname "$0")/apt_install.sh" chromium
command -v chromium >/dev/null || { echo "ensure_chromium: chromium did not install" >&2; exit 1; }
