"""Steps that find people and spread names: the lexicon's names, titles, speech verbs, propagation.

What a name is (:func:`name_after`) and what may stand between a title and a name
(:func:`skip_descriptors`) are shared with the other steps (places, quotations).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..cleaning import match_key, normalize
from .columns import ENTITY_LABELS
from .patterns import (
    COMPLEMENT, INSTITUTION_WORDS, NAME_PARTICLES, NOT_NAME, ORG_HEAD_SET, ORG_HEADS_DEF, SPEECH_VERBS,
    TITLE_LINKS, TITLE_SET,
)
from .scanner import COMMA_RE, find_aliases
from .words import stopword, suffixed, title_stems

if TYPE_CHECKING:
    from .doc import Doc


def lexicon_names(doc: Doc) -> None:
    """Step 1: every name and framing term of the lexicon (PER LOC ORG FRAME) the automaton found.

    Reads the hits of group ``lex``. Leaves the spans *and* the index of where the lexicon's names
    start and end (``doc.cov_start``/``doc.cov_end``), which every later pattern consults so as not
    to cut into a known name.
    """
    add = doc.add
    for start, end, entry in doc.hit_groups["lex"]:
        add(start, end, entry.label, entry.canonical, entry.source, from_lexicon=True)


# -- what a name is --------------------------------------------------------------------------


def name_after(doc: Doc, i: int, *, max_tokens: int = 4) -> int:
    """Number of name tokens starting at token ``i`` (0 if none)."""
    tokens, covered_by, is_name_word = doc.tokens, doc.covered_by, doc.ann.is_name_word
    k = 0
    particles = 0
    while i + k < len(tokens) and k - particles < max_tokens:
        s, e, w = tokens[i + k]
        if k and not doc.clean_gap(tokens[i + k - 1][1], s):
            break
        if k and w in NAME_PARTICLES:
            particles += 1
        if covered_by(s, e, ("LOC", "ORG", "FRAME")):
            break
        if w.startswith("ال"):
            prev = tokens[i + k - 1][2] if k else ""
            if not k or w in TITLE_SET or w in ORG_HEADS_DEF or not is_name_word(w, first=False):
                break
            k += 1
            if prev not in NAME_PARTICLES and w not in NAME_PARTICLES:
                break  # a family name in ال ends the name: 'حسن الجبوري' (but 'آل سعود' goes on)
            continue
        if not (is_name_word(w, first=(k == 0)) or _is_ali(doc, s, e, w) or
                (suffixed(w) and _name_follows(doc, i + k)) or
                (k and len(w) >= 4 and is_name_word(w, first=False, stop=False))):
            break
        k += 1
    while k and tokens[i + k - 1][2] in NAME_PARTICLES:
        k -= 1
    # a lone word in ة is a noun far more often than a (female) name without a surname
    if k == 1 and tokens[i][2].endswith("ة"):
        return 0
    return k


def _name_follows(doc: Doc, j: int) -> bool:
    """Is token ``j`` (a word that looks suffixed, like تيريه) followed by a name word?
    Then it is a first name (``تيريه أسلاند``); a pronoun suffix ends a noun (``رغبة بلاده``)."""
    tokens = doc.tokens
    if j + 1 >= len(tokens) or not doc.clean_gap(tokens[j][1], tokens[j + 1][0]):
        return False
    w = tokens[j][2]
    nxt = tokens[j + 1][2]
    return len(w) >= 4 and not w.endswith(("ات", "نا", "هم", "ها")) and not stopword(w) and \
        doc.ann.is_name_word(nxt, first=False, stop=len(nxt) < 4) and not suffixed(nxt)


def _is_ali(doc: Doc, s: int, e: int, w: str) -> bool:
    """The name علي *Ali*, which normalization (ى → ي) makes look like the preposition على *on*."""
    return w == "علي" and normalize(doc.raw_text(s, e), alef_maqsura=False).endswith("ي")


def ends_name(doc: Doc, j: int) -> bool:
    """Does a name end at token ``j`` (punctuation, a complement word or a verb comes next)?"""
    tokens = doc.tokens
    if j + 1 >= len(tokens):
        return True
    e = tokens[j][1]
    s2, _, w2 = tokens[j + 1]
    return not doc.clean_gap(e, s2) or w2 in COMPLEMENT or w2 in NOT_NAME or w2 in SPEECH_VERBS


def is_descriptor(doc: Doc, i: int) -> bool:
    """A token that may stand between a title and the name (``الخارجية``, ``الإسرائيلي``, ``أذربيجان``)."""
    s, e, w = doc.tokens[i]
    if w in NOT_NAME:
        return False
    if w.startswith(("ال", "لل", "وال")):
        return True
    if w in TITLE_LINKS or w in TITLE_SET or w in ORG_HEAD_SET or w in INSTITUTION_WORDS:
        return True
    if doc.covered_by(s, e, ("LOC", "ORG")):
        return True
    # 'لسيمنس', 'لمنطقة': a genitive with ل inside a long title
    return w[0] == "ل" and len(w) >= 5 and not doc.covered_by(s, e, ("PER",))


def skip_descriptors(doc: Doc, i: int | None) -> tuple[int | None, list[str]]:
    """From token ``i``, skip the rest of a title (descriptors, 'في السودان', one apposition comma)."""
    tokens = doc.tokens
    words: list[str] = []
    crossed = False
    while i is not None and i < len(tokens) and len(words) < 8:
        s, e, w = tokens[i]
        nxt = doc.after(i)
        if w in ("في", "عن", "من", "لدى", "لدي") and nxt is not None and \
                (doc.covered_by(*tokens[nxt][:2], ("LOC", "ORG")) or is_descriptor(doc, nxt)):
            words.append(w)  # 'منسقة الأمم المتحدة في السودان X', 'النائب عن كتلة … X'
            i = nxt
            continue
        if is_descriptor(doc, i):
            words.append(w)
            if nxt is None and not crossed and words:
                m = COMMA_RE.match(doc.norm, e)
                j = doc.tok_index(m.end()) if m else None
                if m and j is not None and j < len(tokens) and tokens[j][0] == m.end():
                    crossed = True  # 'رئيس مجلس إدارة الشركة، الشيخ راشد …' (apposition)
                    i = j
                    continue
            i = nxt
            continue
        break
    return i, words


# -- the steps ---------------------------------------------------------------------------------


def titles(doc: Doc) -> None:
    """Step: the person a title names (``الرئيس X``, ``وزير الخارجية الإسرائيلي X``) is a PER.

    Reads the ``title`` hits, the tokens and the names found so far (a name the lexicon knows
    stays as it is). Leaves PER spans (source ``pattern:title``) and ``doc.titles``: each named
    person's title stems, for :func:`~helpers.annotating.quotes.quotes` to tell who
    ``قال وزير الخارجية`` is.
    """
    tokens = doc.tokens
    for _, h_end, entry in doc.hit_groups["title"]:
        if entry.label != "@TITLE":
            continue
        i, descr = skip_descriptors(doc, doc.next_tok(h_end))
        if i is None or i >= len(tokens):
            continue
        title_words = (entry.key, *descr)
        s = tokens[i][0]
        existing = doc.spans_at(s, ("PER",))
        if existing:
            for sp in existing:
                doc.add_title(sp["canonical"], title_stems(title_words))
            continue
        if any(doc.spans_at(p, ("PER",)) for p in (s + 1, s + 2) if p < tokens[i][1]):
            continue  # a known name behind a proclitic is not the title's holder: 'مستشار لترامب' (to Trump)
        k = name_after(doc, i)
        if k:
            e = tokens[i + k - 1][1]
            sp = doc.add(s, e, "PER", doc.display(s, e), "pattern:title")
            doc.add_title(sp["canonical"], title_stems(title_words))


def speech_names(doc: Doc) -> None:
    """Step: the name right after a speech verb (``قال X إن``) is a PER.

    Reads the ``verb`` hits and the names found so far (a known name, a word in ال or a place
    is no new person). Leaves PER spans (source ``pattern:speech``) of one to three words.
    """
    tokens = doc.tokens
    for _, h_end, entry in doc.hit_groups["verb"]:
        if entry.label != "@VERB":
            continue
        i = doc.next_tok(h_end)
        if i is None:
            continue
        s, e, w = tokens[i]
        if w.startswith("ال") or doc.covered_by(s, e, ("PER", "LOC", "ORG", "FRAME")):
            continue
        if doc.spans_at(s, ("PER",)):
            continue
        k = name_after(doc, i, max_tokens=3)
        if not k:
            continue
        if k > 1 and not ends_name(doc, i + k - 1):
            k = 1
        e = tokens[i + k - 1][1]
        doc.add(s, e, "PER", doc.display(s, e), "pattern:speech")


def propagate(doc: Doc) -> None:
    """Step: a name a pattern found (``جيهون بيراموف``) is looked for again in the whole text,
    with a person's last word alone (``بيراموف``).

    Reads ``doc.pattern_spans`` (PER LOC ORG) and the lexicon's names (a place is not also a
    person). Leaves spans of source ``propagated`` with the pattern span's canonical name.
    """
    aliases: dict[str, tuple[str, str]] = {}
    is_name_word = doc.ann.is_name_word
    for sp in doc.pattern_spans:
        if sp["label"] in ENTITY_LABELS:
            key = doc.norm[sp["start"]:sp["end"]]
            aliases.setdefault(key, (sp["label"], sp["canonical"]))
            if sp["label"] == "PER" and " " in key:
                last = key.split()[-1]
                if (len(last) >= 4 and is_name_word(last, first=True, stop=False)) or \
                        (len(last) == 3 and is_name_word(last, first=True)):
                    aliases.setdefault(last, ("PER", sp["canonical"]))
    if not aliases:
        return
    have = {(sp["start"], sp["end"], sp["label"]) for sp in doc.spans}
    for a, b, alias in find_aliases(doc.norm, aliases):
        label, canon = aliases[alias]
        key = (a, b, label)
        if key in have or doc.covered_by(a, b, [x for x in ENTITY_LABELS if x != label]):
            continue
        have.add(key)
        doc.add(a, b, label, canon, "propagated")


def canonicalize(doc: Doc) -> None:
    """Step: short forms get the fullest name of the document (``بيراموف`` → ``جيهون بيراموف``).

    Reads every PER, ORG and LOC span. Changes the ``canonical`` of a person's short forms, and
    of an organisation's or a place's where a pattern found them; adds no span.
    """
    groups: dict[str, list[dict]] = {"PER": [], "ORG": [], "LOC": []}
    for sp in doc.spans:
        if sp["label"] in groups and sp["canonical"]:
            groups[sp["label"]].append(sp)
    for label, group in groups.items():
        if label != "PER" and not any(sp["source"].startswith("pattern") for sp in group):
            continue  # only a person's or a pattern's canonical name changes
        fullest = _fullest_names(label, {sp["canonical"] for sp in group})
        if not fullest:
            continue
        for sp in group:
            full = fullest.get(sp["canonical"])
            if full and (label == "PER" or sp["source"].startswith("pattern")):
                sp["canonical"] = full


def _fullest_names(label: str, names: set[str]) -> dict[str, str]:
    """A name → the one longer name of ``names`` it stands for: the start of it (``جيهون`` of
    ``جيهون بيراموف``), or for a person also the end of it."""
    longer: dict[str, list[str]] = {}
    for n in names:
        i = n.find(" ")
        if i < 0:
            continue
        parts = set()
        while i >= 0:
            parts.add(n[:i])
            if label == "PER":
                parts.add(n[i + 1:])
            i = n.find(" ", i + 1)
        for c in parts:
            if c != n:
                longer.setdefault(c, []).append(n)
    fullest: dict[str, str] = {}
    for c, found in longer.items():
        if c in names and (len(found) == 1 or len({match_key(x) for x in found}) == 1):
            fullest[c] = min(found)  # one name spelled two ways: the same choice in every process
    return fullest
