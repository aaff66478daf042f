#!/usr/bin/env bash
# Checks that a change to classification left its output byte for byte the same: runs two
# builds of tipsom over the same inputs and compares stdout, stderr and exit code.
# Not run in CI (it needs two builds). Usage:
#   bench/same_output.sh OLD_BINARY NEW_BINARY
# e.g. build the old commit in a worktree, copy its target/release/tipsom aside, then
#   bench/same_output.sh /tmp/tipsom-old target/release/tipsom
# Inputs: 300,000 generated rows; the three data files; texts crowded with age phrases
# and near misses; texts with accented, dotted, Cyrillic and CJK letters; and small files
# with CRLF line ends, quoted line breaks and ragged rows. Every format, 1 and 2 threads,
# standard input, -o and --keep.
set -uo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/same_output.sh OLD_BINARY NEW_BINARY}
NEW=${2:?usage: bench/same_output.sh OLD_BINARY NEW_BINARY}
WORK=${WORK:-/tmp/tipsom-same}
mkdir -p "$WORK"

if [ ! -s "$WORK/generated.csv" ]; then
  cargo build -q --release --example gen_cases
  target/release/examples/gen_cases --rows 300000 > "$WORK/generated.csv"
fi
python3 - "$WORK" <<'PY'
import csv, random, sys
work = sys.argv[1]
rng = random.Random(7)
# Age phrases, their pieces and near misses, run together in odd orders and spacings.
pieces = ["aged", "age of", "at only", "at just", "was", "is", "turned", "now", "only",
          "barely", "15", "16", "9", "99", "130", "1500", "015", "15th", "fifteen",
          "eleven", "sixty", "year", "years", "yr", "old", "olds", "-", " - ", "of age",
          "when", "whenever", "at the time", "then", "and", "or", "10", ",", ".", ";", ")",
          "says she is", "claimed they were", "KOFI,", "Ana,", "Lagos", "the border",
          "\u00a0", "\t", "\u2013", "16\u2010year\u2010old"]
with open(f"{work}/ages.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["id", "text"])
    for i in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(3, 25))]
        text = " ".join(words)
        out.writerow([f"a{i}", text.upper() if rng.random() < 0.1 else text])
# The project's own cases with letters swapped for non-ASCII ones.
swaps = {"n": "\u00f1", "i": "\u0130", "e": "\u00e9", "u": "\u00fc", "a": "\u00e4"}
with open("data/cases.csv", newline="") as src, open(f"{work}/nonascii.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["id", "text"])
    for i, row in enumerate(csv.DictReader(src)):
        text = row["text"]
        for plain, fancy in swaps.items():
            if rng.random() < 0.3:
                text = text.replace(plain, fancy)
        if rng.random() < 0.2:
            text = text.upper()
        text += rng.choice(["", " \u041c\u0430\u0440\u0438\u044f", " \u6771\u4eac", " \u201cquoted\u201d"])
        out.writerow([f"n{i}", text])
PY
printf 'id,text\r\n1,"multi\r\nline"\r\n2,b\r\n' > "$WORK/crlf.csv"
printf 'id,text\n1,"multi\nline"\n2,b,c\n' > "$WORK/ragged.csv"
printf 'id,text\n1,a\n2,"x\n"\n3,"y\n"' > "$WORK/no-final-newline.csv"
printf 'id,text\n1,a\n2,b,c\n' > "$WORK/extra-cell.csv"

runs=0 differences=0
compare() { # label, then the arguments given to both builds; each reads $INPUT as stdin
  local label=$1; shift
  "$OLD" "$@" < "${INPUT:-/dev/null}" > "$WORK/old.out" 2> "$WORK/old.err"; local old_code=$?
  "$NEW" "$@" < "${INPUT:-/dev/null}" > "$WORK/new.out" 2> "$WORK/new.err"; local new_code=$?
  runs=$((runs + 1))
  if ! cmp -s "$WORK/old.out" "$WORK/new.out" || ! cmp -s "$WORK/old.err" "$WORK/new.err" \
    || [ "$old_code" != "$new_code" ]; then
    echo "DIFFERENT: $label"
    differences=$((differences + 1))
  fi
}
for file in "$WORK/generated.csv" data/validation.csv data/cases.csv data/sample.csv \
  "$WORK/ages.csv" "$WORK/nonascii.csv"; do
  for format in csv jsonl table; do
    [ "$format" = table ] && [ "$file" = "$WORK/generated.csv" ] && continue
    for threads in 1 2; do
      compare "$file --format $format --threads $threads" classify "$file" --format "$format" --threads "$threads"
    done
  done
done
for file in crlf ragged no-final-newline extra-cell; do
  compare "$file.csv" classify "$WORK/$file.csv"
done
"$OLD" classify data/sample.csv --keep id,text -o "$WORK/old-o.csv"
"$NEW" classify data/sample.csv --keep id,text -o "$WORK/new-o.csv"
runs=$((runs + 1))
cmp -s "$WORK/old-o.csv" "$WORK/new-o.csv" || { echo "DIFFERENT: -o --keep id,text"; differences=$((differences + 1)); }
compare "--format jsonl --keep text" classify data/sample.csv --format jsonl --keep text
INPUT=data/validation.csv compare "standard input" classify
compare "explain" explain data/sample.csv
compare "explain --format json" explain data/sample.csv --format json
echo "$runs runs, $differences different"
[ "$differences" = 0 ]
