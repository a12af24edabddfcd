"""Render the stored, executed notebooks into an offline HTML reading copy (``make book``).

Every ``notebooks/[0-9]*.ipynb`` is rendered *as stored* (never re-executed) with
nbconvert's HTML exporter and the JupyterLab look, plus ``docs/teaching.md`` and
``docs/glossary.md``, into ``build/html/``: one page per notebook, an ``index.html``,
and previous/next links between notebooks. Open ``build/html/index.html`` in a browser;
nothing is fetched from the network.

What the book guarantees, and checks before it writes a page:

* **Offline.** No CDN script, font, MathJax or widget manager: those template blocks are
  emptied, images are embedded as ``data:`` URIs, and every page carries a
  Content-Security-Policy that forbids loading anything from elsewhere.
* **No script runs.** The book has no JavaScript at all. HTML in markdown cells and in
  ``text/html`` outputs is passed through an allowlist sanitizer (bleach): a ``<script>``
  or ``<img onerror=...>`` inside article text is shown as text, and
  the policy forbids scripts as a second line of defence. JavaScript and widget outputs are
  shown by their next-best representation (HTML, image or text). A page that still holds a
  script, an event-handler attribute or a ``javascript:`` link is refused with a clear error.
* **Arabic reads right-to-left, English left-to-right.** Each paragraph, list item,
  heading and table cell gets its direction from its letters (:func:`block_direction`):
  Arabic text ``dir="rtl" lang="ar"``; English prose ``dir="ltr"``, with every Arabic run
  inside it isolated as ``<bdi lang="ar">`` (:func:`arabic_runs`), so an English sentence
  that opens with an Arabic word is still laid out left to right and neighbouring digits and
  punctuation stay where the author put them. Text outputs are laid out line by line
  (``unicode-bidi: plaintext``), markdown already wrapped in ``<div dir="rtl">`` keeps it,
  and code stays left-to-right. Arabic is drawn in an Arabic text font (also inside inline
  code, which is otherwise monospace) and one size step larger than Latin, in prose and in
  table cells alike.

Usage::

    python tools/build_book.py                     # all notebooks -> build/html/
    python tools/build_book.py --out /tmp/book notebooks/00_introduction.ipynb

Example (from Python)::

    >>> from tools.build_book import build_book                      # doctest: +SKIP
    >>> pages = build_book(["notebooks/00_introduction.ipynb"], "/tmp/book")  # doctest: +SKIP
    >>> pages[0].name                                                 # doctest: +SKIP
    'index.html'
"""
from __future__ import annotations

import argparse
import base64
import copy
import html
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import bleach
import jinja2
import nbformat
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
from bs4 import BeautifulSoup, NavigableString
from nbconvert import HTMLExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "html"
DOCS = ("teaching.md", "glossary.md")

#: The repository's public address, the one place it is written for code: the index's Binder
#: launch links are built from it, and tests/test_book.py checks that README.md's Binder badge
#: points at the same repository. PLACEHOLDER: no public address is known yet. When the
#: repository is published, replace OWNER/arabic-news-notebooks here and in README.md's badge.
REPOSITORY_URL = "https://github.com/OWNER/arabic-news-notebooks"


def binder_url(notebook: str, repository: str = REPOSITORY_URL) -> str:
    """The mybinder.org link that opens ``notebooks/<notebook>`` in JupyterLab.

    Binder builds the environment from the root ``environment.yml`` (the same pins as
    ``requirements.txt``).

    >>> binder_url("00_introduction.ipynb", "https://github.com/someone/arabic-news-notebooks")
    'https://mybinder.org/v2/gh/someone/arabic-news-notebooks/HEAD?urlpath=lab/tree/notebooks/00_introduction.ipynb'
    """
    owner_repo = urlsplit(repository).path.strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/notebooks/{notebook}"

