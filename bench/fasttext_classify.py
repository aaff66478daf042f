"""fastText supervised (word bigrams), then predict over a big CSV, single-threaded.

  python fasttext_classify.py train MODEL.bin          # fit on data/cases.csv (not timed)
  python fasttext_classify.py MODEL.bin BIG.csv OUT.csv
"""
import csv, sys, tempfile


def train(path):
    import fasttext

    rows = list(csv.DictReader(open("data/cases.csv", encoding="utf-8")))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for r in rows:
            f.write(f"__label__{r['label']} " + " ".join(r["text"].lower().split()) + "\n")
    fasttext.train_supervised(f.name, epoch=25, wordNgrams=2, thread=1, verbose=0).save_model(path)


def classify(model_path, big, out):
    import fasttext

    model = fasttext.load_model(model_path)
    with open(big, encoding="utf-8", newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        reader = csv.reader(fin)
        next(reader)
        writer = csv.writer(fout)
        writer.writerow(["id", "label", "p"])
        for row in reader:
            labels, probs = model.predict(" ".join(row[1].lower().split()))
            writer.writerow([row[0], labels[0][9:], f"{probs[0]:.3f}"])


if sys.argv[1] == "train":
    train(sys.argv[2])
else:
    classify(*sys.argv[1:4])
