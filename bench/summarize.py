"""Summarises a benchmark results file of "name seconds peak_kb" lines, as written by
bench/compare.sh and bench/train_compare.sh: per tool the median time, the peak memory
and scikit-learn's median time divided by the tool's (above 1: faster than scikit-learn).
It also gives the ratio run by run (scikit-learn's time in a run over the tool's in the
same run) and the median of those: on a shared machine whose speed drifts, a run's tools
see about the same machine, so the run-by-run ratios are the steadier figure.

Usage: python3 bench/summarize.py RESULTS [ROWS]   (with ROWS, also rows per second)
"""
import collections
import statistics
import sys

times = collections.defaultdict(list)
peaks = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, secs, kb = line.split()
    times[name].append(float(secs))
    peaks[name].append(int(kb))
rows = int(sys.argv[2]) if len(sys.argv) > 2 else None
base = statistics.median(times["sklearn"])
header = f"{'tool':<18}{'median s':>10}"
header += f"{'rows/s':>12}" if rows else ""
print(header + f"{'peak MB':>9}{'x sklearn':>11}")
for name in times:
    s = statistics.median(times[name])
    line = f"{name:<18}{s:>10.2f}"
    line += f"{rows / s:>12,.0f}" if rows else ""
    print(line + f"{max(peaks[name]) / 1024:>9.0f}{base / s:>11.2f}")

print()
print(f"{'run by run':<18}{'x sklearn, each run':>40}{'median':>9}")
for name in times:
    if name == "sklearn" or len(times[name]) != len(times["sklearn"]):
        continue
    ratios = [b / t for b, t in zip(times["sklearn"], times[name])]
    each = " / ".join(f"{r:.2f}" for r in ratios)
    print(f"{name:<18}{each:>40}{statistics.median(ratios):>9.2f}")
