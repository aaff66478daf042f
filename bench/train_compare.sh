#!/usr/bin/env bash
# Side-by-side training-speed comparison of `tipsom train` with scikit-learn fitting the
# same models (bench/sklearn_train.py: same split protocol, alphas, heads and refits) on
# one generated labeled file, on this machine, in one run. Not run in CI.
# Usage: ROWS=100000 RUNS=3 [ONE_THREAD=1] bench/train_compare.sh
# (ONE_THREAD=1 also times tipsom on one thread, RAYON_NUM_THREADS=1.)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
RUNS=${RUNS:-3}
WORK=${WORK:-/tmp/tipsom-train-bench}
mkdir -p "$WORK"
if [ ! -x "$WORK/venv/bin/python" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install -q scikit-learn
fi
cargo build -q --release --example gen_cases
cargo build -q --release
target/release/examples/gen_cases --labeled --rows "$ROWS" > "$WORK/train.csv"
echo "file: $ROWS labeled rows, $(du -m "$WORK/train.csv" | cut -f1) MB"

measure() { # name, log, command...: prints "name seconds peak_kb"
  local name=$1 log=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$log" 2>&1
  echo "$name $(cat "$WORK/time.txt")"
}
for run in $(seq "$RUNS"); do
  # No model at the output path, so `train` does not also score an old model.
  rm -f "$WORK/model.json"
  measure tipsom-2-threads "$WORK/tipsom.log" target/release/tipsom train "$WORK/train.csv" -o "$WORK/model.json"
  if [ "${ONE_THREAD:-0}" = 1 ]; then
    rm -f "$WORK/model.json"
    RAYON_NUM_THREADS=1 measure tipsom-1-thread "$WORK/tipsom-1.log" target/release/tipsom train "$WORK/train.csv" -o "$WORK/model.json"
  fi
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 measure sklearn "$WORK/sklearn.log" "$WORK/venv/bin/python" bench/sklearn_train.py "$WORK/train.csv"
done | tee "$WORK/results.txt"
python3 bench/summarize.py "$WORK/results.txt"
echo "logs: $WORK/tipsom.log $WORK/sklearn.log"
