"""Benchmark of the annotating stage (issue 4): throughput in MB/s with a lexicon of >= 5,000
surface forms, on a corpus made of articles (the seeds and the unseen passages, cycled).

The issue's goal is "annotation >= 10 MB/s on this machine with a lexicon of >= 5,000 surface
forms". It is judged on the **whole stage** (lexicon + context patterns + propagation + quotes +
quantities + dates + the frame, as a table of spans) with ``annotate_corpus`` on the machine's
cores, and with a lexicon that really holds >= 5,000 surface forms (rows of ``surface,label,...``):
the project's lexicons have about 1,600, so the judged runs add generated person names (``محمد
الحسيني``, ``محمد الحسيني 3`` …) up to ``--forms`` rows. Names the articles do not contain cost
nothing to look for: the automaton's time does not grow with the lexicon (the ``lexicon +20k``
row shows it).

Measured (MB = 10^6 bytes of UTF-8; best of ``--repeat`` runs; wall clock and CPU time of this
process, because the machine is shared and the load average is printed with the figures):

* ``lexicon``         the multi-pattern matcher alone (``Annotator.lexicon_matches``:
                      normalization with offsets, one Aho–Corasick pass, longest match per label,
                      offsets back to the raw text), project lexicon, ``--mb`` MB;
* ``lexicon +20k``    the same with 20,000 generated names more;
* ``annotate(text)``  the whole stage one article at a time, a DataFrame per article, one process;
* ``corpus, 1 core``  ``annotate_corpus(df)``: the whole stage over ``--full-mb`` MB, one process;
* ``corpus, N cores`` ``annotate_corpus(df, jobs=None)``: the same on every core (worker start-up
                      included) — **the row the issue's goal is judged on**;
* ``seeds only``, ``synthetic``: the same two runs on the real articles alone, and on the
                      synthetic articles of ``bench_scaling`` (for context, not judged: the unseen
                      passages are short and packed with names, numbers and dates, so the judged
                      corpus costs more per byte than either).

Prints PASS/MISS for the stage goal and for the matcher alone. Exit code 1 when either misses
(``--no-fail`` only reports).

Usage: python benchmarks/bench_annotating.py [--mb 10] [--full-mb 10] [--forms 6000] [--repeat 3] [--no-fail]
"""
from __future__ import annotations

import argparse
import gc
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks.common import MB, load_average, machine, mb, seed_texts  # noqa: E402
from helpers._pool import cores  # noqa: E402
from helpers.annotating import UNSEEN_DIR, Annotator, annotate_corpus, load_lexicon  # noqa: E402
from helpers.scaling import synthetic_corpus  # noqa: E402

GOAL_MB_S = 10.0
MIN_FORMS = 5000

FIRST = ["محمد", "أحمد", "علي", "حسن", "خالد", "سارة", "ليلى", "يوسف", "مريم", "عمر", "نادية", "كريم",
         "رانيا", "طارق", "هالة", "سامي", "جميلة", "فؤاد", "لينا", "ماجد"]
LAST = ["الحسيني", "بنعلي", "الشمري", "العتيبي", "منصور", "حداد", "الخطيب", "الزعبي", "درويش", "قاسم",
        "النجار", "سليمان", "عيسى", "شاهين", "البدوي", "الرفاعي", "عواد", "ناصر", "الكردي", "يونس"]


def articles(min_mb: float, unseen: bool = True) -> list[str]:
    """At least ``min_mb`` MB of articles: the seeds and (``unseen``) the unseen passages, cycled."""
    texts = seed_texts() + ([p.read_text(encoding="utf-8") for p in sorted(UNSEEN_DIR.glob("*.txt"))]
                            if unseen else [])
    out, size = [], 0
    for t in itertools.cycle(texts):
        out.append(t)
        size += len(t.encode("utf-8"))
        if size >= min_mb * MB:
            return out
    raise AssertionError("unreachable")


def synthetic_articles(min_mb: float) -> list[str]:
    """About ``min_mb`` MB of the made-up articles ``bench_scaling`` annotates (see
    :func:`helpers.synthetic_corpus`), read back into memory."""
    with tempfile.TemporaryDirectory(prefix="bench_annotating_") as tmp:
        synthetic_corpus(ROOT / "data" / "raw", tmp, int(min_mb * MB))
        return [p.read_text(encoding="utf-8") for p in sorted(Path(tmp).rglob("*.txt"))]


def size_mb(docs: list[str]) -> float:
    """Size of ``docs`` in MB of UTF-8 (:func:`benchmarks.common.mb` of each)."""
    return sum(map(mb, docs))