# ---------------------------------------------------------------------------------------
# Sanitizing: what HTML from a markdown cell or an output may keep.
# ---------------------------------------------------------------------------------------

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span",
    "strong", "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var", "wbr",
})
_GLOBAL_ATTRS = {"class", "id", "dir", "lang", "title", "style", "align"}
_TAG_ATTRS = {
    "a": {"href", "name", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "valign"},
    "th": {"colspan", "rowspan", "scope", "valign"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "table": {"border"},
    "style": {"type"},
    "q": {"cite"}, "blockquote": {"cite"},
}
_LINK_SCHEMES = {"", "http", "https", "mailto"}
_CSS = CSSSanitizer(allowed_css_properties=[
    *ALLOWED_CSS_PROPERTIES, "text-align", "direction", "unicode-bidi", "max-width",
    "min-width", "padding", "margin", "border", "background", "font-size",
])
# CSS inside an allowed <style> element must not load or run anything.
_UNSAFE_STYLE = re.compile(r"@import|url\s*\(|expression\s*\(|javascript:|behavior\s*:|-moz-binding|\\|<",
                           re.IGNORECASE)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Whether attribute ``name="value"`` may stay on ``<tag>`` (bleach attribute filter)."""
    if name in _GLOBAL_ATTRS or name in _TAG_ATTRS.get(tag, ()):
        if name == "src":  # images: embedded data or files next to the page, never the network
            parts = urlsplit(value.strip())
            if parts.scheme.lower() == "data":
                return value.strip().lower().startswith("data:image/")
            return not parts.scheme and not parts.netloc and not parts.path.startswith("/")
        if name == "style":  # inline CSS may colour and align, never load anything
            return not _UNSAFE_STYLE.search(value)
        if name in ("href", "cite"):
            return urlsplit(value.strip()).scheme.lower() in _LINK_SCHEMES
        return True
    return False


def clean_html(fragment: str | bytes) -> str:
    """Sanitize HTML from a markdown cell or a ``text/html`` output for the reading copy.

    Allowed tags keep allowed attributes; anything else (``<script>``, ``<iframe>``,
    ``on*=`` handlers, ``javascript:`` links) is escaped, so the reader sees it as text
    and nothing runs. ``dir``, ``lang``, ``<details>`` and tables survive.

    >>> clean_html('<p dir="rtl">سلام<script>alert(1)</script></p>')
    '<p dir="rtl">سلام&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    >>> clean_html('<img src="x" onerror="alert(1)">')
    '<img src="x">'
    """
    text = fragment.decode("utf-8") if isinstance(fragment, bytes) else str(fragment)
    cleaned = bleach.clean(
        text, tags=ALLOWED_TAGS, attributes=_allowed_attribute,
        protocols=["http", "https", "mailto", "data"], strip=False, strip_comments=True,
        css_sanitizer=_CSS,
    )
    if "<style" in cleaned:  # keep pandas' table CSS, drop any <style> that could load things
        soup = BeautifulSoup(cleaned, "html.parser")
        for style in soup.find_all("style"):
            if _UNSAFE_STYLE.search(style.get_text()):
                style.decompose()
        cleaned = str(soup)
    return cleaned


# ---------------------------------------------------------------------------------------
# The page template: JupyterLab's, with every remote or scripted block emptied.
# ---------------------------------------------------------------------------------------

CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "font-src 'self' data:; base-uri 'none'; form-action 'none'")

BOOK_CSS = """
body.jp-Notebook { margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 0 1rem 2rem; }
.book-nav { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline;
  justify-content: space-between; max-width: 64rem; margin: 0 auto; padding: .6rem 1rem;
  font: 15px/1.4 system-ui, "DejaVu Sans", sans-serif; }
.book-nav.top { border-bottom: 1px solid #ddd; }
.book-nav.bottom { border-top: 1px solid #ddd; margin-top: 2rem; }
.book-nav a { text-decoration: none; }
.book-nav .spacer { flex: 1; }
/* Arabic: fonts that carry the script well, a roomier line, start-aligned in its own direction. */
:lang(ar), :dir(rtl) { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri",
  "Scheherazade New", "DejaVu Sans", "Arial", sans-serif; }
/* Arabic inside inline code: a text font (a monospace font breaks the joins into gaps). */
.jp-RenderedHTMLCommon code:lang(ar), .jp-RenderedHTMLCommon code [lang="ar"] {
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Scheherazade New",
  "DejaVu Sans", "Arial", sans-serif; }
/* JupyterLab pins paragraphs to the left; let them start where their own direction starts. */
.jp-RenderedHTMLCommon p { text-align: start; }
.jp-RenderedHTMLCommon p:dir(rtl), .jp-RenderedHTMLCommon li:dir(rtl),
.jp-RenderedHTMLCommon div[dir="rtl"] { line-height: 1.9; }
/* Arabic letters look smaller than Latin ones at the same font size: one step up, the same
   in paragraphs, list items, table cells and runs inside English, and never twice. */
.jp-RenderedHTMLCommon [lang="ar"], .jp-RenderedHTMLCommon div[dir="rtl"] { font-size: 1.12em; }
.jp-RenderedHTMLCommon [lang="ar"] [lang="ar"],
.jp-RenderedHTMLCommon div[dir="rtl"] [lang="ar"] { font-size: 1em; }
.jp-RenderedHTMLCommon td:dir(rtl), .jp-RenderedHTMLCommon th:dir(rtl) { text-align: right; }
/* JupyterLab breaks words anywhere in even table rows; Arabic words must stay joined. */
.jp-RenderedHTMLCommon td[lang="ar"], .jp-RenderedHTMLCommon th[lang="ar"] { word-break: normal; }
/* Text outputs (print, reprs): each line takes the direction of its first strong letter. */
.jp-OutputArea-output pre { unicode-bidi: plaintext; text-align: start; }
.jp-OutputArea-output pre:dir(rtl) { font-family: "DejaVu Sans Mono", "Noto Naskh Arabic", monospace; }
/* Code is code: left-to-right whatever the strings inside it say. */
.jp-InputArea pre, .highlight pre { direction: ltr; unicode-bidi: isolate; text-align: left; }
details > summary { cursor: pointer; font-weight: 600; }
.book-index ol { line-height: 1.8; }
.book-index .time { color: #666; font-size: .9em; }
.book-index a.binder { font-size: .9em; }
"""

PAGE_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.book.csp }}">
{%- endblock extra_css -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.book.css }}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.book.nav_top }}
<main>
{%- endblock body_header -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block body_footer -%}
</main>
{{ resources.book.nav_bottom }}
</body>
{%- endblock body_footer -%}
{%- block footer -%}
</html>
{%- endblock footer -%}
"""


class BookError(RuntimeError):
    """The book cannot be built as asked (bad input, or a page that would be unsafe)."""


@dataclass(frozen=True)
class Chapter:
    """One page of the book: where it comes from, where it goes, what it is called."""

    source: Path
    page: str          # file name inside the book, e.g. "01_loading.html"
    title: str
    minutes: int | None
    is_notebook: bool


def make_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter, JupyterLab look, offline and sanitized."""
    c = Config()
    c.HTMLExporter.template_name = "lab"
    c.HTMLExporter.template_file = "book.html.j2"
    c.HTMLExporter.sanitize_html = True
    # nbconvert's embed_images re-parses each raw-HTML block on its own, which closes a
    # markdown `<div dir="rtl">` before its content; finish_page embeds local images instead.
    c.HTMLExporter.embed_images = False
    c.HTMLExporter.exclude_anchor_links = True
    c.HTMLExporter.filters = {"clean_html": clean_html}
    exporter = HTMLExporter(config=c, extra_loaders=[jinja2.DictLoader({"book.html.j2": PAGE_TEMPLATE})])
    return exporter


# ---------------------------------------------------------------------------------------
# Reading sources.
# ---------------------------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MINUTES = re.compile(r"Estimated time\W*?(?:about\s+)?(\d+)\s*min", re.IGNORECASE)


def _strip_md(text: str) -> str:
    """Markdown heading text as plain text: ``**Intro** to `x` `` -> ``Intro to x``."""
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).strip()


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook, or raise :class:`BookError` saying which file is broken and how."""
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise BookError(f"{path}: no such notebook") from None
    except Exception as exc:  # nbformat raises several kinds for bad JSON / schema
        raise BookError(f"{path}: not a readable notebook ({type(exc).__name__}: {exc})") from None
    return nb


def chapter_for(path: Path, nb: nbformat.NotebookNode | None = None) -> Chapter:
    """Title and estimated time of a notebook (first ``# heading``) or a markdown doc."""
    if path.suffix == ".ipynb":
        nb = nb if nb is not None else read_notebook(path)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        page, is_nb = path.stem + ".html", True
    else:
        text = path.read_text(encoding="utf-8")
        page, is_nb = path.stem + ".html", False
    m = _HEADING.search(text)
    title = _strip_md(m.group(1)) if m else path.stem.replace("_", " ")
    t = _MINUTES.search(text)
    return Chapter(path, page, title, int(t.group(1)) if t else None, is_nb)


def unexecuted_cells(nb: nbformat.NotebookNode) -> int:
    """How many non-empty code cells were never run (they show no output in the book)."""
    return sum(1 for c in nb.cells
               if c.cell_type == "code" and c.source.strip() and c.get("execution_count") is None)


# Output kinds that only mean something when code runs; the book shows the next-best
# representation of the same output (HTML, markdown, image or plain text) instead.
ACTIVE_MIMETYPES = ("application/javascript", "text/javascript",
                    "application/vnd.jupyter.widget-view+json",
                    "application/vnd.jupyter.widget-state+json")


def without_active_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose outputs offer no JavaScript or widget representation.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
    ...     nbformat.v4.new_output("display_data", data={"text/plain": "x",
    ...                            "application/javascript": "alert(1)"})])])
    >>> sorted(without_active_outputs(nb).cells[0].outputs[0].data)
    ['text/plain']
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data:
                for kind in ACTIVE_MIMETYPES:
                    data.pop(kind, None)
    return nb


