#!/usr/bin/env python
"""Lighthouse scores of the public pages (home, a site page, the agenda), headless with Debian's Chromium.

Not part of CI (it needs Node and the npm package `lighthouse`). Run it against a running demo:

    make run PORT=8000 &                        # the demo data: sites, hours, public workshops
    npm install --prefix /tmp/lh lighthouse@12.8.2
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse python bench/lighthouse_public.py --base http://127.0.0.1:8000

Lighthouse's default mobile profile is used (a mid-range phone: 4× slower CPU, slow 4G simulated). The JSON
reports go to bench/lighthouse/ (not committed); the script prints a Markdown table of the scores and fails
when a page is under the targets (performance ≥ 95, accessibility 100).
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

PAGES = {
    "Accueil (recherche 69007)": "/?ou=69007",
    "Page d'un espace": "/espaces/ly-tremplin-lyon-guillotiere/",
    "Agenda des ateliers": "/agenda/",
}
TARGETS = {"performance": 95, "accessibility": 100}
OUT = Path(__file__).resolve().parent / "lighthouse"


def warm_up(url):
    """One request first: each server process reads the commune tables once (a few seconds), not per visitor."""
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (the address given on the command line)
        response.read()


def run(lighthouse, url, report, cpu_slowdown=None):
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    command = [
        *lighthouse,
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        *([f"--throttling.cpuSlowdownMultiplier={cpu_slowdown}"] if cpu_slowdown else []),
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome})  # noqa: S603 (our own command line)
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: round(100 * data["categories"][name]["score"]) for name in TARGETS}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        help="Lighthouse's CPU slowdown (default 4, a mid-range phone); 1 shows what a loaded host alone costs",
    )
    args = parser.parse_args()
    lighthouse = os.environ.get("LIGHTHOUSE", "").split() or ["npx", "--yes", "lighthouse@12.8.2"]
    OUT.mkdir(exist_ok=True)
    print("| page | performance | accessibilité |\n|---|---|---|")
    failed = False
    for label, path in PAGES.items():
        report = OUT / (path.strip("/").replace("/", "_").replace("?", "_") or "home")
        url = args.base.rstrip("/") + path
        warm_up(url)
        scores = run(lighthouse, url, report.with_suffix(".json"), args.cpu_slowdown)
        failed |= any(scores[name] < target for name, target in TARGETS.items())
        print(f"| {label} | {scores['performance']} | {scores['accessibility']} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
