"""Loading stage: bytes → text, article structure, corpus frames, bad input."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers._shared import count_words
from helpers import (
    CorpusWarning, UnreadableFile, load_corpus, paragraphs_frame, parse_article, read_text,
    save_table, sentences_frame, split_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
ANADOLU = RAW / "anadolu_saar_baku.txt"
ASTANA = RAW / "saar_astana_baku.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return ANADOLU.read_bytes().decode("utf-8")


# --------------------------------------------------------------------------- read_text

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom",
                                      "cp1256", "iso-8859-6"])
def test_read_text_decodes_real_article_in_every_encoding(tmp_path, seed_text, encoding):
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + seed_text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + seed_text.encode("utf-16-be")
    else:
        data = seed_text.encode(encoding)
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(data)
    assert read_text(path) == seed_text


def test_read_text_is_exact_on_the_seeds():
    for path in (ANADOLU, ASTANA):
        assert read_text(path) == path.read_bytes().decode("utf-8")


def test_line_endings_become_lf_and_nothing_else_changes(tmp_path):
    text = "سطر أول\u00a0مع مسافة\tغير منكسرة\r\nسطر ثان\rسطر ثالث\n\u200fنهاية  "
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_text(path) == "سطر أول\u00a0مع مسافة\tغير منكسرة\nسطر ثان\nسطر ثالث\n\u200fنهاية  "


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    (bytes(range(128, 256)) * 3, "undecodable"),
])
def test_read_text_refuses_unreadable_files_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_text(path)


# --------------------------------------------------------------------------- structure

def test_anatomy_of_the_anadolu_article():
    df = load_corpus(ANADOLU)
    row = df.iloc[0]
    assert row.doc_id == "anadolu_saar_baku"
    assert row.headline == "وزير خارجية إسرائيل من أذربيجان: نسعى لتوطيد علاقتنا الاستراتيجية"
    assert row.subheadline.startswith("ساعر قال عقب لقائه الرئيس إلهام علييف")
    assert row.dateline == "القدس/ الأناضول"
    assert row.paragraphs[0].startswith("أعلن وزير الخارجية الإسرائيلي جدعون ساعر")
    assert row.paragraphs[-1].endswith("على حدود ما قبل حرب 1967.")
    lines = [ln for ln in row.text.split("\n") if ln.strip()]
    assert len(row.paragraphs) == len(lines) - 3  # headline, subheadline, dateline
    assert row.body == row.text[row.text.index("أعلن وزير"):].rstrip()


def test_second_seed_starts_with_body_text_and_has_no_headline():
    row = load_corpus(ASTANA).iloc[0]
    first_line = row.text.split("\n", 1)[0]
    assert row.headline is None and row.subheadline is None and row.dateline is None
    assert row.paragraphs[0] == first_line.strip()
    # single-newline paragraphs are paragraphs too
    assert len(row.paragraphs) == len([ln for ln in row.text.split("\n") if ln.strip()])
    assert row.paragraphs[-1].startswith("ففي 8 تشرين الأول/أكتوبر 2023")


# Short passages written for these tests in the style of other outlets.
OTHER_OUTLETS = [
    ("الأمم المتحدة تحذر من أزمة غذاء في السودان\n\nنيويورك - رويترز - حذرت الأمم المتحدة يوم الخميس من أزمة غذاء.\n"
     "وقال المتحدث إن الوضع خطير.", "الأمم المتحدة تحذر من أزمة غذاء في السودان", "نيويورك - رويترز",
     "حذرت الأمم المتحدة يوم الخميس من أزمة غذاء."),
    ("دبي، الإمارات العربية المتحدة (CNN) -- أعلنت شركة طيران الإمارات عن أرباح قياسية بلغت 4,3 مليار درهم.",
     None, "دبي، الإمارات العربية المتحدة (CNN)", "أعلنت شركة طيران الإمارات عن أرباح قياسية بلغت 4,3 مليار درهم."),
    ("ماكرون يستقبل نظيره البرازيلي في باريس\nباريس (أ ف ب) - استقبل الرئيس الفرنسي إيمانويل ماكرون نظيره البرازيلي.",
     "ماكرون يستقبل نظيره البرازيلي في باريس", "باريس (أ ف ب)", "استقبل الرئيس الفرنسي إيمانويل ماكرون نظيره البرازيلي."),
    ("تراجع أسعار النفط\n\nلندن - العربية.نت\n\nتراجعت أسعار النفط صباح اليوم بنسبة 1.6 بالمئة.",
     "تراجع أسعار النفط", "لندن - العربية.نت", "تراجعت أسعار النفط صباح اليوم بنسبة 1.6 بالمئة."),
    ("(أ ف ب) - قتل ثلاثة أشخاص في انفجار بمدينة حلب شمال سوريا.", None, "(أ ف ب)",
     "قتل ثلاثة أشخاص في انفجار بمدينة حلب شمال سوريا."),
    ("قال رئيس الوزراء الماليزي أنور إبراهيم، الأربعاء، إن بلاده ستزيد صادراتها.\nوأضاف أن النمو بلغ 4,3 بالمئة.",
     None, None, "قال رئيس الوزراء الماليزي أنور إبراهيم، الأربعاء، إن بلاده ستزيد صادراتها."),
    ("عاجل\n\nالقاهرة/ الأناضول\n\nأعلنت وزارة الصحة المصرية تسجيل إصابات جديدة.", "عاجل", "القاهرة/ الأناضول",
     "أعلنت وزارة الصحة المصرية تسجيل إصابات جديدة."),
]


@pytest.mark.parametrize("text, headline, dateline, first_paragraph", OTHER_OUTLETS)
def test_structure_of_articles_in_other_outlets_styles(text, headline, dateline, first_paragraph):
    art = parse_article(text)
    part = lambda span: text[span[0]:span[1]] if span else None  # noqa: E731
    assert part(art.headline) == headline
    assert part(art.dateline) == dateline
    assert part(art.paragraphs[0]) == first_paragraph


def test_a_long_first_line_that_ends_a_sentence_is_not_a_headline():
    text = "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين.\n\nوقال الوزير إن الخطة تبدأ الشهر المقبل."
    art = parse_article(text)
    assert art.headline is None and len(art.paragraphs) == 2


# --------------------------------------------------------------------------- sentences

@pytest.mark.parametrize("text, expected", [
    ("بلغ النمو 3.5 بالمئة هذا العام. وهذا رقم جيد.", ["بلغ النمو 3.5 بالمئة هذا العام.", "وهذا رقم جيد."]),
    ("بلغت الأرباح 4,3 مليار يورو. ثم تراجعت.", ["بلغت الأرباح 4,3 مليار يورو.", "ثم تراجعت."]),
    ("يبلغ عدد السكان 1.6 بليون نسمة. تقريبا.", ["يبلغ عدد السكان 1.6 بليون نسمة.", "تقريبا."]),
    ("التقى د. محمد بالوزير. هل نجح اللقاء؟ نعم!", ["التقى د. محمد بالوزير.", "هل نجح اللقاء؟", "نعم!"]),
    ('وقال: "نحن نعمل معا". وأضاف أمرا آخر…', ['وقال: "نحن نعمل معا".', "وأضاف أمرا آخر…"]),
    ("السطر الأول بلا نقطة\nالسطر الثاني.", ["السطر الأول بلا نقطة", "السطر الثاني."]),
    ('والسياحة".. ثم ماذا', ['والسياحة"..', "ثم ماذا"]),
])
def test_split_sentences(text, expected):
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_frames_point_into_the_raw_text():
    df = load_corpus(RAW)
    texts = dict(zip(df.doc_id, df.text))
    paras = paragraphs_frame(df)
    sents = sentences_frame(df)
    for frame in (paras, sents):
        assert all(texts[d][a:b] == t for d, a, b, t in zip(frame.doc_id, frame.start, frame.end, frame.text))
    assert paras.groupby("doc_id").size().to_dict() == {d: len(p) for d, p in zip(df.doc_id, df.paragraphs)}
    assert (sents.groupby("doc_id").sent_id.max() + 1).to_dict() == sents.groupby("doc_id").size().to_dict()
    # every sentence lies inside its paragraph
    merged = sents.merge(paras, on=["doc_id", "para_id"], suffixes=("", "_p"))
    assert ((merged.start >= merged.start_p) & (merged.end <= merged.end_p)).all()
    assert len(merged) == len(sents)
    # the Anadolu article quotes Saar's figures in one sentence; it is not cut at "50"
    assert sents.text.str.contains("بنحو 50 بالمئة بين عامي 2024 و2025", regex=False).sum() == 1


# --------------------------------------------------------------------------- corpus

def test_load_corpus_on_the_raw_folder():
    df = load_corpus(RAW)
    assert df.doc_id.tolist() == ["anadolu_saar_baku", "saar_astana_baku"]
    assert df.text.tolist() == [read_text(ANADOLU), read_text(ASTANA)]
    assert list(df.columns[:9]) == ["doc_id", "path", "text", "headline", "subheadline", "dateline",
                                    "body", "paragraphs", "n_words"]
    assert df.outlet.tolist() == ["Anadolu Agency", "unknown"]  # joined from data/metadata.csv
    assert df.attrs["skipped"] == []
    assert df.n_words.tolist() == [sum(count_words(p) for p in ps) for ps in df.paragraphs] == [471, 627]


def test_load_corpus_accepts_a_file_and_a_list_of_files():
    assert load_corpus(ASTANA).doc_id.tolist() == ["saar_astana_baku"]
    assert load_corpus([ASTANA, ANADOLU]).doc_id.tolist() == ["saar_astana_baku", "anadolu_saar_baku"]


def _snapshot(folder: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def test_bad_files_are_reported_by_name_and_the_rest_still_loads(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub folder").mkdir(parents=True)
    (corpus / "good.txt").write_bytes(ANADOLU.read_bytes())
    (corpus / "sub folder" / "مقال من الأرشيف.txt").write_bytes(ASTANA.read_text(encoding="utf-8").encode("utf-16"))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b" \n\t\r\n ")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (corpus / "garbage.txt").write_bytes(bytes(range(128, 256)) * 3)
    before = _snapshot(corpus)
    with pytest.warns(CorpusWarning) as caught:
        df = load_corpus(corpus)
    assert sorted(df.doc_id) == ["good", "sub folder/مقال من الأرشيف"]
    skipped = {Path(s["path"]).name: s["reason"] for s in df.attrs["skipped"]}
    assert skipped == {"blank.txt": "whitespace only", "empty.txt": "empty file",
                       "garbage.txt": "undecodable: no text encoding fits these bytes",
                       "image.txt": "binary file (contains NUL bytes)"}
    messages = [str(w.message) for w in caught]
    for name, reason in skipped.items():
        assert any(name in m and reason in m for m in messages), (name, messages)
    assert _snapshot(corpus) == before, "loading wrote into the input folder"


def test_corpus_warning_is_a_user_warning():
    assert issubclass(CorpusWarning, UserWarning)


def test_a_missing_file_is_reported_not_fatal(tmp_path):
    with pytest.warns(CorpusWarning, match="nope.txt: no such file"):
        df = load_corpus([ANADOLU, tmp_path / "nope.txt"])
    assert df.doc_id.tolist() == ["anadolu_saar_baku"]


def test_csv_and_jsonl_exports(tmp_path):
    pd.DataFrame({"id": ["a1", "a2"], "title": ["t1", "t2"],
                  "text": [read_text(ANADOLU), read_text(ASTANA)]}).to_csv(tmp_path / "export.csv", index=False)
    with open(tmp_path / "feed.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": 7, "text": "خبر قصير عن الاقتصاد."}, ensure_ascii=False) + "\n")
        f.write("{not json\n")
        f.write(json.dumps({"text": "خبر ثان."}, ensure_ascii=False) + "\n")
    with pytest.warns(CorpusWarning, match=r"feed.jsonl:2: invalid JSON \(Expecting property name"):
        df = load_corpus(tmp_path)
    # no id column: the row number, from 0 (for a .jsonl, the line), as python -m helpers process names it
    assert df.doc_id.tolist() == ["export/a1", "export/a2", "feed/7", "feed/2"]
    assert df.attrs["skipped"] == [{"path": str(tmp_path / "feed.jsonl:2"),
                                    "reason": "invalid JSON (Expecting property name enclosed in double quotes)"}]
    assert df.loc[0, "dateline"] == "القدس/ الأناضول"
    assert df.loc[1, "headline"] is None
    assert df.loc[0, "title"] == "t1"


def test_bad_lines_of_an_export_are_reported_alike_by_load_corpus_and_the_pipeline(tmp_path):
    """One export reader: load_corpus warns with, and lists, exactly the entries that
    iter_export_rows (python -m helpers process) gives, then its own for blank rows."""
    from helpers import iter_export_rows

    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        json.dumps({"id": "ok", "text": read_text(ASTANA)}, ensure_ascii=False),
        '{"text": "نص مقطوع"',
        json.dumps({"id": "no-text", "title": "عنوان"}, ensure_ascii=False),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "blank", "text": "  "}),
        json.dumps({"text": "خبر بلا رقم."}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    bad_lines = [
        {"path": f"{feed}:2", "reason": "invalid JSON (Expecting ',' delimiter)"},
        {"path": f"{feed}:3", "reason": "no text column (expected one of text, body, content, article)"},
        {"path": f"{feed}:5", "reason": "not a JSON object"},
    ]
    streamed: list[dict] = []
    assert [row[0] for row, _ in iter_export_rows(feed, "feed", streamed)] == ["feed/ok", "feed/blank", "feed/6"]
    assert streamed == bad_lines
    with pytest.warns(CorpusWarning) as caught:
        df = load_corpus(feed)
    assert df.doc_id.tolist() == ["feed/ok", "feed/6"]
    assert df.attrs["skipped"] == bad_lines + [{"path": f"{feed}#blank", "reason": "whitespace only"}]
    assert [str(w.message) for w in caught] == [f"skipped {s['path']}: {s['reason']}" for s in df.attrs["skipped"]]


def test_a_csv_without_text_column_is_skipped_with_reason(tmp_path):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("نص المقال.", encoding="utf-8")
    with pytest.warns(CorpusWarning, match="x.csv: no text column"):
        df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == ["ok"]


def test_everything_bad_gives_an_empty_frame_with_the_columns(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.warns(CorpusWarning):
        df = load_corpus(tmp_path)
    assert len(df) == 0 and "doc_id" in df.columns and "text" in df.columns


def test_a_20_mb_single_line_file_loads(tmp_path):
    line = " ".join(read_text(ANADOLU).split())
    big = (line + " ") * (20_000_000 // len(line.encode("utf-8")) + 1)
    path = tmp_path / "big.txt"
    path.write_text(big, encoding="utf-8")
    assert path.stat().st_size > 20_000_000
    df = load_corpus(path)
    assert len(df) == 1 and df.text[0] == big
    assert df.n_words[0] == count_words(big)


def test_save_table_writes_parquet_and_bom_csv_atomically(tmp_path):
    df = load_corpus(RAW)[["doc_id", "headline", "n_words"]]
    save_table(df, tmp_path / "out" / "articles.parquet")
    save_table(df, tmp_path / "out" / "articles.csv")
    raw = (tmp_path / "out" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "out" / "articles.csv", encoding="utf-8-sig")
    assert back.headline[0] == df.headline[0]
    back = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert back.doc_id.tolist() == df.doc_id.tolist() and back.n_words.tolist() == df.n_words.tolist()
    assert back.headline[0] == df.headline[0] and pd.isna(back.headline[1])  # None comes back as missing
    assert sorted(os.listdir(tmp_path / "out")) == ["articles.csv", "articles.parquet"]  # no temp files left
    with pytest.raises(ValueError):
        save_table(df, tmp_path / "out" / "articles.xlsx")
    assert sorted(os.listdir(tmp_path / "out")) == ["articles.csv", "articles.parquet"]


def test_saved_tables_get_the_usual_file_mode(tmp_path):
    mask = os.umask(0o022)
    try:
        path = save_table(load_corpus(ANADOLU)[["doc_id"]], tmp_path / "a.csv")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_nested_folders_load_in_the_order_the_pipeline_streams_them(tmp_path):
    """load_corpus and the command line find the same files, in the same order."""
    from helpers import iter_inputs
    for rel in ["a-b.txt", "a/b.txt", "a/c/d.txt", "b.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("نص قصير.", encoding="utf-8")
    (tmp_path / "a" / "scan.pdf").write_bytes(b"%PDF-1.7")
    with pytest.warns(CorpusWarning, match=r"scan.pdf: not a .txt/.csv/.jsonl file"):
        df = load_corpus(tmp_path)
    assert df.doc_id.tolist() == [d for _, d in iter_inputs(tmp_path)] == ["a/b", "a/c/d", "a-b", "b"]


# --------------------------------------------------------------------------- fast paths = the rules

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers.loading as loading  # noqa: E402
import helpers.loading.articles  # noqa: E402,F401  (the modules of the package, for their private names)
import helpers.loading.batches  # noqa: E402,F401
import helpers.loading.text  # noqa: E402,F401

PROPS = settings(max_examples=int(os.environ.get("LOADING_EXAMPLES", "300")), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
PIECES = list("اب تد.!?؟…\"”»’')]\n \t\u00a0\u2028\x1cأ:-–/(،") + [
    "د.", "أ.ب.", " x.", "3.5", "القدس/ الأناضول", "(أ ف ب)", "باكو - رويترز", "\n\n", "A. ", ". ", "  \n"]
article_texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, stripped: the rule of ``_lines`` written with a regex."""
    import re

    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line, stripped = m.group(), m.group().strip()
        if stripped:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _reference_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """split_sentences as first written: every end found by _SENT_END, the abbreviation looked
    for from the start of the line, the spaces after an end skipped one by one."""
    end = len(text) if end is None else end
    spans = []
    for line_start, line_end in _reference_lines(text[start:end]):
        line_start, line_end = line_start + start, line_end + start
        cur = line_start
        for m in loading.articles._SENT_END.finditer(text, line_start, line_end):
            if m.group().startswith(".") and len(m.group().rstrip("\"”»’')]")) == 1 \
                    and loading.articles._ABBREV.search(text, line_start, m.start()):
                continue
            spans.append((cur, m.end()))
            cur = m.end()
            while cur < line_end and text[cur].isspace():
                cur += 1
        if cur < line_end:
            spans.append((cur, line_end))
    return spans


