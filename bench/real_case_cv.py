#!/usr/bin/env python3
"""Cross-validation on the training texts that retell real cases, the closest the training data
comes to other people's writing.

    python3 bench/real_case_cv.py data/cases.csv [EXTRA.csv ...] [--ungrouped]

Five folds over the real-case texts of the first file (ids starting with u, y, o, z, i, j or l);
each fold trains `tipsom train` on everything else (plus any EXTRA files) and scores the fold
with `tipsom classify`. Many real cases are told by two writers in the training data, so by
default a fold's texts and every text that looks like the same case (their `note` names share two
distinctive words) are kept out of that fold's training; `--ungrouped` leaves them in, which reads
about 0.01 higher. Prints macro-F1, accuracy and the mean log-loss of the two probabilities.
Uses target/release/tipsom unless TIPSOM names another binary; TIPSOM_TRAIN_ARGS adds options to
each `tipsom train` (e.g. "--alphas 0.1"). Not run in CI (a few minutes)."""
import csv
import io
import math
import os
import random
import re
import subprocess
import shlex
import sys
import tempfile
from collections import defaultdict

COLUMNS = "id,text,label,act,means,purpose,child,illegal_entry,facilitator_benefit,style,subset,note".split(",")
LABELS = ["trafficking", "smuggling", "both", "neither"]
REAL_CASE_PREFIXES = tuple("uyozijl")
# Words too common in case names to say two notes name the same case.
COMMON = set("""the of and in a an for to on at v vs case cases ring raid trial court appeal operation human
trafficking smuggling forced labour labor prosecution sentencing convicted deaths death boat uk us eu
report police federal district network women men workers girls children chinese nigerian vietnamese
thai indian bangladeshi spanish domestic servitude brothel brothels migrants migrant nationals arrests
arrested january february march april may june july august september october november december from
with into by after via new sex work held made off sold fee fees visa visas prostitution recruitment
city state supreme high national policía policia nacional guardia civil immigration department
smugglers smuggler lorry truck boy girl woman man crown jailed sentenced verdict family brothers two
three four five six seven eight nine ten sea border crossing stranded company general main paid found
house houses farm farms investigation reporting judgment judgement sentence charges charged killed
killing dead fire people persons victims victim guardian times news bbc united states kingdom south
north east west""".split())
BINARY = os.environ.get("TIPSOM", "target/release/tipsom")
TRAIN_ARGS = shlex.split(os.environ.get("TIPSOM_TRAIN_ARGS", ""))


def name_words(note):
    name = note.split(" | ")[0].lower()
    return {w for w in re.findall(r"[a-zà-ÿ]+", name) if w not in COMMON and len(w) > 3}


def same_case_finder(rows):
    words = {r["id"]: name_words(r.get("note", "")) for r in rows}
    by_word = defaultdict(set)
    for case_id, ws in words.items():
        for w in ws:
            by_word[w].add(case_id)

    def siblings(case_id):
        shared = defaultdict(int)
        for w in words[case_id]:
            if len(by_word[w]) <= 40:
                for other in by_word[w] - {case_id}:
                    shared[other] += 1
        return {other for other, n in shared.items() if n >= 2}

    return siblings


def write_csv(path, rows, columns):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") for c in columns])


def macro_f1(pairs):
    total = 0.0
    for label in LABELS:
        tp = sum(1 for t, p in pairs if t == label and p == label)
        fp = sum(1 for t, p in pairs if t != label and p == label)
        fn = sum(1 for t, p in pairs if t == label and p != label)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return total / len(LABELS)


def case_loss(label, predicted):
    """The summed log-loss of the two probabilities of one case, each kept within [0.001, 0.999]."""
    truths = (label in ("trafficking", "both"), label in ("smuggling", "both"))
    loss = 0.0
    for truth, q in zip(truths, (float(predicted["p_trafficking"]), float(predicted["p_smuggling"]))):
        q = min(max(q, 1e-3), 1 - 1e-3)
        loss -= math.log(q if truth else 1 - q)
    return loss


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    grouped = "--ungrouped" not in sys.argv
    if not args:
        sys.exit(__doc__)
    base = list(csv.DictReader(open(args[0], encoding="utf-8")))
    extra = [r for path in args[1:] for r in csv.DictReader(open(path, encoding="utf-8"))]
    siblings = same_case_finder(base)
    real = [r for r in base if r["id"].startswith(REAL_CASE_PREFIXES)]
    random.Random(7).shuffle(real)
    folds = [real[i::5] for i in range(5)]
    pairs, loss, probabilities = [], 0.0, 0
    with tempfile.TemporaryDirectory() as work:
        train_csv, test_csv, model = (os.path.join(work, n) for n in ("train.csv", "test.csv", "model.json"))
        for fold in folds:
            held = {r["id"] for r in fold}
            if grouped:
                held |= set().union(*(siblings(r["id"]) for r in fold))
            write_csv(train_csv, [r for r in base if r["id"] not in held] + extra, COLUMNS)
            write_csv(test_csv, fold, ["id", "text"])
            subprocess.run([BINARY, "train", train_csv, "-o", model, "--folds", "3", *TRAIN_ARGS], capture_output=True, check=True)
            out = subprocess.run([BINARY, "classify", test_csv, "--model", model], capture_output=True, text=True, check=True).stdout
            predicted = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
            for r in fold:
                p = predicted[r["id"]]
                pairs.append((r["label"], p["label"]))
                loss += case_loss(r["label"], p)
                probabilities += 2
    accuracy = sum(t == p for t, p in pairs) / len(pairs)
    kind = "grouped by case" if grouped else "ungrouped"
    print(f"real-case CV ({kind}): {len(pairs)} texts, macro-F1 {macro_f1(pairs):.3f}, "
          f"accuracy {accuracy:.3f}, log-loss {loss / probabilities:.4f}")


if __name__ == "__main__":
    main()
