"""The HTML fragments the comparing stage shows in a notebook (side-by-side diffs, framing)."""
from __future__ import annotations

from helpers._shared import HtmlFragment


class HtmlView(HtmlFragment):
    """An HTML fragment that a notebook displays as HTML (``_repr_html_``).

    Its plain-text ``repr`` is a one-line summary, so a notebook's text output stays short.
    The HTML itself is in ``.html`` (article text inside it is escaped). All of it is
    :class:`helpers._shared.HtmlFragment`, the one HTML wrapper of every stage; this class
    only gives comparing's views their name.

    >>> v = HtmlView('<p dir="rtl">نص</p>', "1 passage")
    >>> v
    <HtmlView: 1 passage>
    >>> v._repr_html_()
    '<p dir="rtl">نص</p>'
    """


_DIFF_CSS = (
    "<style>"
    ".anc-diff{border-collapse:collapse;font-size:1.05em;line-height:1.9}"
    ".anc-diff td,.anc-diff th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
    ".anc-diff th{text-align:center;background:#f4f4f4}"
    ".anc-diff del{background:#fbd3d3;color:#7a0000}"
    ".anc-diff ins{background:#cdeccf;color:#0b4d12;text-decoration:none}"
    "</style>"
)