@PROPS
@given(article_texts, st.integers(0, 200), st.integers(0, 200))
@example("أ. قال الوزير. ب. وأضاف", 0, 200)  # a one-letter abbreviation at the very start of the text
@example("نص\nأ. قال", 3, 200)  # … and at the start of a later line: not one (^ is the text's start)
@example("قال د.أ. شيئا. x.y. z", 0, 200)
def test_prop_lines_and_sentences_follow_the_rules(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    assert loading.articles._lines(text) == _reference_lines(text)
    assert split_sentences(text) == _reference_sentences(text)
    assert split_sentences(text, a, b) == _reference_sentences(text, a, b)
    for pa, pb in parse_article(text).paragraphs:
        assert split_sentences(text, pa, pb) == _reference_sentences(text, pa, pb)


def test_non_text_is_refused_as_before():
    for bad in (None, 3.5, b"bytes"):
        with pytest.raises(TypeError):
            parse_article(bad)
    with pytest.raises(TypeError, match="cannot use a string pattern on a bytes-like object"):
        split_sentences(b"abc. def", 0, 8)


def test_sentences_from_known_paragraphs_equal_sentences_frame():
    df = load_corpus(RAW)
    texts = df.text.tolist() + ["", "عنوان فقط", "د. قال.\n\nوأضاف"]
    ids = df.doc_id.tolist() + ["empty", "headline", "short"]
    frame = pd.DataFrame({"doc_id": ids, "text": pd.Series(texts, dtype=object)})
    paragraphs = [parse_article(t).paragraphs for t in texts]
    pd.testing.assert_frame_equal(loading.batches._sentences_frame(ids, texts, paragraphs), sentences_frame(frame))
    # the frame is built exactly as DataFrame(rows) would be, whatever the type of doc_id
    rows = [(d, i, 0, a, b, t[a:b]) for d, t in zip([1, 2], texts[:2])
            for i, (a, b) in enumerate(split_sentences(t, *parse_article(t).paragraphs[0]))]
    numbered = frame.iloc[:2].assign(doc_id=[1, 2])
    got = sentences_frame(numbered)
    assert got.dtypes.tolist() == pd.DataFrame(rows, columns=got.columns).dtypes.tolist()
    tupled = sentences_frame(frame.iloc[:2].assign(doc_id=pd.Series([("t", 1), ("t", 2)], dtype=object)))
    assert {type(d) for d in tupled.doc_id} == {tuple} and len(tupled) == len(got)  # an id is never split up
    empty = sentences_frame(frame.iloc[2:3])  # no sentence at all: object columns, as before
    pd.testing.assert_frame_equal(empty, pd.DataFrame([], columns=["doc_id", "sent_id", "para_id", "start", "end",
                                                                   "text"]))


@pytest.mark.parametrize("data", [
    b"", b"\x00abc", b"\xef\xbb\xbf\xd9\x86\xd8\xb5", b"\xff\xfe" + "نص".encode("utf-16-le"),
    "نص\r\nآخر\rثالث".encode(), "قال الوزير".encode("cp1256"), b"plain ascii\n", "نص".encode() + b"\xd9",
])
def test_decoding_fast_path_is_decode_bytes(data):
    try:
        want = loading.normalize_newlines(loading.decode_bytes(data))
    except UnreadableFile as err:
        with pytest.raises(UnreadableFile, match=re.escape(str(err))):
            loading.text._decode_text(data)
    else:
        assert loading.text._decode_text(data) == want


def _one_by_one(texts, paragraphs):
    rows = []
    for i, (text, paras) in enumerate(zip(texts, paragraphs)):
        n = 0
        for k, (a, b) in enumerate(paras):
            for s, e in split_sentences(text, a, b):
                rows.append((i, n, k, s, e, text[s:e]))
                n += 1
    return rows


@PROPS
@given(st.lists(article_texts, min_size=1, max_size=4), st.lists(st.integers(0, 200), max_size=6))
@example(["عنوان\n\nباكو - رويترز - قال د. أحمد شيئا.\nأ. وأضاف.  \n\n ب. نعم", "أ. قال!!\" لا…» نعم"], [])
@example(["أ. قال", "x.y. z"], [0, 2, 3, 6])  # spans that are not paragraphs: refused (touching), or split alike
@example(["قال.. ثم!", "(أ ف ب)...قال"], [0, 3, 4, 9])
def test_prop_sentences_of_a_whole_chunk_at_once(texts, cuts):
    """All sentences of a chunk found at once (numpy over the joined texts) are those that
    split_sentences finds paragraph by paragraph."""
    paragraphs = [parse_article(t).paragraphs for t in texts]
    joined = loading.batches.join_texts(texts)
    found = loading.batches._split_chunk(joined, texts, paragraphs)
    assert found is not None
    assert list(zip(*[c.tolist() for c in found[:5]], found[5])) == _one_by_one(texts, paragraphs)
    # other spans than paragraphs: refused, or split alike
    cuts = sorted(min(c, len(texts[0])) for c in cuts)
    other = [list(zip(cuts[::2], cuts[1::2]))] + paragraphs[1:]
    found = loading.batches._split_chunk(joined, texts, other)
    if found is not None:
        assert list(zip(*[c.tolist() for c in found[:5]], found[5])) == _one_by_one(texts, other)
    # and the words of each body, counted on the joined texts
    bodies = [parse_article(t).body for t in texts]
    assert loading.batches._count_words(joined, bodies) == [count_words(t[a:b]) for t, (a, b) in zip(texts, bodies)]


DATELINE_PIECES = ["القدس", "/", " ", "   ", "\t", "-", "--", "–", "—", "(", ")", "أ ف ب", "الأناضول", "رويترز", "CNN",
                   ":", ".", "،", "باكو", "دبي، الإمارات العربية المتحدة", "x" * 30, " " * 20, "3", "باريس (أ ف ب) -"]


@PROPS
@given(st.lists(st.sampled_from(DATELINE_PIECES), max_size=12).map("".join), st.integers(0, 100), st.integers(0, 100))
@example("x" * 40 + " " * 30 + "/ رويترز", 0, 100)  # the "/" far away, after a run of spaces
@example("x" * 41 + "/ رويترز", 0, 100)
def test_prop_dateline_prefilter_changes_no_match(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    for pos, end in ((0, len(text)), (a, b)):
        want, got = loading.DATELINE.match(text, pos, end), loading.match_dateline(text, pos, end)
        assert (want is None) == (got is None)
        assert want is None or (want.span(), want.groupdict()) == (got.span(), got.groupdict())


def test_big_frames_are_split_in_batches_with_the_same_result(monkeypatch):
    df = load_corpus(RAW)
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
                          "text": pd.Series([t[i * 37:] for i in range(20) for t in df.text], dtype=object)})
    whole = sentences_frame(frame)
    monkeypatch.setattr(loading.batches, "_BATCH", 5000)  # a few articles at a time
    pd.testing.assert_frame_equal(sentences_frame(frame), whole)
    rows, _, joined = loading.batches._article_rows(zip(frame.doc_id, frame.doc_id, frame.text))
    assert joined is None  # too big to join: counted text by text
    assert [r["n_words"] for r in rows] == [loading.article_row("d", "p", t)["n_words"] for t in frame.text]


