"""Loading, one article: its parts (headline, subheadline, dateline, body, paragraphs), its
sentences, and its row of the corpus frame, all as offsets into the raw text.

>>> parse_article("عنوان قصير\\n\\nنص المقال.").headline
(0, 10)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .._shared import count_words, word_list

ARTICLE_COLUMNS = [
    "doc_id", "path", "text", "headline", "subheadline", "dateline",
    "body", "paragraphs", "n_words",
]

# --------------------------------------------------------------------------- structure

#: News agencies and outlets that sign Arabic datelines (``data/patterns/agencies.txt``). Extend freely.
AGENCIES: list[str] = list(word_list("agencies"))
_AGENCY = "|".join(sorted((re.escape(a) for a in set(AGENCIES)), key=len, reverse=True))
_PLACE = r"[^\s\d.!؟?:\"“”«»()\-–—/،,][^\n.!؟?:\"“”«»()\-–—/]{0,40}?"  # a short place name
_DASH = r"(?:--|[-–—])"
_OUTLET = rf"(?:[«\"“]?(?:{_AGENCY})[»\"”]?)"  # an agency, perhaps between quote marks
_OUTLET_RE = re.compile(rf"(?<![^\s(/«\"“\-–—])({_AGENCY}|[A-Z]{{2,6}})(?=[\s)»\"”]|$)")
# A dateline that stands at the start of a paragraph (alone, or followed by the body):
#   القدس/ الأناضول | باكو - رويترز | لندن - العربية.نت | (أ ف ب) | باريس (أ ف ب) -
#   دبي، الإمارات العربية المتحدة (CNN) --
DATELINE = re.compile(
    rf"""(?P<dateline>
        (?:{_PLACE}\s*/\s*{_OUTLET})                      # city/ agency
      | (?:{_PLACE}\s*{_DASH}\s*{_OUTLET})                # city - agency (or «agency»)
      | (?:(?:{_PLACE}\s*)?\(\s*(?:{_AGENCY}|[A-Z]{{2,6}})\s*\))  # [city] (agency)
    )(?P<sep>\s*(?:{_DASH}|:)?\s*|\s*$)""",
    re.VERBOSE,
)
_FINAL_PUNCT = tuple(".!?؟…:؛\"”»")
# Every dateline has a "/", a dash or a "(" after a place of at most 41 characters and spaces:
# a line without one there cannot start with a dateline (the regex need not try).
_DATELINE_SEP = re.compile(r"[/\-–—(]")
_DATELINE_FAR_SEP = re.compile(r"\s+[/\-–—(]")


def match_dateline(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """:data:`DATELINE` matched at ``pos`` (a line start), quickly ``None`` for a line that cannot hold one.

    >>> match_dateline("باكو - رويترز").group("dateline")
    'باكو - رويترز'
    >>> match_dateline("قال الوزير إن الزيارة - كما قال - ناجحة") is None
    True
    """
    endpos = len(text) if endpos is None else endpos
    if _DATELINE_SEP.search(text, pos, min(endpos, pos + 42)) or _DATELINE_FAR_SEP.match(text, pos + 41, endpos):
        return DATELINE.match(text, pos, endpos)
    return None


def find_dateline_outlet(text: str, *, lines: int = 4) -> tuple[int, int] | None:
    """The ``[start, end)`` of the outlet that signs the dateline among the first ``lines`` lines.

    The one dateline recogniser of the project: :func:`parse_article` uses :func:`match_dateline`
    to cut the dateline off the body, and the annotating stage marks this span as an ORG.

    >>> text = "عنوان\\nالرياض - «الشرق الأوسط»\\nنص."
    >>> a, b = find_dateline_outlet(text); text[a:b]
    'الشرق الأوسط'
    """
    pos = 0
    for _ in range(lines):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        m = match_dateline(text, pos, end)
        if m:
            outlets = list(_OUTLET_RE.finditer(text, m.start("dateline"), m.end("dateline")))
            if outlets:
                return outlets[-1].span(1)
        if end == len(text):
            return None
        pos = end + 1
    return None


HEADLINE_MAX_WORDS = 25
SUBHEADLINE_MAX_WORDS = 60


@dataclass(frozen=True)
class Article:
    """The parts of one article, each as ``(start, end)`` offsets into its raw text.

    ``None`` means the part is absent. ``paragraphs`` lists the body paragraphs.
    """

    headline: tuple[int, int] | None = None
    subheadline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None
    body: tuple[int, int] = (0, 0)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, stripped of surrounding spaces."""
    if not isinstance(text, str):
        return [m.span() for m in re.finditer(r"[^\n]+", text)]  # raises the usual TypeError
    spans = []
    pos = 0
    for line in text.split("\n"):  # one C call, then only the non-blank lines cost anything
        n = len(line)
        if n:
            if not line[0].isspace() and not line[-1].isspace():  # stripped already (most lines)
                spans.append((pos, pos + n))
            else:
                rest = line.lstrip()
                if rest:
                    start = pos + n - len(rest)
                    spans.append((start, start + len(rest.rstrip())))
        pos += n + 1
    return spans