def grown_lexicon(rows: int) -> pd.DataFrame:
    """The project's lexicons plus generated person names, ``rows`` rows in all."""
    lex = load_lexicon()
    names = [f"{a} {b}" for a, b in itertools.product(FIRST, LAST)]
    generated = ({"surface": f"{n} {i}" if i else n, "label": "PER", "canonical": n, "source": "bench"}
                 for i in itertools.count() for n in names)
    extra = list(itertools.islice(generated, max(0, rows - len(lex))))
    return pd.concat([lex, pd.DataFrame(extra, columns=lex.columns)], ignore_index=True)


def timed(fn, arg, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (this process) of ``fn(arg)``."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn(arg)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size for the lexicon runs (MB)")
    ap.add_argument("--full-mb", type=float, default=10.0, help="corpus size for the whole-stage runs (MB)")
    ap.add_argument("--forms", type=int, default=6000, help="lexicon rows (surface forms) of the judged runs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()

    n_cores = cores()
    print(f"{machine()}; before: {load_average()}")
    t0 = time.perf_counter()
    project = Annotator()
    print(f"project lexicon: {len(project.lexicon)} rows; {project.n_surface_forms} forms in the automaton "
          f"(with clitic variants and pattern trigger words); built in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    ann = Annotator(grown_lexicon(args.forms))
    print(f"judged lexicon: {len(ann.lexicon)} rows (surface forms; generated names added); "
          f"{ann.n_surface_forms} forms in the automaton; built in {time.perf_counter() - t0:.1f} s")

    docs = articles(args.mb)
    full = articles(args.full_mb)
    corpus = pd.DataFrame({"doc_id": range(len(full)), "text": full})
    rows = []

    def run(name: str, fn, arg, mb: float, lexicon_rows: int, cpu: bool = True) -> None:
        wall, cpu_s = timed(fn, arg, args.repeat)
        rows.append((name, lexicon_rows, mb, mb / wall, mb / cpu_s if cpu else float("nan")))

    run("lexicon", lambda ds: [project.lexicon_matches(d) for d in ds], docs, size_mb(docs), len(project.lexicon))
    run("annotate(text)", lambda ds: [ann.annotate(d) for d in ds], full, size_mb(full), len(ann.lexicon))
    run("corpus, 1 core", lambda df: annotate_corpus(df, annotator=ann), corpus, size_mb(full), len(ann.lexicon))
    judged = f"corpus, {n_cores} cores"
    run(judged, lambda df: annotate_corpus(df, annotator=ann, jobs=None), corpus, size_mb(full), len(ann.lexicon),
        cpu=False)
    # the same on other corpora, for context (not judged): real articles only, and the synthetic
    # articles of bench_scaling (sentences of data/raw recombined, about 2,500 characters each)
    for name, texts in (("  seeds only", articles(args.full_mb, unseen=False)),
                        ("  synthetic", synthetic_articles(args.full_mb))):
        frame = pd.DataFrame({"doc_id": range(len(texts)), "text": texts})
        run(f"{name}, 1 core", lambda df: annotate_corpus(df, annotator=ann), frame, size_mb(texts), len(ann.lexicon))
        run(f"{name}, {n_cores} cores", lambda df: annotate_corpus(df, annotator=ann, jobs=None), frame,
            size_mb(texts), len(ann.lexicon), cpu=False)
    big = Annotator(grown_lexicon(len(project.lexicon) + 20_000))
    run("lexicon +20k", lambda ds: [big.lexicon_matches(d) for d in ds], docs, size_mb(docs), len(big.lexicon))
    rows.insert(1, rows.pop())  # shown right under the lexicon row

    print(f"{'run':<24} {'lexicon rows':>12} {'MB':>6} {'wall MB/s':>10} {'CPU MB/s':>9}")
    for name, forms, mb, w, c in rows:
        print(f"{name:<24} {forms:>12} {mb:>6.1f} {w:>10.2f} {c:>9.2f}")
    print(f"after: {load_average()}")
    lex = rows[0]
    one = next(r for r in rows if r[0] == "corpus, 1 core")
    stage = next(r for r in rows if r[0] == judged)
    stage_ok = stage[1] >= MIN_FORMS and stage[3] >= GOAL_MB_S
    lex_ok = max(lex[3], lex[4]) >= GOAL_MB_S
    print(f"goal (issue 4): annotation >= {GOAL_MB_S:g} MB/s with >= {MIN_FORMS} surface forms, the whole stage "
          f"(annotate_corpus) on this machine's {n_cores} cores: {'PASS' if stage_ok else 'MISS'} "
          f"({stage[3]:.1f} MB/s wall with {stage[1]} lexicon rows; {one[3]:.1f} MB/s on one core)")
    print(f"the lexicon matcher alone (>= {GOAL_MB_S:g} MB/s): {'PASS' if lex_ok else 'MISS'} "
          f"(wall {lex[3]:.1f}, CPU {lex[4]:.1f} MB/s)")
    return 1 if not (stage_ok and lex_ok) and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
