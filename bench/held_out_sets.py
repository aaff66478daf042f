#!/usr/bin/env python3
"""Leave-one-set-out with pooled figures: each named set of data/cases.csv is left out of
training in turn and classified by the model trained on everything else; prints each set's
figures, then pooled figures over all of them, their `hard` subset, and any --group.

    python3 bench/held_out_sets.py [--cases data/cases.csv] [--group NAME=SET,SET ...] SET ...

A set is named by the letters its ids start with before their digits ("T" for T101...;
"vw" for the v- and w- ids together). Training uses `--alphas 0.003` like
bench/leave_one_set_out.sh, whose means this reproduces (`--alphas` sets other strengths, or
`default` for the strength tipsom's cross-validation picks); TIPSOM names the binary (default
target/release/tipsom) and TIPSOM_TRAIN_ARGS adds options to each `tipsom train`. Prints
macro-F1, accuracy and the mean log-loss of the two probabilities, and with several sets their
mean over the sets (the measure of a quality round, to six places). Not run in CI (about ten
seconds per set on two cores)."""
import argparse
import csv
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from real_case_cv import COLUMNS, LABELS, case_loss, macro_f1, write_csv  # noqa: E402

ELEMENTS = ["act", "means", "purpose", "child", "illegal_entry", "facilitator_benefit"]

BINARY = os.environ.get("TIPSOM", "target/release/tipsom")
TRAIN_ARGS = shlex.split(os.environ.get("TIPSOM_TRAIN_ARGS", ""))


def set_of(case_id, names):
    """The named set a case id belongs to, or None."""
    match = re.match(r"([A-Za-z]+)\d", case_id)
    letters = match.group(1) if match else ""
    return next((name for name in names if len(letters) == 1 and letters in name), None)


def figures(results):
    """(cases, macro-F1, accuracy, log-loss) of (row, prediction) pairs."""
    pairs = [(row["label"], p["label"]) for row, p in results]
    loss = sum(case_loss(row["label"], p) for row, p in results)
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    return len(pairs), macro_f1(pairs), accuracy, loss / (2 * len(pairs))


def show(name, results):
    if results:
        n, f1, accuracy, loss = figures(results)
        print(f"{name:<28} {n:>5}  macro-F1 {f1:.3f}  accuracy {accuracy:.3f}  log-loss {loss:.4f}")


def scores(pairs, positive):
    """(precision, recall, F1) of `positive` over (truth, prediction) pairs."""
    tp = sum(1 for t, p in pairs if t == positive and p == positive)
    fp = sum(1 for t, p in pairs if t != positive and p == positive)
    fn = sum(1 for t, p in pairs if t == positive and p != positive)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1


def show_details(results):
    """Per label and per element precision, recall and F1, and the confusion matrix."""
    print(f"{'':<22} precision  recall      F1")
    for label in LABELS:
        pairs = [(r["label"], p["label"]) for r, p in results]
        print(f"{label:<22} {'   '.join(f'{x:.3f}' for x in scores(pairs, label))}")
    for element in ELEMENTS:
        pairs = [(r[element], p[element]) for r, p in results if r.get(element, "") != ""]
        print(f"{element:<22} {'   '.join(f'{x:.3f}' for x in scores(pairs, '1'))}")
    flagged = [(r, p) for r, p in results if p["needs_review"] == "true"]
    wrong = sum(r["label"] != p["label"] for r, p in results)
    caught = sum(r["label"] != p["label"] for r, p in flagged)
    unflagged = len(results) - len(flagged)
    print(f"review flag: {len(flagged)} of {len(results)} flagged ({len(flagged) / len(results):.0%}), "
          f"holding {caught} of {wrong} wrong labels ({caught / max(wrong, 1):.0%}); "
          f"an unflagged label was wrong {(wrong - caught) / max(unflagged, 1):.1%} of the time")
    print("confusion (rows true, columns predicted): " + " ".join(LABELS))
    for truth in LABELS:
        counts = [sum(1 for r, p in results if r["label"] == truth and p["label"] == guess) for guess in LABELS]
        print(f"  {truth:<12} {counts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="data/cases.csv")
    parser.add_argument("--group", action="append", default=[], help="NAME=SET,SET: pooled figures of these sets")
    parser.add_argument("--alphas", default="0.003",
                        help="the strengths each training may pick from, or 'default' for tipsom's own choice")
    parser.add_argument("sets", nargs="+")
    args = parser.parse_args()
    rows = list(csv.DictReader(open(args.cases, encoding="utf-8")))
    by_set = {name: [] for name in args.sets}
    with tempfile.TemporaryDirectory() as work:
        train_csv, test_csv, model = (os.path.join(work, n) for n in ("train.csv", "test.csv", "model.json"))
        for name in args.sets:
            held = [r for r in rows if set_of(r["id"], [name]) == name]
            if not held:
                sys.exit(f"no case of data set {name!r} in {args.cases}")
            held_ids = {r["id"] for r in held}
            write_csv(train_csv, [r for r in rows if r["id"] not in held_ids], COLUMNS)
            write_csv(test_csv, held, ["id", "text"])
            alphas = [] if args.alphas == "default" else ["--alphas", args.alphas]
            subprocess.run([BINARY, "train", train_csv, "-o", model, *alphas, *TRAIN_ARGS],
                           capture_output=True, check=True)
            out = subprocess.run([BINARY, "classify", test_csv, "--model", model],
                                 capture_output=True, text=True, check=True).stdout
            predicted = {p["id"]: p for p in csv.DictReader(io.StringIO(out))}
            by_set[name] = [(r, predicted[r["id"]]) for r in held]
            show(name, by_set[name])
    if len(by_set) > 1:
        # The measure a quality round decides on (docs/quality-history.md), to six places,
        # since two candidates often tie to four.
        per_set = [figures(results) for results in by_set.values()]
        print(f"{'mean of the sets':<28} {len(per_set):>5}  macro-F1 {sum(f[1] for f in per_set) / len(per_set):.5f}"
              f"  log-loss {sum(f[3] for f in per_set) / len(per_set):.6f}")
    everything = [pair for results in by_set.values() for pair in results]
    show("all, pooled", everything)
    show_details(everything)
    show("all, hard subset", [(r, p) for r, p in everything if r.get("subset") == "hard"])
    for group in args.group:
        name, _, sets = group.partition("=")
        show(name, [pair for s in sets.split(",") for pair in by_set.get(s, [])])


if __name__ == "__main__":
    main()
