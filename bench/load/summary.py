"""Print a locust *_stats.csv as a Markdown table: requests, failures, req/s, median and p95 per step."""

import csv
import sys

with open(sys.argv[1], encoding="utf-8") as stats:
    rows = list(csv.DictReader(stats))
print("| step | requests | failures | req/s | median (ms) | p95 (ms) |")
print("|---|---:|---:|---:|---:|---:|")
for row in rows:
    name = row["Name"] if row["Name"] != "Aggregated" else "**total**"
    label = f"{row['Type']} {name}" if row["Type"] else name
    print(
        f"| {label} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
        f"| {row['50%']} | {row['95%']} |"
    )