def test_n_words_is_the_one_word_count_of_every_stage(tmp_path):
    """Punctuation alone is no word, diacritics and tatweel do not split one, numbers count: the
    same count for one article read alone, in a batch of many, and by comparing's count_words."""
    body = "قالَ الوزيـــرُ — «نعم» ... 360 مليون، Reuters !"
    (tmp_path / "a.txt").write_text("عنوان\n\n" + body, encoding="utf-8")
    for i in range(3):
        (tmp_path / f"b{i}.txt").write_text(f"عنوان {i}\n\nنص قصير .", encoding="utf-8")
    df = load_corpus(tmp_path).set_index("doc_id")
    assert df.loc["a", "n_words"] == 6 == helpers.count_words(body)
    assert df.loc[["b0", "b1", "b2"], "n_words"].tolist() == [2, 2, 2]


# --- issue 19: boundaries a refactor could move ---

from helpers import atomic_path  # noqa: E402  (here, so that merges of the imports above stay easy)


@pytest.mark.parametrize("bom, encoding", [
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # starts with the UTF-16 LE mark: must not be read as UTF-16
    (b"\x00\x00\xfe\xff", "utf-32-be"),
])
def test_read_text_decodes_utf32_with_a_byte_order_mark(tmp_path, seed_text, bom, encoding):
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(bom + seed_text.encode(encoding))
    assert read_text(path) == seed_text
    # Python's own "utf-32" codec writes the mark itself
    path.write_bytes(seed_text.encode("utf-32"))
    assert read_text(path) == seed_text


