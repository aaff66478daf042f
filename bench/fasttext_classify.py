"""fastText supervised on data/cases.csv, then predict over a big CSV, single-threaded.
Usage: python fasttext_classify.py BIG.csv OUT.csv"""
import csv, sys, tempfile, fasttext

rows = list(csv.DictReader(open("data/cases.csv", encoding="utf-8")))
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
    for r in rows:
        f.write(f"__label__{r['label']} " + " ".join(r["text"].lower().split()) + "\n")
model = fasttext.train_supervised(f.name, epoch=25, wordNgrams=2, thread=1, verbose=0)
with open(sys.argv[1], encoding="utf-8", newline="") as fin, open(sys.argv[2], "w", encoding="utf-8", newline="") as fout:
    reader = csv.reader(fin)
    next(reader)
    writer = csv.writer(fout)
    writer.writerow(["id", "label", "p"])
    for row in reader:
        labels, probs = model.predict(" ".join(row[1].lower().split()))
        writer.writerow([row[0], labels[0][9:], f"{probs[0]:.3f}"])
