"""The features of the learned recognizer: what the model sees of each token and its neighbours.

Every token gets a list of string features (a feature is present or absent; the CRF learns one
weight per feature and tag). :func:`word_features` describes one token alone and is cached
(words recur); :func:`sentence_features` adds those of the neighbours within :data:`WINDOW`
tokens, prefixed by their offset (``-1:w=…``), and the sentence edges.

What one token says about itself (measured on the dev part, see ``data/ner/MODEL_CARD.md``):

* ``w=`` its matching key (cleaning's :func:`~helpers.cleaning.match_key`: one alef, no
  diacritics), ``stem=`` the key without its proclitics (cleaning's
  :func:`~helpers.cleaning.split_clitics`: ``بواشنطن`` → ``واشنطن``) and ``pro=`` those proclitics;
* ``p2= p3= s2= s3=``: the first and last two and three letters of the stem (``ال``, ``ية`` …),
  then ``p1= p4= s1= s4=`` its first and last one and four letters, and ``wp1= … wp4=``,
  ``ws1= … ws4=`` the first and last one to four letters of the whole word (its proclitics
  included: ``وال``, ``بال`` …);
* ``shape=``: Arabic, Latin, digits, punctuation or a mix; ``len=`` the stem's length, capped;
* gazetteer hits from the project's data: ``lex=PER`` when the word or its stem is a one-word
  name of ``data/lexicons`` (:func:`~helpers.annotating.load_lexicon`), ``lexpart=PER`` when it
  is a word of a longer name; ``title``, ``orghead``, ``lochead``, ``facility``, ``particle``
  (عبد، أبو …), ``nation`` (a nationality stem), ``notname``, ``verb`` (a reporting verb) from
  the word lists of ``data/patterns``;
* ``c100= c400= c1000=``: the word's clusters (of the word, else of its stem) in three sizes,
  learned from unlabeled news (:mod:`.clusters`), ``c=none`` for a word no cluster holds.

Example:
    >>> f = word_features("بواشنطن")
    >>> [x for x in f if x.startswith(("w=", "stem=", "pro=", "shape=", "lex"))]
    ['w=بواشنطن', 'stem=واشنطن', 'pro=ب', 'shape=A', 'lex=LOC']
    >>> sentence_features(["زار", "باكو"])[1][:3]
    ['bias', 'w=باكو', 'stem=باكو']
"""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

from ..._shared import word_list, word_table
from ...cleaning import match_key, split_clitics
from ..lexicon import load_lexicon
from .clusters import SIZES, load_clusters

#: How many tokens on each side a token's features look at.
WINDOW = 2
#: The features of a neighbour that the window copies (the prefixes of :func:`word_features`).
CONTEXT_PREFIXES = ("w=", "stem=", "lex=", "lexpart=", "title", "orghead", "lochead", "facility",
                    "particle", "nation", "verb", "shape=", "c400=")
#: The word lists of ``data/patterns`` a token is looked up in, and the feature each one sets.
FLAG_LISTS = {"titles": "title", "org_heads": "orghead", "loc_heads": "lochead",
              "facility_heads": "facility", "name_particles": "particle", "not_name": "notname"}