def test_atomic_path_writes_beside_the_target_and_moves_on_success(tmp_path):
    target = tmp_path / "out" / "articles.csv"
    with atomic_path(target) as tmp:
        assert tmp != target and tmp.parent == target.parent  # same folder: os.replace is atomic
        assert tmp.name.startswith(".articles.csv.") and tmp.suffix == ".tmp"
        tmp.write_text("doc_id,text\na,قال ساعر\n", encoding="utf-8")
        assert not target.exists()  # readers see nothing until the write is over
    assert target.read_text(encoding="utf-8") == "doc_id,text\na,قال ساعر\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["articles.csv"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_atomic_path_leaves_the_old_file_intact_on_failure(tmp_path):
    target = tmp_path / "articles.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"):
        with atomic_path(target) as tmp:
            tmp.write_text("half a new fi", encoding="utf-8")
            assert target.read_text(encoding="utf-8") == "old"
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.csv"]  # the temporary file is gone


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# what mutation testing (make mutation MODULE=loading) found untested

def _corpus_folder(root: Path) -> Path:
    """A small corpus as an outlet exports it: two articles (one in a subfolder), a hidden file,
    a file of another kind, an empty and a blank file, and metadata.csv."""
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("ساعر في باكو\n\nقال ساعر إن العلاقات جيدة.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("وأضاف أن التجارة نمت.", encoding="utf-8")
    (root / ".a.txt.swp").write_text("نسخة مؤقتة", encoding="utf-8")
    (root / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    (root / "notes.md").write_text("ملاحظات", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "blank.txt").write_text("  \n ", encoding="utf-8")
    # "NA" and "0012" stay the strings they are; zzz has no article
    (root / "metadata.csv").write_text("doc_id,outlet,code\na,NA,0012\nzzz,وكالة,1\n", encoding="utf-8")
    return root


def test_load_corpus_paths_metadata_and_skipped_files_exactly(tmp_path):
    root = _corpus_folder(tmp_path / "corpus")
    with pytest.warns(CorpusWarning) as caught:
        df = load_corpus(root)
    assert df[["doc_id", "path"]].values.tolist() == [["a", str(root / "a.txt")], ["sub/b", str(root / "sub" / "b.txt")]]
    assert df.columns.tolist()[-2:] == ["outlet", "code"]
    assert df["outlet"].tolist()[0] == "NA" and df["code"].tolist()[0] == "0012"
    assert df[["outlet", "code"]].iloc[1].isna().all()  # a left join: the article without metadata stays
    skipped = [{"path": str(root / "notes.md"), "reason": "not a .txt/.csv/.jsonl file"},
               {"path": str(root / "blank.txt"), "reason": "whitespace only"},
               {"path": str(root / "empty.txt"), "reason": "empty file"}]
    assert df.attrs["skipped"] == skipped
    assert [str(w.message) for w in caught] == [f"skipped {s['path']}: {s['reason']}" for s in skipped]
    # an explicit metadata file, and none
    assert load_corpus(root / "a.txt", metadata=root / "metadata.csv")["code"].tolist() == ["0012"]
    assert "outlet" not in load_corpus(root / "a.txt", metadata=False).columns


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ,
                    reason="mutmut's trampolines put one more frame between the caller and load_corpus")
def test_a_skipped_file_warning_points_at_the_callers_line(tmp_path):
    root = _corpus_folder(tmp_path / "corpus")
    with pytest.warns(CorpusWarning) as caught:
        load_corpus(root)
    assert [w.filename for w in caught] == [__file__] * 3


def test_find_metadata_looks_beside_the_folder_then_one_level_up(tmp_path):
    from helpers.loading import find_metadata
    root = _corpus_folder(tmp_path / "corpus")
    assert find_metadata(root) == root / "metadata.csv"
    assert find_metadata(root / "a.txt") == root / "metadata.csv"
    assert find_metadata(root / "sub") == root / "metadata.csv"
    assert find_metadata(root / "sub" / "b.txt") == root / "metadata.csv"
    assert find_metadata(tmp_path) is None
    assert find_metadata([root / "a.txt"]) is None


def test_a_metadata_csv_that_cannot_be_joined_is_reported_and_the_articles_still_load(tmp_path):
    """No doc_id column: the articles load without its columns, and the warning says why."""
    root = _corpus_folder(tmp_path / "corpus")
    (root / "metadata.csv").write_text("id,outlet\na,وكالة\n", encoding="utf-8")  # وكالة: agency
    with pytest.warns(CorpusWarning) as caught:
        df = load_corpus(root)
    assert df["doc_id"].tolist() == ["a", "sub/b"] and "outlet" not in df.columns
    entry = {"path": str(root / "metadata.csv"), "reason": "metadata not joined: no doc_id column"}
    assert df.attrs["skipped"][-1] == entry and len(df.attrs["skipped"]) == 4
    assert str(caught[-1].message) == f"skipped {entry['path']}: {entry['reason']}"


def test_read_metadata_decodes_as_the_articles_and_says_why_it_cannot(tmp_path):
    """Windows-1256 and UTF-16 tables are read as the articles are; an unreadable one raises its reason."""
    from helpers.loading import read_metadata
    rows = "doc_id,outlet,category\n" + "".join(f"JA-{i},جوهرة أف أم,أخبار وطنية\n" for i in range(5))
    cases = {"cp1256.csv": rows.encode("cp1256"), "utf16.csv": rows.encode("utf-16"),
             "ragged.csv": "doc_id,a\nx,1,2,3\ny,2\n".encode()}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    for name in ("cp1256.csv", "utf16.csv"):  # «جوهرة أف أم»: Jawhara FM; «أخبار وطنية»: national news
        assert read_metadata(tmp_path / name).values.tolist() == [[f"JA-{i}", "جوهرة أف أم", "أخبار وطنية"]
                                                                  for i in range(5)]
    with pytest.warns(pd.errors.ParserWarning, match="loss of data"):  # extra cells left out, said so
        assert read_metadata(tmp_path / "ragged.csv").values.tolist() == [["x", "1"], ["y", "2"]]
    bad = {"empty.csv": (b"", "empty file"), "blank.csv": (b"\n \n", "not a CSV table (No columns to parse from file)"),
           "quote.csv": (b'doc_id,a\n"x,1\n', "not a CSV table (Error tokenizing data. C error: EOF inside string "
                                               "starting at row 1)"),
           "id.csv": (b"id,a\nx,1\n", "no doc_id column")}
    for name, (data, reason) in bad.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UnreadableFile) as err:
            read_metadata(tmp_path / name)
        assert str(err.value) == reason
    with pytest.raises(UnreadableFile, match="^No such file or directory$"):
        read_metadata(tmp_path / "missing.csv")


