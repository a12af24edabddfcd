"""The step that finds quotations and who speaks them."""
from __future__ import annotations

import bisect
import operator
import re
from typing import TYPE_CHECKING

from .columns import ENTITY_LABELS
from .patterns import ATTRIBUTION_AFTER_QUOTE, COMPLEMENT, NAME_HEADS, NOT_NAME, QUOTED_NAME_HEADS, SUBJECT_NOUNS
from .scanner import QUOTE_RE, strip_clitic, strip_edges
from .names import skip_descriptors
from .words import stem

if TYPE_CHECKING:
    from .annotator import Entry
    from .doc import Doc

_FIRST = operator.itemgetter(0)
#: ``"…"، بحسب ساعر``: an attribution right after the closing quote mark names the speaker.
_AFTER_QUOTE_RE = re.compile(rf"\s*[,،٬]?\s*(?:و)?(?:{'|'.join(map(re.escape, ATTRIBUTION_AFTER_QUOTE))})\s*")


def quotes(doc: Doc) -> None:
    """Step: every quotation in quote marks (and a headline ``SPEAKER: words``) is a QUOTE, with
    its speaker.

    Reads the ``speech`` hits (verbs and participles), the PER and ORG spans (``doc.by_start``,
    ``doc.by_end``: who is named after or before a verb) and ``doc.titles`` (``قال الوزير`` names
    the person of that title). Leaves QUOTE spans (sources ``pattern:quote``, ``pattern:headline``)
    with ``speaker`` set to a canonical name or ``None``.
    """
    norm = doc.norm
    verbs = sorted(doc.hit_groups["speech"], key=_FIRST)
    ev_pos = [h[0] for h in verbs]
    events: list[tuple[str | None, bool] | None] = [None] * len(verbs)  # (speaker, subject given)

    def event(k: int) -> tuple[str | None, bool]:
        """Who speech verb ``k`` names, worked out the first time a quotation needs it."""
        ev = events[k]
        if ev is None:
            ev = events[k] = _speech_event(doc, *verbs[k])
        return ev

    found = _quotations(norm)
    _headline(doc)
    said: list[tuple[int, str]] = []  # (position, speaker) of every named speaker so far
    for qs, qe, a, b in found:
        if _is_a_name(doc, qs, a, b):
            continue
        para_start = norm.rfind("\n", 0, qs) + 1
        speaker: str | None = None
        decided = False
        after = _AFTER_QUOTE_RE.match(norm, qe)
        if after:
            sp = _subject_span(doc, after.end())
            if sp:
                speaker, decided = sp["canonical"], True
        if not decided:
            lo, hi = bisect.bisect_left(ev_pos, para_start), bisect.bisect_left(ev_pos, qs)
            # the last verb before the quotation in its paragraph that has a subject
            k = next((k for k in range(hi - 1, lo - 1, -1) if event(k)[1]), None)
            if k is not None:
                speaker = event(k)[0]
            elif (named := _named_before_colon(doc, para_start, qs)) is not None:
                speaker = named  # 'ترامب: "…"' (Trump: "…"), a headline's or an interview's way
            elif lo < hi or ":" in norm[para_start:qs] or after:
                # 'وأضاف: "…"', 'مضيفا: "…"', 'وفق تعبيره': the last speaker goes on
                k = next((k for k in range(lo - 1, -1, -1) if event(k)[1] and event(k)[0]), None)
                cands = ([(ev_pos[k], event(k)[0])] if k is not None else []) + (said[-1:] if said else [])
                speaker = max(cands)[1] if cands else None
        if speaker is not None:
            said.append((qs, speaker))
        doc.add(a, b, "QUOTE", None, "pattern:quote", speaker=speaker)


def _named_before_colon(doc: Doc, line_start: int, qs: int) -> str | None:
    """The person named right before the colon that opens the quotation at ``qs`` (``ساعر: "…"``),
    a whole word (not ``لترامب:``, to Trump), or None. (Not an organisation: in Jawhara FM's
    headlines an ORG before a colon is as often a list's heading as a speaker.)"""
    norm = doc.norm
    head = norm[line_start:qs].rstrip()
    if not head.endswith(":"):
        return None
    end = line_start + len(head[:-1].rstrip())
    named = [sp for sp in doc.by_end.get(end, ()) if sp["label"] == "PER"
             and (sp["start"] == line_start or norm[sp["start"] - 1].isspace())]
    return named[-1]["canonical"] if named else None


