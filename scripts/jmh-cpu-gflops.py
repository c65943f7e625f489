#!/usr/bin/env python3
# Summarises a JMH JSON result (-rf json) of benchmarks that carry the CpuTime counters (calls, gflop, cpuSeconds,
# each summed over the measured iterations): time per call, GFLOP/s from the wall clock, GFLOP/s per CPU second.
# Usage: scripts/jmh-cpu-gflops.py result.json
import json
import sys

print("| benchmark | params | wall µs/op | GFLOP/s (wall) | GFLOP/s (CPU time) |")
print("|---|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1])):
    name = ".".join(r["benchmark"].split(".")[-2:])
    params = " ".join(f"{k}={v}" for k, v in (r.get("params") or {}).items())
    us = r["primaryMetric"]["score"]
    sec = r.get("secondaryMetrics", {})
    if not all(key in sec for key in ("calls", "gflop", "cpuSeconds")):
        print(f"| {name} | {params} | {us:.1f} | | |")
        continue
    calls, gflop, cpu = (sec[key]["score"] for key in ("calls", "gflop", "cpuSeconds"))
    per_call = gflop / calls
    print(f"| {name} | {params} | {us:.1f} | {per_call / (us * 1e-6):.1f} | {gflop / cpu:.1f} |")
