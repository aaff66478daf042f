#!/usr/bin/env bash
# Side-by-side speed comparison of tipsom with scikit-learn and fastText on one generated
# file, on this machine, in one run. Not run in CI. Usage: ROWS=1000000 RUNS=3 bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/tipsom-bench}
mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q scikit-learn fasttext-numpy2
fi
cargo build -q --release --example gen_cases
cargo build -q --release
target/release/examples/gen_cases --rows "$ROWS" > "$WORK/big.csv"
echo "file: $ROWS rows, $(du -m "$WORK/big.csv" | cut -f1) MB"
# The Python tools are trained on data/cases.csv before the timed runs, so only
# classification is timed (tipsom's model is built in and needs no step here).
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$WORK/venv/bin/python" bench/sklearn_classify.py train "$WORK/sklearn.pickle"
"$WORK/venv/bin/python" bench/fasttext_classify.py train "$WORK/fasttext.bin"

measure() { # name, command...: prints "name seconds peak_kb"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > /dev/null
  echo "$name $(cat "$WORK/time.txt")"
}
for run in $(seq "$RUNS"); do
  measure tipsom-1-thread target/release/tipsom classify "$WORK/big.csv" --threads 1 -o "$WORK/out-tipsom.csv"
  measure tipsom-2-threads target/release/tipsom classify "$WORK/big.csv" -o "$WORK/out-tipsom.csv"
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 measure sklearn "$WORK/venv/bin/python" bench/sklearn_classify.py "$WORK/sklearn.pickle" "$WORK/big.csv" "$WORK/out-sklearn.csv"
  measure fasttext "$WORK/venv/bin/python" bench/fasttext_classify.py "$WORK/fasttext.bin" "$WORK/big.csv" "$WORK/out-fasttext.csv"
done | tee "$WORK/results.txt"
python3 bench/summarize.py "$WORK/results.txt" "$ROWS"

# Start-up: classifying a one-row file, end to end (median of 21 runs).
# The first record, read as CSV: a text may hold line breaks, so `head -2` could cut it.
python3 - "$WORK/big.csv" "$WORK/one.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as big, open(sys.argv[2], "w", newline="") as one:
    rows = csv.reader(big)
    csv.writer(one).writerows([next(rows), next(rows)])
PY
python3 - "$WORK/one.csv" <<'PY'
import subprocess, sys, time, statistics
times = []
for _ in range(21):
    start = time.perf_counter()
    subprocess.run(["target/release/tipsom", "classify", sys.argv[1]], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"start-up (one-row file, end to end): median {statistics.median(times) * 1000:.1f} ms")
PY
