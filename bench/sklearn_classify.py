"""What a user would pick instead: scikit-learn TF-IDF (unigrams and bigrams, 2,000 terms)
and two logistic regressions, streamed over a big CSV in chunks of 10,000 rows (read,
vectorise, predict, write), single-threaded.

  python sklearn_classify.py train MODEL.pickle        # fit on data/cases.csv (not timed)
  python sklearn_classify.py MODEL.pickle BIG.csv OUT.csv
"""
import csv, pickle, sys


def train(path):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = list(csv.DictReader(open("data/cases.csv", encoding="utf-8")))
    texts = [r["text"] for r in rows]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=3, max_features=2000)
    x = vec.fit_transform(texts)
    heads = {}
    for name, positive in [("trafficking", {"trafficking", "both"}), ("smuggling", {"smuggling", "both"})]:
        y = [r["label"] in positive for r in rows]
        heads[name] = LogisticRegression(max_iter=1000).fit(x, y)
    pickle.dump((vec, heads), open(path, "wb"))


def label(t, s):
    return "both" if t and s else "trafficking" if t else "smuggling" if s else "neither"


def classify(model, big, out):
    vec, heads = pickle.load(open(model, "rb"))
    with open(big, encoding="utf-8", newline="") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
        reader = csv.reader(fin)
        next(reader)
        writer = csv.writer(fout)
        writer.writerow(["id", "label", "p_trafficking", "p_smuggling"])
        while True:
            chunk = [row for _, row in zip(range(10000), reader)]
            if not chunk:
                break
            xs = vec.transform([r[1] for r in chunk])
            pt = heads["trafficking"].predict_proba(xs)[:, 1]
            ps = heads["smuggling"].predict_proba(xs)[:, 1]
            for r, a, b in zip(chunk, pt, ps):
                writer.writerow([r[0], label(a >= 0.5, b >= 0.5), f"{a:.3f}", f"{b:.3f}"])


if sys.argv[1] == "train":
    train(sys.argv[2])
else:
    classify(*sys.argv[1:4])
