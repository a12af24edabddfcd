"""The lexicons of names (``data/lexicons/*.csv``): reading, checking, and the clitic variants of a
surface (the forms the automaton looks for); :func:`_n`, the matching key of a word."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .._shared import ROOT
from ..cleaning import match_key
from .columns import LABELS
from .scanner import mark, proclitics

LEXICON_DIR = ROOT / "data" / "lexicons"


# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------

LEXICON_COLUMNS = ["surface", "label", "canonical", "source"]


def load_lexicon(folder: str | Path = LEXICON_DIR) -> pd.DataFrame:
    """Read every ``*.csv`` of ``folder`` (columns ``surface,label,canonical,source``) into one frame.

    Adds the column ``file``. A file with other columns, an empty surface or an unknown label
    raises ``ValueError`` naming the file and line.

    Example:
        >>> lex = load_lexicon()
        >>> lex.loc[lex.surface == "ساعر", ["label", "canonical"]].values.tolist()
        [['PER', 'جدعون ساعر']]
    """
    folder = Path(folder)
    # hand-written lexicons first: where a surface is in both, their canonical wins (غزة → قطاع غزة)
    files = sorted(folder.glob("*.csv"), key=lambda p: (p.name.startswith("cldr_"), p.name))
    if not files:
        raise FileNotFoundError(f"no lexicon *.csv in {folder}")
    rows: list[dict] = []
    known = set(LABELS) | {"UNIT"}
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != LEXICON_COLUMNS:
                raise ValueError(f"{path.name}: columns must be {LEXICON_COLUMNS}, not {reader.fieldnames}")
            for i, row in enumerate(reader, start=2):
                if not (row["surface"] or "").strip():
                    raise ValueError(f"{path.name}:{i}: empty surface")
                if row["label"] not in known:
                    raise ValueError(f"{path.name}:{i}: unknown label {row['label']!r}")
                rows.append({**row, "file": path.name})
    return pd.DataFrame(rows, columns=[*LEXICON_COLUMNS, "file"])


def check_lexicon(lexicon: pd.DataFrame) -> pd.DataFrame:
    """A lexicon frame of one's own, checked as :func:`load_lexicon` checks the files: the columns
    ``surface,label,canonical,source`` and, in every row, a surface and a known label (else
    ``ValueError`` naming the row). An empty ``canonical`` becomes the surface (the name as
    written), an empty ``source`` ``"lexicon"``. Returns a checked copy.

    Example:
        >>> mine = pd.DataFrame({"surface": ["زاكورة"], "label": ["LOC"], "canonical": [None], "source": ["mine"]})
        >>> check_lexicon(mine)[["surface", "canonical"]].values.tolist()
        [['زاكورة', 'زاكورة']]
    """
    missing = [c for c in LEXICON_COLUMNS if c not in lexicon.columns]
    if missing:
        raise ValueError(f"a lexicon needs the columns {LEXICON_COLUMNS} (missing: {missing})")
    known = set(LABELS) | {"UNIT"}
    out = lexicon.copy()
    canonical, source = out["canonical"].tolist(), out["source"].tolist()

    def where(i: int) -> str:
        return f"lexicon row {i}" + (f" ({out['file'].iloc[i]})" if "file" in out.columns else "")

    for i, (surface, label) in enumerate(zip(out["surface"].tolist(), out["label"].tolist())):
        if not isinstance(surface, str) or not surface.strip():
            raise ValueError(f"{where(i)}: empty surface {surface!r}")
        if label not in known:
            raise ValueError(f"{where(i)}: unknown label {label!r} (known: {', '.join(sorted(known))})")
        if not isinstance(canonical[i], str) or not canonical[i].strip():
            canonical[i] = surface
        if not isinstance(source[i], str) or not source[i].strip():
            source[i] = "lexicon"
    out["canonical"], out["source"] = canonical, source
    return out


# -- the clitic variants of a surface --------------------------------------------------------

#: Proclitics written before a surface (و ف ب ل ك and their combinations; "" for none) …
PROCLITICS = ("", *proclitics())
#: … and the ones that contract with an article ال: ل + ال → لل, only the first ل is the clitic.
CONTRACTED = tuple(p for p in PROCLITICS if p.endswith("ل"))


def clitic_variants(key: str) -> list[tuple[str, int, int]]:
    """The forms under which the automaton looks for the normalized surface ``key``:
    ``(" form ", clitic length, form length)``, the form marked as :func:`~.scanner.mark` marks
    a text and padded with a space on each side (whole words only).

    >>> [f for f, _, _ in clitic_variants("القدس")][:3], clitic_variants("القدس")[-1]
    ([' القدس ', ' والقدس ', ' فالقدس '], (' فللقدس ', 2, 6))
    >>> (" لالاف ", 1, 5) in clitic_variants("الاف")  # لآلاف: ل + آلاف (thousands)
    True
    """
    mk, n = mark(key), len(key)  # proclitics are letters: marking a variant adds them as they are
    if not key[0].isalpha():
        variants = [(mk, 0, n)]
    else:
        # every proclitic as it is written before the word, ل included: a key in ال may be a word
        # in أل, آل or إل once normalized (ألمانيا, آلاف: لألمانيا, لآلاف) ...
        variants = [(p + mk, len(p), len(p) + n) for p in PROCLITICS]
        if key.startswith("ال") and n > 3:  # ... and an article ال contracts with ل: للقدس
            variants += [(p + mk[1:], len(p), len(p) + n - 1) for p in CONTRACTED]
    return [(f" {marked} ", plen, form_len) for marked, plen, form_len in variants if marked.strip()]