def doc_as_notebook(path: Path) -> nbformat.NotebookNode:
    """A markdown document as a one-cell notebook, so it gets the same rendering."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(path.read_text(encoding="utf-8")))
    nb.metadata["title"] = chapter_for(path).title
    return nb


# ---------------------------------------------------------------------------------------
# Navigation and post-processing.
# ---------------------------------------------------------------------------------------

def _nav(chapters: list[Chapter], i: int | None, where: str) -> str:
    """Contents / previous / next links, all text escaped."""
    e = html.escape
    parts = [f'<nav class="book-nav {where}" aria-label="Book navigation">',
             '<a href="index.html" rel="contents">Contents</a>']
    notebooks = [c for c in chapters if c.is_notebook]
    if i is not None and chapters[i].is_notebook:
        k = notebooks.index(chapters[i])
        parts.append('<span class="spacer"></span>')
        if k > 0:
            p = notebooks[k - 1]
            parts.append(f'<a href="{e(p.page)}" rel="prev">← {e(p.title)}</a>')
        if k + 1 < len(notebooks):
            n = notebooks[k + 1]
            parts.append(f'<a href="{e(n.page)}" rel="next">{e(n.title)} →</a>')
    else:
        for c in chapters:
            if not c.is_notebook:
                parts.append(f'<a href="{e(c.page)}">{e(c.title)}</a>')
    parts.append("</nav>")
    return "".join(parts)


_DIR_AUTO_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote",
                  "summary", "dd", "dt", "caption", "figcaption"]
_FORBIDDEN_TAGS = ["script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                   "form", "meta[http-equiv=refresh]"]


# Arabic script: the Arabic blocks, Supplement, Extended-A and the presentation forms.
_ARABIC_SCRIPT = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
# An Arabic run inside English: from an Arabic character to the last one before anything that
# belongs to the English around it (a Latin letter, a bracket, a Latin comma or semicolon, an
# arrow). Spaces, digits and the punctuation of a phrase between two Arabic words stay inside,
# and so do digits written against its last word (و2025).
_ARABIC_RUN = re.compile(rf"[{_ARABIC_SCRIPT}](?:[{_ARABIC_SCRIPT}\s0-9.:!?%/'\"«»\-–—…\u200c\u200d]*"
                         rf"[{_ARABIC_SCRIPT}])?[0-9]*")
_ARABIC_LETTER = re.compile(rf"[{_ARABIC_SCRIPT}]")
# A block whose letters are at least this share Arabic is Arabic text (a Latin "X" placeholder
# or a label inside an article passage does not make it English).
ARABIC_BLOCK_SHARE = 0.75


def arabic_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each Arabic run in ``text``, the spans to isolate inside English.

    >>> t = 'the words "قال, أضاف" and بين عامي 2024 و2025 (in 2025).'
    >>> [t[a:b] for a, b in arabic_runs(t)]
    ['قال', 'أضاف', 'بين عامي 2024 و2025']
    >>> arabic_runs("no Arabic here")
    []
    """
    return [m.span() for m in _ARABIC_RUN.finditer(text)]


