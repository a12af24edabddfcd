"""Sourcing: reporting verbs and their stance, who they introduce, who is quoted and how much."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers._shared import word_table
from helpers.cleaning import normalize, normalize_with_offsets, to_raw_span

from .sentences import (
    _as_corpus, _check_annotations, _sentence_index, _words_per_doc, article_sentences, count_words,
)


_VERB_COLUMNS = ["form", "lemma", "gloss", "stance", "kind", "note"]

#: Reporting verbs and attribution phrases of Arabic news, with the stance they carry: the rows
#: of ``data/patterns/reporting_verbs.csv`` (its header says what each column means), as tuples
#: ``(form, lemma, gloss, stance, kind, note)``. ``stance``: ``neutral`` (reports speech: قال،
#: أضاف), ``attribution`` (names a source: بحسب، وفقا ل), ``interpretive`` (the writer sums up
#: what the speaker means: معتبرا، واصفا، في إشارة إلى), ``editorial`` (the writer judges the
#: statement or distances the outlet from it: زاعما، مدعيا، وفق تعبيره، في لهجة تصعيدية).
#: ``kind``: ``finite`` verb (has its own subject), ``participle`` (a حال that takes the subject
#: of the verb before it: مشيرا، زاعما) or ``phrase``. Extend it with your own rows in that file,
#: or pass your own table to :func:`find_reporting_verbs`.
REPORTING_VERBS: tuple[tuple[str, str, str, str, str, str], ...] = tuple(
    tuple(row[c] for c in _VERB_COLUMNS) for row in word_table("reporting_verbs"))
#: Forms of the table that are as often a common noun (``ambiguous`` column: كتب books, طالب
#: student …): :func:`find_reporting_verbs` matches without context, so by default it leaves them out.
AMBIGUOUS_FORMS: frozenset[str] = frozenset(row["form"] for row in word_table("reporting_verbs") if row["ambiguous"])


def reporting_verbs_table() -> pd.DataFrame:
    """:data:`REPORTING_VERBS` as a frame, with ``editorial`` = stance is ``editorial``.

    >>> t = reporting_verbs_table()
    >>> t.set_index("form").loc["زاعما", ["gloss", "stance"]].tolist()
    ['claiming', 'editorial']
    >>> sorted(t[t.editorial].lemma.unique())[:3]
    ['ادعى', 'اعترف', 'تجاهل']
    """
    t = pd.DataFrame(list(REPORTING_VERBS), columns=_VERB_COLUMNS)
    return t.assign(editorial=t["stance"].eq("editorial"))


def _verb_pattern(table: pd.DataFrame) -> tuple[re.Pattern, dict[str, int]]:
    """One regex for every form (longest first), on normalized text, and form → table row."""
    forms: dict[str, int] = {}
    for i, form in enumerate(table["form"]):
        forms.setdefault(" ".join(normalize(form).split()), i)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<conj>[وف]?)(?P<form>{body})(?!\w)"), forms


def find_reporting_verbs(text: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting verbs and attribution phrases in ``text``, with their stance.

    Matching is on normalized text (hamza and diacritics do not matter; a leading و or ف
    is allowed) and spans are mapped back to the raw text. The default table is
    :func:`reporting_verbs_table` without the :data:`AMBIGUOUS_FORMS` (forms as often nouns). The longest form wins
    (``وفق تعبيره`` before ``وفق``). Columns: ``start``, ``end``, ``text`` (raw),
    ``form``, ``lemma``, ``gloss``, ``stance``, ``kind``, ``editorial``.

    >>> v = find_reporting_verbs("وأضاف الوزير، زاعما أن الاستقرار لن يتحقق، وفق تعبيره.")
    >>> v[["text", "lemma", "editorial"]].values.tolist()
    [['وأضاف', 'أضاف', False], ['زاعما', 'زعم', True], ['وفق تعبيره', 'تعبير', True]]
    """
    if table is None:
        table = reporting_verbs_table()
        table = table[~table["form"].isin(AMBIGUOUS_FORMS)].reset_index(drop=True)
    else:
        table = table.assign(editorial=table["stance"].eq("editorial"))
    pat, forms = _verb_pattern(table)
    norm, offsets = normalize_with_offsets(text)
    rows = []
    for m in pat.finditer(norm):
        form_key = re.sub(r"\s+", " ", m.group("form"))
        row = table.iloc[forms[form_key]]
        s, e = to_raw_span(offsets, m.start(), m.end())
        rows.append((s, e, text[s:e], row["form"], row["lemma"], row["gloss"], row["stance"],
                     row["kind"], bool(row["editorial"])))
    out = pd.DataFrame(rows, columns=["start", "end", "text", "form", "lemma", "gloss", "stance",
                                      "kind", "editorial"])
    return out.astype({"start": "int64", "end": "int64", "editorial": bool})


