"""The HTML fragments the comparing stage shows in a notebook (side-by-side diffs, framing)."""
from __future__ import annotations


class HtmlView:
    """An HTML fragment that a notebook displays as HTML (``_repr_html_``).

    Its plain-text ``repr`` is a one-line summary, so a notebook's text output stays short.
    The HTML itself is in ``.html`` (article text inside it is escaped).

    >>> v = HtmlView('<p dir="rtl">نص</p>', "1 passage")
    >>> v
    <HtmlView: 1 passage>
    >>> v._repr_html_()
    '<p dir="rtl">نص</p>'
    """

    def __init__(self, html_text: str, summary: str = "HTML") -> None:
        self.html = html_text
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<HtmlView: {self.summary}>"

    def __str__(self) -> str:
        return self.html

_DIFF_CSS = (
    "<style>"
    ".anc-diff{border-collapse:collapse;font-size:1.05em;line-height:1.9}"
    ".anc-diff td,.anc-diff th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
    ".anc-diff th{text-align:center;background:#f4f4f4}"
    ".anc-diff del{background:#fbd3d3;color:#7a0000}"
    ".anc-diff ins{background:#cdeccf;color:#0b4d12;text-decoration:none}"
    "</style>"
)