def block_direction(text: str) -> str:
    """``"rtl"`` for Arabic text, ``"ltr"`` for English (or other left-to-right) text with or
    without Arabic runs, ``"auto"`` for text without letters (numbers: it inherits).

    >>> block_direction("وصلتُ looks like one unit"), block_direction("جدعون ساعر")
    ('ltr', 'rtl')
    >>> block_direction("حركة X، حزب X، وزارة X"), block_direction("2025"), block_direction("Baku")
    ('rtl', 'auto', 'ltr')
    """
    arabic = other = 0
    for ch in text:
        if _ARABIC_LETTER.match(ch):
            arabic += ch.isalpha()
        elif unicodedata.bidirectional(ch) == "L" and ch.isalpha():
            other += 1
    if not arabic and not other:
        return "auto"
    return "rtl" if arabic / (arabic + other) >= ARABIC_BLOCK_SHARE else "ltr"


def _isolated(node, block) -> bool:
    """Whether ``node`` sits, below ``block``, in a ``<bdi>``, ``<pre>`` or an element with a ``dir``."""
    for parent in node.parents:
        if parent is block:
            return False
        if parent.name in ("bdi", "pre", "style", "script") or parent.has_attr("dir"):
            return True
    return False


def _isolate_arabic_runs(soup: BeautifulSoup, block) -> None:
    """Wrap every Arabic run in the text of ``block`` in ``<bdi lang="ar">`` (text stays escaped)."""
    for node in list(block.find_all(string=True)):
        if type(node) is not NavigableString or not _ARABIC_LETTER.search(node):
            continue  # comments, CSS, and text without Arabic
        if _isolated(node, block):
            continue
        pieces, at = [], 0
        for start, end in arabic_runs(str(node)):
            pieces.append(NavigableString(node[at:start]))
            bdi = soup.new_tag("bdi", lang="ar")
            bdi.string = node[start:end]
            pieces.append(bdi)
            at = end
        pieces.append(NavigableString(node[at:]))
        node.replace_with(*[p for p in pieces if not isinstance(p, NavigableString) or p])


