"""align_facts' ``min_score``: the threshold itself is kept (a pair scoring exactly ``min_score``
is paired; only pairs *below* it stay unpaired)."""
from __future__ import annotations

import pandas as pd

from helpers import align_facts


def _quantity(text: str, number: str) -> pd.DataFrame:
    start = text.index(number)
    return pd.DataFrame({"start": [start], "end": [start + len(number)], "label": ["QUANTITY"],
                         "text": [number], "value": [float(number)]})


def test_a_pair_scoring_exactly_min_score_is_paired():
    # the two facts have the same context (أصيب … شخصا), whose TF-IDF vectors score exactly 1.0
    a, b = "أصيب 40 شخصا.", "أصيب 30 شخصا."
    pairs = align_facts(a, _quantity(a, "40"), b, _quantity(b, "30"), min_score=1.0)
    assert pairs[["status", "score", "a_text", "b_text", "a_context", "b_context"]].values.tolist() == [
        ["differs", 1.0, "40", "30", "أصيب شخصا", "أصيب شخصا"]]