def sourcing_table(corpus: pd.DataFrame | str, annotations: pd.DataFrame, *,
                   table: pd.DataFrame | None = None, window: int = 40) -> pd.DataFrame:
    """Every reporting verb of every article, with the speaker it introduces.

    The speaker is found from the annotations (columns as :func:`helpers.annotate`
    gives: ``start``, ``end``, ``label``, ``canonical``, ``speaker``; ``doc_id`` too when
    there are several articles):

    * a finite verb (``قال``, ``أعلن``) takes the person (``PER``) or organisation (``ORG``)
      named right after it (``وقال ساعر``, ``قالت الرئاسة``), else the one named right
      before it (``ساعر قال``, ``ترامب قد أعلن``), else the first one named within
      ``window`` characters after it in the same sentence (``أعلن وزير الخارجية … جدعون
      ساعر``), else the speaker of the first quotation (``QUOTE``) after it in the
      sentence, else the speaker of the previous verb (``وأضاف:`` continues the last speaker);
    * a participle (``مشيرا``, ``زاعما``) and a phrase (``وفق تعبيره``) take the speaker of
      the verb before them in the same sentence, else the next quotation's speaker;
    * an attribution (``بحسب``, ``وفقا ل``) takes the person or organisation named after it
      before the clause ends (the source: ``بحسب ساعر``, ``وفق بيان صادر عن وزارة …``);
      none when the source is not a name the annotator knows (``بحسب الوزارة``).

    Columns: ``doc_id``, ``sent_id``, the columns of :func:`find_reporting_verbs`,
    ``speaker`` (``None`` when nothing fits) and ``sentence`` (raw text).

    >>> text = "وقال ساعر إن التعاون مهم. وأضاف أن التجارة نمت."
    >>> ann = pd.DataFrame({"start": [5], "end": [9], "label": ["PER"], "canonical": ["جدعون ساعر"]})
    >>> sourcing_table(text, ann)[["text", "speaker"]].values.tolist()
    [['وقال', 'جدعون ساعر'], ['وأضاف', 'جدعون ساعر']]
    """
    corpus = _as_corpus(corpus, "doc")
    ann = _check_annotations(annotations)
    rows = []
    for did, text in zip(corpus["doc_id"], corpus["text"]):
        a = ann[ann["doc_id"].eq(did)] if "doc_id" in ann.columns else ann
        verbs = find_reporting_verbs(text, table)
        if verbs.empty:
            continue
        sents = article_sentences(pd.DataFrame({"doc_id": [did], "text": [text]}))
        verbs = verbs.assign(sent_row=_sentence_index(sents, verbs["start"].to_numpy()))
        sources = _named(a[a["label"].isin(["PER", "ORG"])], "canonical")
        sources_end = sources.assign(end=a.loc[sources.index, "end"].astype("int64")).sort_values("end")
        quotes = _named(a[a["label"].eq("QUOTE")], "speaker")
        last_speaker: str | None = None  # the last speaker of the article so far
        sent_speaker: dict[int, str] = {}  # the last speaker of each sentence
        for v in verbs.itertuples(index=False):
            if v.sent_row < 0:
                continue  # a verb in the dateline
            sent = sents.iloc[v.sent_row]
            s_end = int(sent["end"])
            if v.stance == "attribution":
                stop = _CLAUSE_END.search(text, v.end, s_end)
                speaker = _first_between(sources, v.end, min(v.end + window, stop.start() if stop else s_end))
            elif v.kind == "finite":
                speaker = (_first_between(sources, v.end, _skip_space(text, v.end, s_end) + 1)
                           or _subject_before(sources_end, text, v.start, int(sent["start"]))
                           or _first_between(sources, v.end, min(v.end + window, s_end))
                           or _first_between(quotes, v.end, s_end) or last_speaker)
            else:
                speaker = (sent_speaker.get(v.sent_row) or _first_between(quotes, v.end, s_end)
                           or last_speaker)
            if v.stance != "attribution" and speaker:
                sent_speaker[v.sent_row] = last_speaker = speaker
            rows.append((did, int(sent["sent_id"]), v.start, v.end, v.text, v.form, v.lemma, v.gloss,
                         v.stance, v.kind, v.editorial, speaker, sent["text"]))
    cols = ["doc_id", "sent_id", "start", "end", "text", "form", "lemma", "gloss", "stance", "kind",
            "editorial", "speaker", "sentence"]
    return pd.DataFrame(rows, columns=cols)