def mark_directions(soup: BeautifulSoup, main) -> None:
    """Give every text block of ``main`` its direction (see :func:`block_direction`).

    Arabic blocks get ``dir="rtl" lang="ar"``; English blocks ``dir="ltr"`` and their Arabic
    runs ``<bdi lang="ar">``; blocks an author gave a ``dir`` keep it; code editors are left
    alone. Inline code holding only Arabic gets ``dir="rtl" lang="ar"`` (an Arabic text font,
    isolated like a ``<bdi>``).
    """
    for code in main.find_all("code"):
        if code.find_parent("pre") is None and block_direction(code.get_text()) == "rtl":
            code["dir"], code["lang"] = "rtl", "ar"
    for el in main.find_all(_DIR_AUTO_TAGS):
        if el.has_attr("dir") or el.find_parent(class_="jp-CodeMirrorEditor"):
            continue
        direction = block_direction(el.get_text())
        el["dir"] = direction
        if direction == "rtl" and not el.has_attr("lang"):
            el["lang"] = "ar"
        elif direction == "ltr":
            _isolate_arabic_runs(soup, el)


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def _embed_local_image(src: str, base: Path | None) -> str | None:
    """``data:`` URI for an image file next to the source, or None if there is none."""
    parts = urlsplit(src)
    if base is None or parts.scheme or parts.netloc or not parts.path:
        return None
    path = (base / parts.path).resolve()
    kind = _IMAGE_TYPES.get(path.suffix.lower())
    if kind is None or not path.is_file():
        return None
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def finish_page(page_html: str, link_map: dict[str, str], where: str,
                base: Path | None = None) -> str:
    """Direction hints, book-internal links, embedded images, a last safety and offline check.

    Raises :class:`BookError` naming ``where`` if the page would run a script or fetch
    anything from the network.
    """
    soup = BeautifulSoup(page_html, "html.parser")
    for img in soup.find_all("img", src=True):
        if data := _embed_local_image(img["src"], base):
            img["src"] = data
    main = soup.find("main") or soup
    mark_directions(soup, main)
    for el in main.select(".jp-OutputArea-output pre"):
        if not el.has_attr("dir"):
            el["dir"] = "auto"
    for a in soup.find_all("a", href=True):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        name = os.path.basename(parts.path)
        if name in link_map:
            a["href"] = link_map[name] + (f"#{parts.fragment}" if parts.fragment else "")
    problems = []
    for sel in _FORBIDDEN_TAGS:
        problems += [f"<{el.name}> element" for el in soup.select(sel)]
    for el in soup.find_all(True):
        for attr, value in el.attrs.items():
            if attr.lower().startswith("on"):
                problems.append(f'{attr}= attribute on <{el.name}>')
            if attr in ("href", "src", "action", "formaction", "xlink:href"):
                v = value if isinstance(value, str) else " ".join(value)
                scheme = urlsplit(v.strip()).scheme.lower()
                if scheme in ("javascript", "vbscript"):
                    problems.append(f"{scheme}: URL in <{el.name} {attr}>")
                remote = scheme in ("http", "https", "ftp") or v.strip().startswith("//")
                if remote and (attr != "href" or el.name == "link"):
                    problems.append(f"remote resource {v[:80]!r} in <{el.name} {attr}>")
            if attr == "style" and re.search(r"url\s*\(|@import", str(value), re.IGNORECASE):
                problems.append(f"style attribute that loads a resource on <{el.name}>")
    for style in soup.find_all("style"):
        if re.search(r"@import|url\s*\(\s*['\"]?\s*(https?:|//)", style.get_text(), re.IGNORECASE):
            problems.append("<style> that loads a remote resource")
    if problems:
        listed = "; ".join(sorted(set(problems)))
        raise BookError(f"{where}: refusing to write a page that is not safe offline reading: {listed}")
    return str(soup)