def test_exports_ids_paths_empty_texts_and_bad_lines(tmp_path):
    root = tmp_path / "exports"
    root.mkdir()
    (root / "x.jsonl").write_text(
        '{"id": "a1", "text": "قال ساعر إن العلاقات جيدة."}\n{bad json\n\n{"id": "", "text": null}\n'
        '{"text": "وأضاف أن التجارة نمت.", "outlet": "وكالة"}\n', encoding="utf-8")
    (root / "y.csv").write_text("id,text,outlet\n7,قال علييف,أ\n,وأضاف,ب\n", encoding="utf-8")
    (root / "z.csv").write_text("title,outlet\nعنوان,أ\n", encoding="utf-8")
    with pytest.warns(CorpusWarning) as caught:
        df = load_corpus(root, metadata=False)
    assert df[["doc_id", "path", "text"]].values.tolist() == [
        ["x/a1", f"{root / 'x.jsonl'}#a1", "قال ساعر إن العلاقات جيدة."],
        ["x/4", f"{root / 'x.jsonl'}#4", "وأضاف أن التجارة نمت."],  # no id: its line's index
        ["y/7", f"{root / 'y.csv'}#7", "قال علييف"], ["y/1", f"{root / 'y.csv'}#1", "وأضاف"]]
    # one export reader (iter_export_rows) for load_corpus and the pipeline: one way to report
    assert df.attrs["skipped"] == [
        {"path": f"{root / 'x.jsonl'}:2", "reason": "invalid JSON (Expecting property name enclosed in double quotes)"},
        {"path": f"{root / 'x.jsonl'}#3", "reason": "empty text"},  # "text": null is an empty text
        {"path": str(root / "z.csv"), "reason": "no text column (expected one of text, body, content, article)"}]
    assert [str(w.message) for w in caught] == [f"skipped {s['path']}: {s['reason']}" for s in df.attrs["skipped"]]


