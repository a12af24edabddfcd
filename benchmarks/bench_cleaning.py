"""Benchmark of the cleaning stage (issues 3 and 17): normalize + tokenize on real news, side by
side in one run with PyArabic and CAMeL Tools.

Corpus: the Jawhara FM articles (``data/corpora/jawharafm.tar.xz``, 10,137 real articles, 13.1 MB;
see its README), as they are: no-break spaces (about one article in two), tatweel, diacritics, Latin
runs, in a fixed shuffled order that mixes sections and years (``--mb`` takes the first articles
of that order up to a size). Every pipeline runs article by article, as on a corpus.

Pipelines (each takes one raw article and returns its tokens as strings: words, numbers and each
punctuation mark as its own token, in text order, for all four):

* ours      ``word_tokens(normalize(text))``: NFKC where needed, diacritics, tatweel, alef forms,
            alef maqsura, Persian letters, digits, invisible controls, spaces (NBSP) folded;
* PyArabic  ``tokenize(normalize_alef(strip_tatweel(strip_tashkeel(text))))``: diacritics, tatweel,
            alef forms and alef maqsura (no NFKC, no digits, no controls);
* CAMeL     ``simple_word_tokenize(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(normalize_unicode(text)))))``:
            NFKC, diacritics, alef forms, alef maqsura (not tatweel, digits or controls);
* naive     a regex baseline: ``re.sub`` of diacritics/tatweel/alef forms + ``re.findall(r"\\w+|[^\\w\\s]")``.

The same granularity, checked on real articles: the token counts are printed, and differ by less
than 0.5%: PyArabic also gives a blank line as a token and keeps a run of punctuation marks as one
token (``".``), CAMeL keeps a tatweel inside a token (``لـ2017``). The spellings differ a little
(PyArabic's ``normalize_alef`` turns ى into ا, ours into ي). Ours does the most work of the four.

Also reported: ``tokenize`` (Token objects with offsets), ``normalize`` and ``word_tokens`` alone,
``normalize_with_offsets`` (on the articles, and on the same articles with a diacritic put on every
letter: a worst case made from real text), and ``clean_corpus`` on a frame of the articles (all
texts in one pass) next to the same work article by article.

Goals (issue 17) on the project's 2-core machine: ours >= 2x PyArabic and >= 10x CAMeL, article by
article (MB = 10^6 bytes of UTF-8 per second of CPU time of this process, best of ``--repeat`` runs,
the pipelines interleaved so that load from other work on the shared machine hits them alike; all
four are single-threaded, so on a quiet machine CPU and wall clock agree, and on a busy one the
CPU time is the steadier figure; wall-clock MB/s are printed beside it). The same pipelines on the
articles joined into one text are printed for context (not judged: the fixed cost per call then
vanishes). The load average is printed before and after.
Exit code 1 when a goal is missed (``--no-fail`` to only report), 2 when a library is missing.

Usage: python benchmarks/bench_cleaning.py [--mb MB] [--repeat 3] [--quick] [--no-fail]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from benchmarks.common import JAWHARA_NAME, best_times, diacritize, jawhara_articles, load_average, machine, mb  # noqa: E402
from helpers.cleaning import clean_corpus, normalize, normalize_with_offsets, tokenize, word_tokens  # noqa: E402

GOAL_VS_PYARABIC = 2.0
GOAL_VS_CAMEL = 10.0


def ours(text: str) -> list[str]:
    return word_tokens(normalize(text))


def ours_tokens(text: str) -> list:
    return tokenize(normalize(text))


def pyarabic_pipeline():
    import pyarabic.araby as araby

    def run(text: str) -> list[str]:
        return araby.tokenize(araby.normalize_alef(araby.strip_tatweel(araby.strip_tashkeel(text))))

    return run


def camel_pipeline():
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_unicode

    def run(text: str) -> list[str]:
        return simple_word_tokenize(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(normalize_unicode(text)))))

    return run


_NAIVE_DROP = re.compile("[\u064b-\u0652\u0670\u0640]")
_NAIVE_ALEF = re.compile("[\u0622\u0623\u0625]")
_NAIVE_TOKEN = re.compile(r"\w+|[^\w\s]")


def naive(text: str) -> list[str]:
    return _NAIVE_TOKEN.findall(_NAIVE_ALEF.sub("ا", _NAIVE_DROP.sub("", text)))


def per_article(fn):
    """``fn`` applied to each article of a list (how a corpus is cleaned); the tokens, flattened
    when ``fn`` returns lists (for the token count)."""
    def run(texts: list[str]) -> list:
        out = []
        for t in texts:
            r = fn(t)
            if isinstance(r, list):
                out.extend(r)
        return out
    return run


def composition(texts: list[str]) -> str:
    """What the articles hold that the pipelines must deal with (articles with at least one)."""
    kinds = {"a no-break space": lambda t: "\u00a0" in t, "tatweel": lambda t: "\u0640" in t,
             "diacritics": lambda t: re.search("[\u064b-\u0652]", t) is not None,
             "a Latin word": lambda t: re.search("[A-Za-z]{2,}", t) is not None}
    return ", ".join(f"{sum(map(test, texts)):,} with {kind}" for kind, test in kinds.items())


def pipelines() -> tuple[dict, list[str]]:
    """The compared pipelines (ours, naive, and the libraries that are installed), and what is missing."""
    found = {"ours: word_tokens(normalize)": ours, "naive regex": naive}
    missing = []
    try:
        found["PyArabic"] = pyarabic_pipeline()
    except ImportError as exc:
        missing.append(f"PyArabic ({exc})")
    try:
        found["CAMeL Tools"] = camel_pipeline()
    except ImportError as exc:
        missing.append(f"CAMeL Tools ({exc}); install benchmarks/requirements*.txt (make bench)")
    return found, missing


def interleaved(texts: list[str], repeat: int) -> tuple[dict[str, tuple[float, float]], dict[str, int]]:
    """Best (CPU, wall) seconds of each pipeline over ``repeat`` rounds (every round runs each
    once, so load from other work hits all alike), and the tokens each gave."""
    compared, _ = pipelines()
    extra = {"ours: tokenize(normalize) -> Token objects": ours_tokens, "ours: normalize only": normalize,
             "ours: word_tokens only (on normalized text)": word_tokens,
             "ours: normalize_with_offsets": normalize_with_offsets}
    normalized = [normalize(t) for t in texts]
    joined = ["\n\n".join(texts)]
    for fn in list(compared.values()) + list(extra.values()):
        fn(texts[0])  # warm up: lookup tables are built on first use
    runs = [(name, fn, texts) for name, fn in compared.items()]
    runs += [(name, fn, normalized if fn is word_tokens else texts) for name, fn in extra.items()]
    runs += [(f"{name}, the articles joined into one text", fn, joined) for name, fn in compared.items()]
    best: dict[str, tuple[float, float]] = {}
    tokens: dict[str, int] = {}
    for _ in range(repeat):
        for name, fn, arg in runs:
            cpu, wall, out = best_times(per_article(fn), arg, repeat=1)
            old = best.get(name, (float("inf"), float("inf")))
            best[name] = (min(old[0], cpu), min(old[1], wall))
            if name in compared:
                tokens[name] = len(out)
    return best, tokens


def others(texts: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Best (CPU, wall) seconds of the worst case (every letter diacritized; MB of the
    diacritized text, not of ``texts``: see ``heavy_size``) and of ``clean_corpus`` on a frame."""
    heavy = [diacritize(t) for t in texts]
    scale = sum(map(mb, texts)) / sum(map(mb, heavy))  # so that size / seconds gives MB/s of the heavy text
    found = {
        "ours: normalize_with_offsets, every letter diacritized": best_times(per_article(normalize_with_offsets),
                                                                            heavy, repeat)[:2],
        "ours: normalize, every letter diacritized": best_times(per_article(normalize), heavy, repeat)[:2],
    }
    found = {name: (cpu * scale, wall * scale) for name, (cpu, wall) in found.items()}
    frame = pd.DataFrame({"doc_id": [str(i) for i in range(len(texts))], "text": pd.Series(texts, dtype=object)})

    def one_by_one(f: pd.DataFrame) -> list:
        return [word_tokens(normalize(t), punctuation=False) for t in f["text"]]

    clean_corpus(frame.head(3))
    found[f"ours: clean_corpus, a frame of {len(texts):,} articles"] = best_times(clean_corpus, frame, repeat)[:2]
    found["ours: normalize + word_tokens article by article (lists, no frame)"] = \
        best_times(one_by_one, frame, repeat)[:2]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=None, help="corpus size in MB (default: all 13.1 MB)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per pipeline; the best counts")
    parser.add_argument("--quick", action="store_true", help="3 MB of articles, 2 runs (a check, not a figure)")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal is missed")
    args = parser.parse_args(argv)
    if args.quick:
        args.mb, args.repeat = args.mb or 3.0, 2

    texts = jawhara_articles(args.mb)
    size = sum(map(mb, texts))
    print(f"corpus: {JAWHARA_NAME}: {len(texts):,} articles, {size:.1f} MB of UTF-8 "
          f"({sum(map(len, texts)):,} chars); {composition(texts)}")
    print(machine())
    print("before:", load_average())
    _, missing = pipelines()
    best, tokens = interleaved(texts, args.repeat)
    best.update(others(texts, args.repeat))
    print("after: ", load_average())
    print()
    cpu = {name: size / c for name, (c, _) in best.items()}
    wall = {name: size / w for name, (_, w) in best.items()}
    width = max(map(len, best))
    print(f"{'pipeline, article by article':<{width}}  {'CPU MB/s':>8}  {'wall MB/s':>9}  tokens")
    for name in best:
        print(f"{name:<{width}}  {cpu[name]:8.1f}  {wall[name]:9.1f}  {tokens.get(name, '')}")
    print(f"(MB/s of the {JAWHARA_NAME} articles above, best of {args.repeat}; the diacritized rows: the same "
          "articles with a diacritic on every letter, MB/s of that larger text)")
    print()
    for m in missing:
        print("MISSING:", m)
    if missing and not args.no_fail:
        return 2
    ok = True
    mine = "ours: word_tokens(normalize)"
    for name, goal in (("PyArabic", GOAL_VS_PYARABIC), ("CAMeL Tools", GOAL_VS_CAMEL)):
        if name in best:
            ratio = cpu[mine] / cpu[name]
            ok &= ratio >= goal
            print(f"goal (issue 17), on {JAWHARA_NAME}, article by article: ours / {name}: {ratio:.2f}x CPU time "
                  f"(goal >= {goal:.0f}x) {'met' if ratio >= goal else 'MISSED'}; {wall[mine] / wall[name]:.2f}x wall "
                  f"clock; {cpu[mine + ', the articles joined into one text'] / cpu[name + ', the articles joined into one text']:.2f}x "
                  "on the articles joined into one text (not judged)")
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    raise SystemExit(main())
