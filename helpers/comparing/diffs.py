"""What changed word by word inside the sentences two articles share."""
from __future__ import annotations

import difflib
import html
from typing import Iterable

import pandas as pd

from helpers.cleaning import tokenize

from .sentences import KEY
from .views import HtmlView, _DIFF_CSS


def diff_words(a: str, b: str) -> pd.DataFrame:
    """Word-level edit script turning sentence ``a`` into sentence ``b``.

    Words are compared in normalized form (diacritics, alef forms, curly vs straight
    quotes and the two Arabic commas do not count as edits); offsets are into the raw
    strings. One row per operation: ``op`` (``equal``, ``replace``, ``delete``,
    ``insert``), ``a_start``, ``a_end``, ``a_text``, ``b_start``, ``b_end``, ``b_text``.

    >>> d = diff_words("غادر ساعر إسرائيل أمس", "غادر ساعر الاحتلال أمس")
    >>> d[d.op != "equal"][["op", "a_text", "b_text"]].values.tolist()
    [['replace', 'إسرائيل', 'الاحتلال']]
    """
    ta, tb = tokenize(a), tokenize(b)
    ka, kb = [KEY(t.text) for t in ta], [KEY(t.text) for t in tb]
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        as_, ae = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else ((ta[i1].start if i1 < len(ta) else len(a)),) * 2
        bs, be = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else ((tb[j1].start if j1 < len(tb) else len(b)),) * 2
        rows.append((op, as_, ae, a[as_:ae], bs, be, b[bs:be]))
    return pd.DataFrame(rows, columns=["op", "a_start", "a_end", "a_text", "b_start", "b_end", "b_text"])


def _marked(text: str, spans: Iterable[tuple[int, int]], tag: str) -> str:
    """``text`` escaped, with each ``[start, end)`` span wrapped in ``<tag>``."""
    out, cur = [], 0
    for s, e in spans:
        if e <= s:
            continue
        out.append(html.escape(text[cur:s]))
        out.append(f"<{tag}>{html.escape(text[s:e])}</{tag}>")
        cur = e
    out.append(html.escape(text[cur:]))
    return "".join(out)


def diff_html(a: str, b: str) -> tuple[str, str]:
    """The two sentences as escaped HTML, words only in ``a`` in ``<del>``, only in ``b`` in ``<ins>``.

    >>> diff_html("غادر ساعر إسرائيل", "غادر ساعر الاحتلال")
    ('غادر ساعر <del>إسرائيل</del>', 'غادر ساعر <ins>الاحتلال</ins>')
    >>> diff_html("<b>", "x")[0]
    '<del>&lt;b&gt;</del>'
    """
    d = diff_words(a, b)
    changed = d[d.op != "equal"]
    return (_marked(a, zip(changed.a_start, changed.a_end), "del"),
            _marked(b, zip(changed.b_start, changed.b_end), "ins"))


def shared_passages(alignment: pd.DataFrame, *, names: tuple[str, str] | None = None) -> HtmlView:
    """Aligned sentence pairs side by side, right to left, with word-level edits highlighted.

    ``alignment`` is the frame of :func:`align_sentences`. Words present only in the
    first article are struck through in red, words only in the second are green; the
    text is escaped (it is untrusted input) and every cell is ``dir="rtl"``.

    >>> al = align_sentences("غادر ساعر إسرائيل أمس في جولة.", "غادر ساعر الاحتلال أمس في جولة.")
    >>> v = shared_passages(al)
    >>> "<ins>الاحتلال</ins>" in v.html, 'dir="rtl"' in v.html
    (True, True)
    """
    na, nb = names or ("A", "B")
    head = (f'<tr><th>{html.escape(str(na))}</th><th>{html.escape(str(nb))}</th>'
            '<th dir="ltr">score</th></tr>')
    rows = []
    for r in alignment.itertuples(index=False):
        ha, hb = diff_html(r.a_text, r.b_text)
        rows.append(f'<tr><td dir="rtl" lang="ar">{ha}<br><small dir="ltr">{html.escape(str(r.a_doc))} '
                    f'#{int(r.a_sent)} [{int(r.a_start)}:{int(r.a_end)}]</small></td>'
                    f'<td dir="rtl" lang="ar">{hb}<br><small dir="ltr">{html.escape(str(r.b_doc))} '
                    f'#{int(r.b_sent)} [{int(r.b_start)}:{int(r.b_end)}]</small></td>'
                    f'<td dir="ltr">{float(r.score):.2f}</td></tr>')
    legend = ('<p dir="ltr"><del>struck, red</del>: words only in the first article · '
              '<ins>green</ins>: words only in the second</p>')
    table = f'<table class="anc-diff" dir="rtl">{head}{"".join(rows)}</table>'
    return HtmlView(_DIFF_CSS + legend + table, f"{len(alignment)} aligned sentence pairs")


def changed_words(alignment: pd.DataFrame, *, stopwords: bool = False) -> pd.DataFrame:
    """Which words the second article drops and adds inside the sentences it shares.

    Runs :func:`diff_words` on every aligned pair and counts, per normalized word, how
    often it is ``removed`` (only in the ``a`` sentence) and ``added`` (only in ``b``);
    ``word`` is its most frequent spelling (``الاحتلال`` and ``احتلال`` count as one word), with ``pairs``: the aligned pairs (``a_sent→b_sent``) where it happens. Punctuation is
    ignored; stopwords too unless ``stopwords=True``. Sorted by ``removed + added``.
    A word removed in one place and added in another is how a systematic substitution
    (one name for another) shows up.

    >>> al = align_sentences("غادر ساعر إسرائيل أمس في جولة.", "غادر ساعر الاحتلال أمس في جولة.")
    >>> changed_words(al)[["word", "removed", "added"]].values.tolist()
    [['إسرائيل', 1, 0], ['الاحتلال', 0, 1]]
    """
    from helpers.cleaning import is_stopword

    from collections import Counter

    counts: dict[str, list] = {}  # key → [removed, added, pairs, surfaces]
    for r in alignment.itertuples(index=False):
        pair = f"{r.a_sent}→{r.b_sent}"
        d = diff_words(r.a_text, r.b_text)
        for op in d[d.op != "equal"].itertuples(index=False):
            for side, text in ((0, op.a_text), (1, op.b_text)):
                for tok in tokenize(text):
                    w = KEY(tok.text)
                    if not any(ch.isalnum() for ch in w) or (not stopwords and is_stopword(tok.text)):
                        continue
                    w = w[2:] if w.startswith("ال") and len(w) > 4 else w  # الاحتلال ~ احتلال
                    entry = counts.setdefault(w, [0, 0, [], Counter()])
                    entry[side] += 1
                    entry[3][tok.text] += 1
                    if pair not in entry[2]:
                        entry[2].append(pair)
    out = pd.DataFrame([(sorted(f.items(), key=lambda x: (-x[1], x[0]))[0][0], r, a, ", ".join(p))
                        for r, a, p, f in counts.values()],
                       columns=["word", "removed", "added", "pairs"])
    out = out.astype({"removed": "int64", "added": "int64"})
    total = out["removed"] + out["added"]
    return (out.assign(_t=total).sort_values(["_t", "removed", "word"], ascending=[False, False, True])
            .drop(columns="_t").reset_index(drop=True))