_BLANK_AFTER = re.compile(r"[ \t]*\n[ \t]*(\n|$)")


def _is_blank_after(text: str, end: int) -> bool:
    """True when the line ending at ``end`` is followed by an empty line."""
    return bool(_BLANK_AFTER.match(text, end, end + 200))  # as on text[end:end + 200]


def _more_words_than(s: str, n: int) -> bool:
    """``len(s.split()) > n``, without splitting the rest of a long line."""
    return len(s.split(None, n)) > n


def _looks_like_headline(text: str, span: tuple[int, int], next_span: tuple[int, int] | None) -> bool:
    line = text[span[0]:span[1]]
    if _more_words_than(line, HEADLINE_MAX_WORDS) or next_span is None:
        return False
    if match_dateline(text, span[0], span[1]):  # as on the line alone: the regex looks at nothing before it
        return False
    if _is_blank_after(text, span[1]):
        return not line.endswith(".")
    # no blank line: only a short line without final punctuation counts
    return not _more_words_than(line, 15) and not line.endswith(_FINAL_PUNCT)


def parse_article(text: str) -> Article:
    """Find headline, subheadline, dateline, body and paragraphs in a news article.

    * headline: a short first line followed by a blank line (or by a line break when it
      is short and has no final punctuation); an article whose first line is already
      body text (long, or ending a sentence, as in the second seed) has headline ``None``;
    * dateline: ``القدس/ الأناضول``, ``باكو - رويترز``, ``(أ ف ب)``,
      ``دبي، الإمارات العربية المتحدة (CNN) --`` … alone on a line or opening a paragraph;
    * subheadline: the paragraph between the headline and a dateline;
    * paragraphs: every non-blank line of the body (blank lines and single newlines
      both separate paragraphs).

    >>> a = parse_article("عنوان قصير\\n\\nباكو - رويترز - قال الوزير شيئا.\\nوأضاف.")
    >>> a.headline, a.dateline, len(a.paragraphs)
    ((0, 10), (12, 25), 2)
    """
    lines = _lines(text)
    if not lines:
        return Article(body=(len(text), len(text)))
    i = 0
    headline = subheadline = dateline = None
    nxt = lines[1] if len(lines) > 1 else None
    if _looks_like_headline(text, lines[0], nxt):
        headline, i = lines[0], 1
    # a subheadline sits between the headline and a dateline
    if headline is not None and i + 1 < len(lines):
        cand, after = lines[i], lines[i + 1]
        if not _more_words_than(text[cand[0]:cand[1]], SUBHEADLINE_MAX_WORDS) \
                and match_dateline(text, after[0], after[1]):
            subheadline, i = cand, i + 1
    paragraphs = list(lines[i:])
    if paragraphs:
        first = paragraphs[0]
        m = match_dateline(text, first[0], first[1])
        if m:
            dateline = (m.start("dateline"), m.start("dateline") + len(m.group("dateline").rstrip()))
            rest = m.end()
            if rest >= first[1]:
                paragraphs = paragraphs[1:]  # the dateline stands alone on its line
            else:
                paragraphs[0] = (rest, first[1])
    body = (paragraphs[0][0], paragraphs[-1][1]) if paragraphs else (len(text), len(text))
    return Article(headline, subheadline, dateline, body, paragraphs)


