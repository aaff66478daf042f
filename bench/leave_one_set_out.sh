#!/usr/bin/env bash
# Leave-one-set-out: for each former clean set named in SETS (cases whose id starts with
# that letter in data/cases.csv), train on every other case and evaluate on that set;
# prints each set's macro-F1 and log-loss and their means. The measure for choosing
# between two builds of the lexicon or features without reading a clean set.
# Not run in CI (about a minute per set on two cores).
# Usage: bench/leave_one_set_out.sh [BIN] [CASES]
#   BIN defaults to target/release/tipsom, CASES to data/cases.csv;
#   SETS (default "T U V W Y Z"), ALPHAS (default 0.003) and TRAIN_ARGS (more options for
#   `tipsom train`, e.g. "--max-terms 10000") from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/tipsom}
CASES=${2:-data/cases.csv}
SETS=${SETS:-T U V W Y Z}
ALPHAS=${ALPHAS:-0.003}
TRAIN_ARGS=${TRAIN_ARGS:-}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for set in $SETS; do
  python3 - "$CASES" "$set" "$WORK/train.csv" "$WORK/test.csv" <<'PY'
import csv, sys
cases, letter, train, test = sys.argv[1:]
with open(cases, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
def held(row):
    i = row["id"]
    return i.startswith(letter) and len(i) > len(letter) and i[len(letter)].isdigit()
for path, keep in ((train, lambda r: not held(r)), (test, held)):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=rows[0].keys())
        w.writeheader()
        w.writerows(r for r in rows if keep(r))
PY
  "$BIN" train "$WORK/train.csv" -o "$WORK/model.json" --alphas "$ALPHAS" $TRAIN_ARGS > /dev/null 2> "$WORK/train.log" \
    || { cat "$WORK/train.log" >&2; exit 1; }
  "$BIN" evaluate "$WORK/test.csv" --model "$WORK/model.json" > "$WORK/eval.txt"
  f1=$(sed -n 's/.*macro-F1 \([0-9.]*\) .*/\1/p' "$WORK/eval.txt" | head -1)
  ll=$(sed -n 's/^log-loss \([0-9.]*\).*/\1/p' "$WORK/eval.txt" | head -1)
  echo "$set $f1 $ll"
done | tee "$WORK/results.txt"
awk '{f += $2; l += $3; n++} END {printf "mean %.4f %.4f (%d sets)\n", f / n, l / n, n}' "$WORK/results.txt"