def _quotations(norm: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, a, b)`` of every quotation in quote marks: the marks at start and end, the
    words (without punctuation at their edges) at [a, b)."""
    found = []
    for m in QUOTE_RE.finditer(norm):
        a, b = strip_edges(norm, m.start(m.lastindex), m.end(m.lastindex))
        if a < b:
            found.append((m.start(), m.end(), a, b))
    return found


def _is_a_name(doc: Doc, qs: int, a: int, b: int) -> bool:
    """Words in quote marks that are a name, not a quotation: ``شركة "إكس"``, ``“اتفاقيات أبراهام”``,
    or a name already found."""
    norm = doc.norm
    words = norm[a:b].split(maxsplit=5)  # the first word, and whether there are more than 5
    lead = norm[max(0, qs - 30):qs].rsplit(maxsplit=1)  # the last word before it
    if lead and strip_clitic(lead[-1]) in QUOTED_NAME_HEADS:
        return True
    if words and strip_clitic(words[0]) in NAME_HEADS and len(words) <= 5:
        return True
    return any(sp["end"] == b for sp in doc.spans_at(a, ENTITY_LABELS))


def _headline(doc: Doc) -> None:
    """A first line ``SPEAKER: words`` with no quote marks is a quotation of the person before the colon."""
    norm = doc.norm
    first_nl = norm.find("\n")
    head = norm[: first_nl if first_nl >= 0 else len(norm)]
    if ":" in head and not QUOTE_RE.search(head) and len(head.split()) <= 20 and \
            not head.rstrip().endswith((".", "..")):
        c = head.index(":")
        a, b = strip_edges(norm, c + 1, len(head))
        if len(head[:c].split()) <= 8 and a < b:
            role = [w for w in head[:c].split() if w not in NOT_NAME]
            per = [sp for sp in doc.spans if sp["label"] == "PER" and sp["end"] <= c]
            spk = per[-1]["canonical"] if per else resolve_role(doc, role)
            doc.add(a, b, "QUOTE", None, "pattern:headline", speaker=spk)


def resolve_role(doc: Doc, words: list[str]) -> str | None:
    """The person whose titles (``doc.titles``) best match a role (``وزير الخارجية الإسرائيلي``):
    the most stems in common, the first such person of ``doc.titles`` on a tie. Only the persons
    that share a stem with the role are looked at (``doc.title_index``), not every titled person
    of a long text."""
    stems = {stem(w) for w in words} - {""}
    shared: dict[str, int] = {}
    for s in stems:
        for canon in doc.title_index.get(s, ()):
            shared[canon] = shared.get(canon, 0) + 1
    if not shared:
        return None
    score = max(shared.values())
    best = min((canon for canon, n in shared.items() if n == score), key=doc.title_rank.__getitem__)
    if best and (score >= 2 or score == len(stems)):
        return best
    return None


def _subject_span(doc: Doc, start: int) -> dict | None:
    """The longest PER or ORG span starting at ``start`` (a speaker can be an organisation)."""
    found = doc.spans_at(start, ("PER", "ORG"))
    return max(found, key=lambda sp: (sp["label"], sp["end"])) if found else None


def _subject_after(doc: Doc, pos: int) -> tuple[str | None, bool]:
    """Speaker named right after a speech verb ending at ``pos``: (canonical, was a subject given).

    The words after the verb are followed over spaces only (:meth:`Doc.next_tok`), so the search
    stays on the verb's line, but for an apposition after a title's comma, which may wrap:
    «وقال وزير الخارجية،⏎جدعون ساعر» ('said the foreign minister, / Gideon Saar') names Saar."""
    tokens = doc.tokens
    i = doc.next_tok(pos)
    if i is None:
        return None, False
    sp = _subject_span(doc, tokens[i][0])
    if sp:
        return sp["canonical"], True
    w = tokens[i][2]
    if w in SUBJECT_NOUNS:
        return None, True  # 'قال مسؤول …': a subject, but no name
    if w in COMPLEMENT or w in NOT_NAME:
        return None, False
    j, role = skip_descriptors(doc, i)
    if j is not None:
        sp = _subject_span(doc, tokens[j][0])
        if sp and sp["label"] == "PER":
            return sp["canonical"], True
    if role:
        return resolve_role(doc, role), True
    return None, False


def _speech_event(doc: Doc, start: int, end: int, entry: Entry) -> tuple[str | None, bool]:
    """(speaker, whether a subject is given) of the speech verb or participle at [start, end)."""
    if entry.label == "@PART":
        return None, False
    norm = doc.norm
    spk, given = _subject_after(doc, end)
    if not given:  # 'ساعر قال …' (subject before the verb)
        j = start
        while j > 0 and norm[j - 1] == " ":
            j -= 1
        before = [sp for sp in doc.by_end.get(j, ()) if sp["label"] in ("PER", "ORG")]
        if before:
            spk, given = before[-1]["canonical"], True
    return spk, given