# Sentences end at . ! ? ؟ … (possibly repeated, possibly followed by closing quotes
# or brackets) when whitespace or the end of the paragraph follows.
_SENT_PUNCT = ".!?؟…"
_SENT_CLOSERS = "\"”»’')]"
_SENT_END = re.compile(f"[{re.escape(_SENT_PUNCT)}]+[{re.escape(_SENT_CLOSERS)}]*(?=\\s|$)")
_ABBREV = re.compile(r"(?:^|\s)(?:[\u0621-\u064A]|[A-Za-z]|[\u0621-\u064A]\.[\u0621-\u064A])$")
# The same ends, with the whitespace after them (skipped before the next sentence): a match
# starts with punctuation, so skipping whitespace never changes which ends are found.
_SENT_END_WS = re.compile(f"({_SENT_END.pattern})\\s*")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences, as ``(start, end)`` offsets into ``text``.

    Splits on ``. ؟ ! … ?`` and line ends; a decimal point (``3.5``, ``1.6 بليون``), a
    decimal comma (``4,3``) and a one-letter abbreviation (``د.`` for doctor) do not end
    a sentence.

    >>> s = "قال د. أحمد إن النمو بلغ 3.5 بالمئة. وأضاف: هذا جيد!"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['قال د. أحمد إن النمو بلغ 3.5 بالمئة.', 'وأضاف: هذا جيد!']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg = text[start:end]
    if isinstance(seg, str) and seg and "\n" not in seg and not seg[0].isspace() and not seg[-1].isspace():
        _split_line(text, start, end, spans)  # already one stripped line (a paragraph)
        return spans
    for line_start, line_end in _lines(seg):
        _split_line(text, line_start + start, line_end + start, spans)
    return spans


def _split_line(text: str, line_start: int, line_end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of the stripped line ``text[line_start:line_end]`` to ``spans``."""
    cur = line_start
    for m in _SENT_END_WS.finditer(text, line_start, line_end):
        s = m.start()
        e = m.end(1)
        # a lone "." (closers may follow) after a one-letter word is an abbreviation: د.
        # _ABBREV matches at most 4 characters before the ".", so search only those
        if text[s] == "." and (e == s + 1 or text[s + 1] not in _SENT_PUNCT) \
                and _ABBREV.search(text, max(line_start, s - 4), s):
            continue
        spans.append((cur, e))
        cur = m.end()  # the whitespace after the end belongs to no sentence
    if cur < line_end:
        spans.append((cur, line_end))



def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows of :func:`article_row` → the article columns of :func:`load_corpus`: object columns
    (they keep ``None`` where a part is absent), ``n_words`` as int64."""
    df = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in ARTICLE_COLUMNS})
    df["n_words"] = df["n_words"].astype("int64")
    return df


def article_row(doc_id: str, path: str, text: str) -> dict:
    """One corpus row for a raw text: its parts, paragraphs and word count.

    >>> article_row("x", "x.txt", "عنوان\\n\\nنص المقال هنا.")["n_words"]
    3
    """
    row = _article_fields(doc_id, path, text, parse_article(text))
    row["n_words"] = sum([count_words(p) for p in row["paragraphs"]])
    return row


def _article_fields(doc_id: str, path: str, text: str, art: Article) -> dict:
    """The row of :func:`article_row` from the parsed article, ``n_words`` still 0."""
    part = lambda span: text[span[0]:span[1]] if span else None  # noqa: E731
    return {
        "doc_id": doc_id, "path": path, "text": text,
        "headline": part(art.headline), "subheadline": part(art.subheadline),
        "dateline": part(art.dateline), "body": part(art.body) or "",
        "paragraphs": [text[a:b] for a, b in art.paragraphs], "n_words": 0,
    }