def _named(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """``start`` and ``name`` (from ``col``, else the span's text) of annotation rows, by start."""
    name = frame[col].where(frame[col].notna() & frame[col].astype(str).ne(""), None)
    if col == "canonical":
        name = name.where(name.notna(), frame["text"])
    out = pd.DataFrame({"start": frame["start"].astype("int64"), "name": name})
    return out[out["name"].notna()].sort_values("start")


_CLAUSE_END = re.compile(r"[،,.:;؛!?؟\"“”«»()]")
_PRE_VERB = re.compile(r"\s*(?:(?:قد|لقد)\s+)?")


def _subject_before(named_by_end: pd.DataFrame, text: str, verb_start: int, sent_start: int) -> str | None:
    """A name that ends right before the verb (``ساعر قال``, ``ترامب قد أعلن``), else ``None``."""
    ends = named_by_end["end"].to_numpy()
    i = int(np.searchsorted(ends, verb_start, side="right")) - 1
    if i < 0 or ends[i] < sent_start:
        return None
    if _PRE_VERB.fullmatch(text, int(ends[i]), verb_start):
        return str(named_by_end["name"].iloc[i])
    return None


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _first_between(named: pd.DataFrame, lo: int, hi: int) -> str | None:
    """Name of the first row of :func:`_named` starting in ``[lo, hi)``."""
    i = int(np.searchsorted(named["start"].to_numpy(), lo, side="left"))
    if i < len(named) and int(named["start"].iloc[i]) < hi:
        return str(named["name"].iloc[i])
    return None


def quotes_by_speaker(annotations: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who is quoted directly and how much, per article.

    From the ``QUOTE`` rows of the annotations: ``doc_id``, ``speaker`` (``"(unattributed)"``
    when the annotator found none), ``quotes`` (number of quotations), ``words`` (words
    inside them, counted by :func:`count_words`) and ``share`` (fraction of the article's quoted
    words); with ``corpus`` also ``per_1000``: quoted words per 1,000 words of the article's
    headline, subheadline and body (where the quotations are found; the dateline is not counted).

    >>> ann = pd.DataFrame({"label": ["QUOTE", "QUOTE", "PER"], "start": [0, 20, 40], "end": [10, 30, 44],
    ...                     "text": ["نسعى إلى التعاون", "شكرا", "ساعر"], "speaker": ["ساعر", "ساعر", None]})
    >>> quotes_by_speaker(ann)[["speaker", "quotes", "words"]].values.tolist()
    [['ساعر', 2, 4]]
    """
    ann = _check_annotations(annotations)
    q = ann[ann["label"].eq("QUOTE")]
    if "doc_id" not in q.columns:
        q = q.assign(doc_id="doc")
    q = q.assign(speaker=q["speaker"].where(q["speaker"].notna() & q["speaker"].astype(str).ne(""),
                                            "(unattributed)").astype(str),
                 words=q["text"].astype(str).map(count_words).astype("int64"))
    if q.empty:
        cols = ["doc_id", "speaker", "quotes", "words", "share"] + (["per_1000"] if corpus is not None else [])
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("quotes", "words") else
                                          "float64" if c in ("share", "per_1000") else object) for c in cols})
    out = (q.groupby(["doc_id", "speaker"], sort=False)
           .agg(quotes=("words", "size"), words=("words", "sum")).reset_index())
    out = out.assign(share=(out["words"] / out.groupby("doc_id")["words"].transform("sum")).round(3))
    if corpus is not None:
        n = _words_per_doc(corpus)
        out = out.assign(per_1000=(out["words"] / out["doc_id"].map(n) * 1000).round(1))
    return (out.sort_values(["doc_id", "words", "speaker"], ascending=[True, False, True])
            .reset_index(drop=True).astype({"quotes": "int64", "words": "int64"}))