@functools.cache
def gazetteer() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The project's names and word lists as lookups of matching keys, built once:
    ``(whole, part, flags)``: one-word lexicon names → labels, words of longer names → labels,
    words of the pattern lists → flag names.

    >>> whole, part, flags = gazetteer()
    >>> sorted(whole["باكو"]), "title" in flags["الرئيس"]
    (['LOC'], True)
    """
    whole: defaultdict[str, set[str]] = defaultdict(set)
    part: defaultdict[str, set[str]] = defaultdict(set)
    lex = load_lexicon()
    for surface, label in zip(lex.surface.tolist(), lex.label.tolist()):
        if label not in ("PER", "LOC", "ORG"):
            continue
        words = match_key(surface).split()
        if len(words) == 1:
            whole[words[0]].add(label)
        else:
            for w in words:
                if len(w) > 2:
                    part[w].add(label)
    flags: defaultdict[str, set[str]] = defaultdict(set)
    for name, flag in FLAG_LISTS.items():
        for entry in word_list(name):
            for w in match_key(entry).split():
                flags[w].add(flag)
    for stem in word_list("nationality_stems"):
        flags["nation:" + match_key(stem)].add("nation")
    for row in word_table("reporting_verbs"):
        flags[match_key(row["form"])].add("verb")
    freeze = lambda d: {k: frozenset(v) for k, v in d.items()}  # noqa: E731
    return freeze(whole), freeze(part), freeze(flags)


#: The lengths of the word's (not the stem's) first and last letters that are features.
_WORD_AFFIXES = (1, 2, 3, 4)


def _shape(word: str) -> str:
    """``A`` Arabic letters, ``L`` Latin, ``D`` digits, ``P`` punctuation; several: joined, sorted."""
    kinds = set()
    for ch in word:
        if 0x600 <= ord(ch) <= 0x6FF and ch.isalpha():  # the Arabic block
            kinds.add("A")
        elif ch.isdigit():
            kinds.add("D")
        elif ch.isalpha():
            kinds.add("L")
        else:
            kinds.add("P")
    return "".join(sorted(kinds)) or "E"


@functools.lru_cache(maxsize=1 << 17)
def word_features(token: str) -> tuple[str, ...]:
    """The features of one token on its own (see the module docstring); cached.

    >>> word_features("الرئيس")[:6]
    ('bias', 'w=الرئيس', 'stem=رئيس', 'pro=ال', 'p2=رئ', 'p3=رئي')
    >>> "title" in word_features("الرئيس"), word_features("")
    (True, ('bias', 'w=', 'shape=E'))
    """
    key = match_key(token)
    if not key:
        return ("bias", "w=", "shape=E")
    pieces = [match_key(p) for p in split_clitics(token)] if key[0].isalpha() else [key]
    stem = pieces[-1] if pieces and pieces[-1] else key
    out = ["bias", "w=" + key, "stem=" + stem]
    if len(pieces) > 1:
        out.append("pro=" + "+".join(pieces[:-1]))
    out += ["p2=" + stem[:2], "p3=" + stem[:3], "s2=" + stem[-2:], "s3=" + stem[-3:],
            "p1=" + stem[:1], "p4=" + stem[:4], "s1=" + stem[-1:], "s4=" + stem[-4:]]
    out += [f"wp{n}=" + key[:n] for n in _WORD_AFFIXES] + [f"ws{n}=" + key[-n:] for n in _WORD_AFFIXES]
    out += ["shape=" + _shape(key), f"len={min(len(stem), 8)}"]
    whole, part, flags = gazetteer()
    for lab in sorted(whole.get(key, frozenset()) | whole.get(stem, frozenset())):
        out.append("lex=" + lab)
    for lab in sorted(part.get(key, frozenset()) | part.get(stem, frozenset())):
        out.append("lexpart=" + lab)
    found = set(flags.get(key, ())) | set(flags.get(stem, ()))
    if any(("nation:" + stem[:n]) in flags for n in range(3, len(stem) + 1)):
        found.add("nation")
    out += sorted(found)
    clusters = load_clusters()
    ids = clusters.get(key) or clusters.get(stem)
    out += [f"c{k}={c}" for k, c in zip(SIZES, ids)] if ids else ["c=none"]
    return tuple(out)


@functools.lru_cache(maxsize=1 << 16)
def token_parts(token: str) -> tuple[tuple[str, ...], str, tuple[tuple[str, ...], ...]]:
    """What :func:`sentence_features` needs of one token, computed once per word *type*:
    ``(own, key, context)``: its own features (:func:`word_features`), its matching key (for
    the word pair) and, for every offset of ``-WINDOW … +WINDOW`` but 0, the features it lends a
    token that far away (those :data:`CONTEXT_PREFIXES` names, prefixed by the offset); cached.

    >>> own, key, ctx = token_parts("الرئيس")
    >>> key, ctx[0][:2], ctx[-1][:2]
    ('الرئيس', ('+2:w=الرئيس', '+2:stem=رئيس'), ('-2:w=الرئيس', '-2:stem=رئيس'))
    """
    return parts_of(word_features(token))


def parts_of(own: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[tuple[str, ...], ...]]:
    """:func:`token_parts` from a token's own features (:func:`word_features`), not cached."""
    lent = [f for f in own if f.startswith(CONTEXT_PREFIXES)]
    # the neighbour at offset d of token i is token i + d: this token, seen from i, is at -d
    context = tuple(tuple(f"{-d:+d}:{f}" for f in lent) for d in _OFFSETS)
    return own, own[1][2:], context


#: The offsets of the neighbours a token looks at, in the order their features are listed.
_OFFSETS = tuple(d for d in range(-WINDOW, WINDOW + 1) if d)


def sentence_features(tokens: Sequence[str], window: int = WINDOW) -> list[list[str]]:
    """The features of every token of a sentence: its own (:func:`word_features`), those of its
    neighbours up to ``window`` tokens away that :data:`CONTEXT_PREFIXES` names, prefixed by their
    offset, the pair of the word and the one before it, and ``BOS``/``EOS`` at the edges.

    Each word type's features are built once (:func:`token_parts`); a token's list is the
    concatenation of its own and its neighbours' ready-made, prefixed lists.

    >>> feats = sentence_features(["قال", "الرئيس", "ماكرون"])
    >>> [f for f in feats[2] if f.startswith(("-1:", "-2:w", "BOS", "EOS"))]
    ['-2:w=قال', '-1:w=الرئيس', '-1:stem=رئيس', '-1:shape=A', '-1:title', '-1:c400=229', 'EOS']
    """
    if window != WINDOW:
        return _sentence_features_slow(tokens, window)
    parts = [token_parts(t) for t in tokens]
    n = len(parts)
    out = []
    for i, (own, key, _) in enumerate(parts):
        feats = list(own)
        for k, d in enumerate(_OFFSETS):  # the neighbour at i + d lends its list for -d: index 3 - k
            j = i + d
            if 0 <= j < n:
                feats += parts[j][2][len(_OFFSETS) - 1 - k]
        if i == 0:
            feats.append("BOS")
        else:
            feats.append(f"w-1|w={parts[i - 1][1]}|{key}")
        if i == n - 1:
            feats.append("EOS")
        out.append(feats)
    return out


def _sentence_features_slow(tokens: Sequence[str], window: int) -> list[list[str]]:
    """:func:`sentence_features` for another window than :data:`WINDOW`, built token by token."""
    own = [word_features(t) for t in tokens]
    ctx = [[f for f in fs if f.startswith(CONTEXT_PREFIXES)] for fs in own]
    n = len(tokens)
    out = []
    for i in range(n):
        feats = list(own[i])
        for d in range(-window, window + 1):
            j = i + d
            if d and 0 <= j < n:
                feats += [f"{d:+d}:{f}" for f in ctx[j]]
        if i == 0:
            feats.append("BOS")
        else:
            feats.append(f"w-1|w={own[i - 1][1][2:]}|{own[i][1][2:]}")
        if i == n - 1:
            feats.append("EOS")
        out.append(feats)
    return out