def test_a_missing_file_is_skipped_with_the_system_reason(tmp_path):
    with pytest.warns(CorpusWarning):
        df = load_corpus([tmp_path / "gone.txt", tmp_path / "notes.md"])
    assert df.attrs["skipped"] == [{"path": str(tmp_path / "gone.txt"), "reason": "no such file"},
                                   {"path": str(tmp_path / "notes.md"), "reason": "no such file"}]
    (tmp_path / "notes.md").write_text("ملاحظات", encoding="utf-8")
    with pytest.warns(CorpusWarning):
        df = load_corpus([tmp_path / "notes.md"])
    assert df.attrs["skipped"] == [{"path": str(tmp_path / "notes.md"), "reason": "not a .txt/.csv/.jsonl file"}]


def test_save_table_writes_no_index_column(tmp_path):
    df = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [5, 7]}, index=[10, 11])
    for name in ("t.parquet", "t.csv"):
        save_table(df, tmp_path / name)
    assert pd.read_parquet(tmp_path / "t.parquet").columns.tolist() == ["doc_id", "n_words"]
    assert pd.read_parquet(tmp_path / "t.parquet").index.tolist() == [0, 1]
    assert (tmp_path / "t.csv").read_bytes() == "\ufeffdoc_id,n_words\na,5\nb,7\n".encode("utf-8")
    with pytest.raises(ValueError, match=re.escape("unsupported table format: .xlsx (use .parquet or .csv)")):
        save_table(df, tmp_path / "t.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]  # nothing left behind


def test_detect_encoding_of_a_prefix_cut_inside_a_character():
    from helpers.loading import decode_bytes, detect_encoding
    data = "قال الوزير إن العلاقات بين البلدين تشهد تطورا".encode("utf-8")
    assert detect_encoding(data) == "utf-8"
    assert detect_encoding(data[:-1], partial=True) == "utf-8"  # the first bytes of a bigger file
    with pytest.raises(UnreadableFile, match="undecodable"):
        detect_encoding(data[:-1])  # a whole file must end cleanly
    with pytest.raises(UnreadableFile, match=re.escape("not valid utf-16 (truncated data)")):
        decode_bytes(b"\xff\xfe" + "قال".encode("utf-16-le") + b"\x00")


# a headline of 26 real words, cut to the length each test needs
HEADLINE_WORDS = ("وزير خارجية إسرائيل يصل إلى باكو في زيارة تستمر يومين يلتقي خلالها الرئيس "
                  "الأذربيجاني إلهام علييف ووزير الخارجية جيهون بيراموف لبحث التعاون بمجالات الطاقة والأمن "
                  "والتجارة").split()
BODY = "وقال ساعر إن العلاقات بين البلدين تشهد تطورا كبيرا."


@pytest.mark.parametrize("n, blank_line, is_headline", [
    (15, False, True), (16, False, False),   # no blank line after it: at most 15 words
    (20, True, True), (25, True, True), (26, True, False),  # a blank line after it: at most 25
])
def test_headline_word_limits(n, blank_line, is_headline):
    assert len(HEADLINE_WORDS) == 26
    line = " ".join(HEADLINE_WORDS[:n])
    art = parse_article(line + ("\n\n" if blank_line else "\n") + BODY)
    assert art.headline == ((0, len(line)) if is_headline else None)


def test_subheadline_between_headline_and_a_dateline_alone_on_its_line():
    text = "ساعر في باكو\n\nزيارة تبحث التعاون في الطاقة\nباكو - رويترز"
    art = parse_article(text)
    assert (art.headline, art.subheadline, art.dateline, art.paragraphs) == ((0, 12), (14, 42), (43, 56), [])
    # more than 60 words is body text, not a subheadline
    long = " ".join((HEADLINE_WORDS * 3)[:61])
    art = parse_article("ساعر في باكو\n\n" + long + "\nباكو - رويترز\n" + BODY)
    assert art.subheadline is None and art.paragraphs[0] == (14, 14 + len(long))


def test_iter_inputs_leaves_out_excluded_folders_and_does_not_follow_links(tmp_path):
    from helpers.loading import iter_inputs
    root = _corpus_folder(tmp_path / "corpus")
    (root / "out").mkdir()
    (root / "out" / "a.txt").write_text("نسخة معالجة", encoding="utf-8")  # the pipeline's own output
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c.txt").write_text("مقال في مكان آخر", encoding="utf-8")
    (root / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    skipped: list[dict] = []
    found = [(str(p.relative_to(root)), doc_id) for p, doc_id in iter_inputs(root, skipped, exclude=[root / "out"])]
    assert found == [("a.txt", "a"), ("blank.txt", "blank"), ("empty.txt", "empty"), ("sub/b.txt", "sub/b")]
    assert skipped == [{"path": str(root / "notes.md"), "reason": "not a .txt/.csv/.jsonl file"}]
    assert [d for _, d in iter_inputs(root)] == ["a", "blank", "empty", "out/a", "sub/b"]


# texts that try every way a sentence can end: abbreviations (د. ، أ.ب.، U.S.), runs (... ؟!),
# closing marks after the end (." ») ' ؟)), numbers (3.5), a paragraph that starts with a mark
TRICKY = (
    "ساعر في باكو\n\n"
    "باكو - رويترز - قال د. جدعون ساعر إن العلاقات \"ممتازة\". وأضاف: «نعمل معا»! ثم غادر...\n"
    "هل تنمو التجارة؟! نعم، بنسبة 3.5 بالمئة (وفق الأرقام.) وقالت أ.ب. إن الوفد وصل.\n"
    "...وبعد ذلك قال U.S. officials: 'no comment.' ثم ب. ساعر، ثم انتهى؟\n"
    "ل. أخيرا  .  فقرة بنقطة منفصلة . ونهاية بلا نقطة\n"
    "  سطر بمسافات في أوله وآخره.   \n"
    "\"اقتباس كامل.\" (بين قوسين!) ’علامة‘. آخر جملة…"
)


def test_sentences_frame_is_split_sentences_paragraph_by_paragraph():
    """The chunk-wide sentence pass gives exactly what split_sentences gives on each paragraph."""
    unseen = ROOT / "data" / "annotations" / "unseen"
    texts = [ANADOLU.read_text(encoding="utf-8"), ASTANA.read_text(encoding="utf-8"), TRICKY,
             *(p.read_text(encoding="utf-8") for p in sorted(unseen.glob("*.txt")))]
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    rows = []
    for doc_id, text in zip(frame.doc_id, frame.text):
        n = 0
        for k, (a, b) in enumerate(parse_article(text).paragraphs):
            for s, e in split_sentences(text, a, b):
                rows.append((doc_id, n, k, s, e, text[s:e]))
                n += 1
    want = pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start", "end", "text"])
    got = sentences_frame(frame)
    pd.testing.assert_frame_equal(got, want)
    # and one article at a time: the same sentences
    alone = pd.concat([sentences_frame(frame.iloc[[i]]) for i in range(len(frame))], ignore_index=True)
    pd.testing.assert_frame_equal(alone, want)
    tricky = got[got.doc_id == "d2"].text.tolist()
    assert tricky[:6] == ['قال د. جدعون ساعر إن العلاقات "ممتازة".', "وأضاف: «نعمل معا»!", "ثم غادر...",
                          "هل تنمو التجارة؟!", "نعم، بنسبة 3.5 بالمئة (وفق الأرقام.)", "وقالت أ.ب. إن الوفد وصل."]


def test_article_row_and_the_corpus_columns_exactly():
    from helpers.loading import article_row
    text = "ساعر في باكو\n\nباكو - رويترز"  # a headline and a dateline, no body
    assert article_row("x", "x.txt", text) == {
        "doc_id": "x", "path": "x.txt", "text": text, "headline": "ساعر في باكو", "subheadline": None,
        "dateline": "باكو - رويترز", "body": "", "paragraphs": [], "n_words": 0}
    df = load_corpus(RAW)
    assert df.columns.tolist()[:9] == ["doc_id", "path", "text", "headline", "subheadline", "dateline", "body",
                                       "paragraphs", "n_words"]
    assert df["n_words"].dtype == "int64"
    assert df["n_words"].tolist() == [sum(len(p.split()) for p in ps) for ps in df["paragraphs"]]


def test_first_line_rules_a_dateline_and_a_single_line():
    body = "قال ساعر إن العلاقات بين البلدين تشهد تطورا."
    # a first line that is a dateline is not a headline
    art = parse_article("باكو - رويترز\n" + body)
    assert (art.headline, art.dateline, art.paragraphs) == (None, (0, 13), [(14, 14 + len(body))])
    # a single short line is body text: a headline needs something after it
    art = parse_article("ساعر في باكو")
    assert (art.headline, art.body, art.paragraphs) == (None, (0, 12), [(0, 12)])


def test_a_dateline_with_the_longest_place_name():
    # a place of 41 characters (the most a dateline's place may have), then a space and the dash
    place = "مدينة أبوظبي عاصمة الإمارات العربية المتح"
    assert len(place) == 41
    art = parse_article(place + " - رويترز - قال ساعر إن العلاقات جيدة.")
    assert art.dateline == (0, 50)
    assert parse_article(place + "ة - رويترز - قال ساعر.").dateline is None  # 42: too long


def test_split_sentences_of_a_span_over_several_paragraphs(seed_text):
    art = parse_article(seed_text)
    assert art.body[0] > 0 and "\n" in seed_text[slice(*art.body)]
    per_paragraph = [span for a, b in art.paragraphs for span in split_sentences(seed_text, a, b)]
    assert split_sentences(seed_text, *art.body) == per_paragraph
    assert split_sentences(seed_text, art.body[0] - 1, art.body[1]) == per_paragraph  # a space before: stripped


def test_find_dateline_outlet_looks_at_the_first_four_lines_only():
    from helpers.loading import find_dateline_outlet

    lines = ["عنوان الخبر", "عنوان فرعي", "سطر ثالث", "باكو - رويترز", "نص."]
    text = "\n".join(lines)
    a, b = find_dateline_outlet(text)
    assert (a, b) == (text.index("رويترز"), text.index("رويترز") + len("رويترز"))
    assert find_dateline_outlet("سطر\n" + text) is None  # now on the fifth line
    assert find_dateline_outlet("سطر\n" + text, lines=5) == (a + 4, b + 4)
    assert find_dateline_outlet("باكو/ الأناضول") == (6, 14)  # the first line, no newline after it
    assert find_dateline_outlet("القدس (أ ف ب)\nنص") == (7, 12)  # an agency in brackets
    assert find_dateline_outlet("الرياض - «الشرق الأوسط»") == (10, 22)  # between quote marks
    assert find_dateline_outlet("قال الوزير - كما نقلت رويترز عنه في تصريح طويل جدا - إن الزيارة ناجحة") is None
    assert find_dateline_outlet("") is None and find_dateline_outlet("\n\n\n\n\nباكو - رويترز") is None


def test_read_archive_reads_every_text_member_in_one_pass(tmp_path):
    import io
    import tarfile

    from helpers.loading import read_archive

    path = tmp_path / "corpus.tar.xz"
    legacy = "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا"  # long enough to detect its encoding
    members = {"c/b.txt": (legacy + "\r\n").encode("cp1256"), "c/a.txt": "باكو - رويترز".encode("utf-8"),
               "c/meta.csv": b"doc_id\n"}
    with tarfile.open(path, "w:xz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert read_archive(path) == {"c/b.txt": legacy + "\n", "c/a.txt": "باكو - رويترز"}  # archive order
    assert list(read_archive(path, suffix=".csv")) == ["c/meta.csv"]
    with tarfile.open(tmp_path / "bad.tar", "w") as tar:
        tar.addfile(tarfile.TarInfo("x/empty.txt"), io.BytesIO(b""))
    with pytest.raises(UnreadableFile, match=r"bad\.tar:x/empty\.txt: empty file"):
        read_archive(tmp_path / "bad.tar")