def _index_page(chapters: list[Chapter]) -> str:
    e = html.escape
    items = []
    for c in chapters:
        if c.is_notebook:
            time = f' <span class="time">· {c.minutes} min</span>' if c.minutes else ""
            launch = f' · <a class="binder" href="{e(binder_url(c.source.name))}">run it on Binder</a>'
            items.append(f'<li><a class="page" href="{e(c.page)}">{e(c.title)}</a>{time}{launch}</li>')
    docs = "".join(f'<li><a href="{e(c.page)}">{e(c.title)}</a></li>'
                   for c in chapters if not c.is_notebook)
    total = sum(c.minutes or 0 for c in chapters if c.is_notebook)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>Arabic News Notebooks — reading copy</title>
<style type="text/css">
body {{ font: 16px/1.6 system-ui, "DejaVu Sans", sans-serif; color: #222; margin: 0; }}
{BOOK_CSS}
</style>
</head>
<body>
{_nav(chapters, None, "top")}
<main class="book-index">
<h1>Arabic News Notebooks</h1>
<p>A reading copy of the notebooks, rendered as they are stored (executed, with their outputs).
To run or change the code, open the notebooks themselves (<code>make lab</code>), or,
without installing anything, follow a notebook's <em>run it on Binder</em> link: mybinder.org, a free
public service, builds the project's environment and opens the notebook in JupyterLab in your browser
(the first start can take several minutes; your changes are lost when the session ends).</p>
<p dir="rtl" lang="ar">كيف تغطي وسيلتان إعلاميتان الجولة الدبلوماسية نفسها؟</p>
<p><em>How do two outlets cover the same diplomatic tour?</em></p>
<h2>Notebooks</h2>
<ol>{"".join(items)}</ol>
{f'<p class="time">About {total} minutes in all.</p>' if total else ""}
{f"<h2>Guides</h2><ul>{docs}</ul>" if docs else ""}
</main>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------
# Building.
# ---------------------------------------------------------------------------------------

def default_sources(root: Path = ROOT) -> list[Path]:
    """Every numbered notebook in order, then the teaching guide and the glossary."""
    notebooks = sorted((root / "notebooks").glob("[0-9]*.ipynb"))
    docs = [root / "docs" / d for d in DOCS if (root / "docs" / d).is_file()]
    return notebooks + docs


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def build_book(sources: list[str | os.PathLike], out: str | os.PathLike = DEFAULT_OUT,
               *, log=print) -> list[Path]:
    """Render notebooks (and markdown docs) into a static site at ``out``; return the pages.

    The site is built in a temporary folder next to ``out`` and swapped in whole, so a
    failed build leaves the previous book untouched.
    """
    paths = [Path(s) for s in sources]
    if not paths:
        raise BookError("no notebooks to render (expected notebooks/[0-9]*.ipynb)")
    notebooks: dict[Path, nbformat.NotebookNode] = {}
    chapters = []
    for p in paths:
        if p.suffix == ".ipynb":
            nb = read_notebook(p)
            notebooks[p] = nb
            chapters.append(chapter_for(p, nb))
            if n := unexecuted_cells(nb):
                shown = os.path.relpath(p) if p.is_absolute() else p
                log(f"warning: {shown} has {n} code cell(s) never run; they show no output. "
                    f"Run `make notebooks NB={shown}` first.")
        elif p.suffix == ".md":
            if not p.is_file():
                raise BookError(f"{p}: no such document")
            chapters.append(chapter_for(p))
        else:
            raise BookError(f"{p}: expected a .ipynb notebook or a .md document")
    names = [c.page for c in chapters]
    if len(set(names)) != len(names) or "index.html" in names:
        raise BookError(f"two sources would render to the same page: {sorted(names)}")
    link_map = {c.source.name: c.page for c in chapters}

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        exporter = make_exporter()
        for i, c in enumerate(chapters):
            nb = without_active_outputs(notebooks[c.source]) if c.is_notebook else doc_as_notebook(c.source)
            resources = {
                "metadata": {"name": c.title, "path": str(c.source.parent)},
                "book": {"csp": CSP, "css": BOOK_CSS,
                         "nav_top": _nav(chapters, i, "top"), "nav_bottom": _nav(chapters, i, "bottom")},
            }
            body, _ = exporter.from_notebook_node(nb, resources=resources)
            _write_atomic(staging / c.page, finish_page(body, link_map, str(c.source), c.source.parent))
        _write_atomic(staging / "index.html", finish_page(_index_page(chapters), link_map, "index"))
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if out.exists():
            out.replace(old)
        staging.replace(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = [out / "index.html"] + [out / c.page for c in chapters]
    log(f"book: {len(pages)} pages in {out} (open {out / 'index.html'})")
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", help="notebooks / .md docs (default: all, in order)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: build/html)")
    args = ap.parse_args(argv)
    try:
        build_book(args.sources or default_sources(), args.out)
    except BookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
