"""The HTML reading copy (``make book``): structure, safety, and a real browser.

The first part builds the book from the stored notebooks and from a hostile notebook and
checks the HTML itself. The second part opens the pages in headless Chromium (Debian's
``chromium`` + ``chromium-driver``) and checks what a reader gets: Arabic passages laid out
right-to-left, no script from article text running, nothing loaded from elsewhere. It is
skipped, with a message saying what to install, where Chromium is absent.
"""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402
from build_book import BookError, build_book as build, clean_html, finish_page  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")

# Article text as it appears in the corpus, with payloads an unescaping helper would let run.
HEADLINE = "وزير خارجية إسرائيل من أذربيجان: نسعى لتوطيد علاقتنا الاستراتيجية"
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = "<svg onload=\"window.__pwned = 'svg'\"></svg>"
LINK = "<a href=\"javascript:window.__pwned='link'\">اضغط</a>"


def arabic_share(text: str) -> float:
    letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
    return sum(bool(ARABIC.match(ch)) for ch in letters) / len(letters) if letters else 0.0


def first_strong(text: str) -> str | None:
    """'rtl' or 'ltr' from the first strong letter, as ``dir="auto"`` decides; None if none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def hostile_notebook() -> nbformat.NotebookNode:
    """A notebook whose article text carries script payloads in every place text can land."""
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Hostile input\n\nEstimated time: 1 minute\n\n"
                          f'<div dir="rtl">\n\n{HEADLINE} {SCRIPT}\n\n{HEADLINE} {IMG}\n\n</div>\n\n'
                          f"English paragraph with {LINK} and {SVG}."),
        new_code_cell("print(headline)", execution_count=1, outputs=[
            new_output("stream", name="stdout", text=f"{HEADLINE} {SCRIPT}\n{IMG}\n")]),
        new_code_cell("df", execution_count=2, outputs=[new_output(
            "execute_result", execution_count=2,
            data={"text/plain": HEADLINE,
                  "text/html": ('<div><style scoped>.dataframe td { color: #123; }</style>'
                                '<table class="dataframe"><thead><tr><th>doc_id</th><th>headline</th>'
                                f'</tr></thead><tbody><tr><td>anadolu</td><td>{HEADLINE} {IMG}</td>'
                                f'</tr><tr><td>x</td><td>{SCRIPT}</td></tr></tbody></table></div>')})]),
        new_code_cell("display(md)", execution_count=3, outputs=[new_output(
            "display_data", data={"text/plain": "md", "text/markdown": f"**{HEADLINE}** {SCRIPT} {IMG}",
                                  "application/javascript": "window.__pwned = 'javascript output'"})]),
        new_code_cell("widget", execution_count=4, outputs=[new_output(
            "display_data", data={"text/plain": "w", "application/vnd.jupyter.widget-view+json":
                                  {"model_id": "x", "version_major": 2, "version_minor": 0}})]),
        new_code_cell("raise ValueError(headline)", execution_count=5, outputs=[new_output(
            "error", ename="ValueError", evalue=f"{HEADLINE} {SCRIPT}",
            traceback=[f"ValueError: {HEADLINE} {SCRIPT}"])]),
    ]
    return nb


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The real book: every stored notebook and the guides, rendered as stored."""
    out = tmp_path_factory.mktemp("book") / "html"
    build(build_book.default_sources(), out, log=lambda *a: None)
    return out


def _fixture_book(tmp_path_factory, name: str, nb) -> Path:
    """The book of one fixture notebook, ``00_<name>.ipynb``, built in a temporary folder."""
    src = tmp_path_factory.mktemp(name)
    nbformat.write(nb, src / f"00_{name}.ipynb")
    out = src / "html"
    build([src / f"00_{name}.ipynb"], out, log=lambda *a: None)
    return out


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory) -> Path:
    return _fixture_book(tmp_path_factory, "hostile", hostile_notebook())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- the sanitizer ---------------------------------------------------------------------

def test_clean_html_shows_scripts_as_text_and_drops_handlers():
    out = clean_html(f'<p dir="rtl">{HEADLINE} {SCRIPT}</p>{IMG}{LINK}')
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "onerror" not in out and "javascript:" not in out
    assert f'<p dir="rtl">{HEADLINE}' in out


def test_clean_html_keeps_teaching_markup():
    md = ('<div dir="rtl" lang="ar"><table><tbody><tr><td style="text-align: right;">'
          f'{HEADLINE}</td></tr></tbody></table></div>'
          '<details><summary>Solution</summary><p>x</p></details>')
    assert clean_html(md) == md


def test_clean_html_keeps_pandas_css_but_not_css_that_loads():
    kept = clean_html("<style>.dataframe td { color: navy; }</style><table></table>")
    assert ".dataframe td { color: navy; }" in kept
    dropped = clean_html("<style>@import url(https://example.org/x.css); td{}</style><p>x</p>")
    assert "@import" not in dropped and "<p>x</p>" in dropped


def test_clean_html_keeps_embedded_images_only():
    png = "data:image/png;base64,iVBORw0KGgo="
    assert f'src="{png}"' in clean_html(f'<img src="{png}" alt="">')
    assert "example.org" not in clean_html('<img src="https://example.org/t.png">')
    assert "data:text/html" not in clean_html('<img src="data:text/html,<script>x</script>">')
    assert "example.org" not in clean_html('<img src="//example.org/t.png">')
    assert clean_html('<img src="figure.png">') == '<img src="figure.png">'


def test_clean_html_keeps_inline_css_that_loads_nothing():
    assert clean_html('<p style="text-align: right; direction: rtl">x</p>') == \
        '<p style="text-align: right; direction: rtl;">x</p>'
    for css in ["background: url(https://example.org/a.png)", "color: red; background: u\\72l(x.png)",
                "background-image: url('x.png')"]:
        assert "style" not in clean_html(f'<p style="{css}">x</p>'), css


def test_last_line_of_defence_refuses_unsafe_pages():
    for bad in ["<script>x()</script>", '<p onclick="x()">a</p>', '<a href="javascript:x()">a</a>',
                '<img src="https://example.org/x.png">', '<iframe src="a.html"></iframe>',
                '<img src="//example.org/x.png">', '<p style="background: url(x.png)">a</p>',
                "<style>@import url('https://example.org/a.css');</style>"]:
        with pytest.raises(BookError, match="not safe offline reading"):
            finish_page(f"<html><body><main>{bad}</main></body></html>", {}, "page.html")


# --- the book built from a hostile notebook --------------------------------------------

def test_hostile_text_is_shown_as_text_and_nothing_can_run(hostile_book):
    page = hostile_book / "00_hostile.html"
    raw = page.read_text(encoding="utf-8")
    soup = soup_of(page)
    assert soup.find_all("script") == []
    assert not [a for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert "javascript:" not in raw
    assert "window.__pwned = 'javascript output'" not in raw  # JS outputs are dropped, not run
    text = soup.get_text()
    # In plain-text places (print, tracebacks) the payload is shown exactly as written.
    assert f"{HEADLINE} {SCRIPT}" in text
    assert text.count(SCRIPT) >= 4
    # Arabic survives untouched.
    assert text.count(HEADLINE) >= 6


def test_every_page_is_offline_and_scriptless(book, hostile_book):
    for page in [*book.glob("*.html"), *hostile_book.glob("*.html")]:
        raw = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(raw, "html.parser")
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None and "default-src 'none'" in csp["content"], page.name
        assert soup.find_all(["script", "iframe", "link"]) == [], page.name
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//(cdn|unpkg|fonts\.)""", raw), page.name
        assert "mathjax" not in raw.lower() and "require.js" not in raw.lower(), page.name
        for img in soup.find_all("img"):
            assert not img["src"].startswith(("http:", "https:", "//")), (page.name, img["src"][:60])


# --- the real book ---------------------------------------------------------------------

def test_index_lists_every_notebook_in_order(book):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert notebooks, "no notebooks in notebooks/"
    index = soup_of(book / "index.html")
    links = [a["href"] for a in index.select("main ol a.page")]
    assert links == [p.stem + ".html" for p in notebooks]
    for href in links:
        assert (book / href).is_file()
    for doc in ("teaching.html", "glossary.html"):
        if (ROOT / "docs" / doc.replace(".html", ".md")).exists():
            assert index.select_one(f'main a[href="{doc}"]') is not None
            assert (book / doc).is_file()


def test_index_gives_each_notebook_its_page_and_its_binder_launch_link(book):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    index = soup_of(book / "index.html")
    items = index.select("main ol li")
    assert len(items) == len(notebooks)
    repo = build_book.REPOSITORY_URL.removeprefix("https://github.com/")
    for item, nb in zip(items, notebooks):
        assert [a["href"] for a in item.select("a")] == [
            f"{nb.stem}.html",
            f"https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/notebooks/{nb.name}",
        ]
        assert item.select_one("a.binder").get_text() == "run it on Binder"
    assert "mybinder.org" in index.select_one("main p").get_text()


def test_index_gives_each_notebook_the_time_its_header_states(book):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    stated = []
    for nb in notebooks:
        header = nbformat.read(nb, as_version=4).cells[0].source
        m = re.search(r"Estimated time\W*(?:about\s+)?(\d+) minutes", header)
        assert m, f"{nb.name}: no estimated time in its first cell"
        stated.append(f"· {m.group(1)} min")
    items = soup_of(book / "index.html").select("main ol li")
    assert [li.select_one(".time").get_text() for li in items] == stated


def test_teaching_guide_gives_each_notebook_the_time_its_header_states():
    """The guide's overview table (first column "NN · Name", last the time) agrees with the notebooks."""
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    in_guide = dict(re.findall(r"^\| (\d\d\w?) · [^|]+\|[^|]+\| (\d+) min", guide, re.MULTILINE))
    stated = {}
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        header = nbformat.read(nb, as_version=4).cells[0].source
        stated[nb.stem.split("_")[0]] = re.search(r"Estimated time\W*(?:about\s+)?(\d+) minutes", header).group(1)
    assert in_guide == stated


def test_binder_url_opens_the_notebook_in_jupyterlab():
    assert build_book.binder_url("06_scaling.ipynb", "https://github.com/a-b/c.d/") == (
        "https://mybinder.org/v2/gh/a-b/c.d/HEAD?urlpath=lab/tree/notebooks/06_scaling.ipynb")


def test_readme_binder_badge_points_at_the_same_repository_and_environment():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"\[!\[[^\]]*\]\((https://mybinder\.org/badge_logo\.svg)\)\]\(([^)]*)\)", readme)
    assert badges == [("https://mybinder.org/badge_logo.svg", build_book.binder_url("00_introduction.ipynb"))]
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -e ." in env, "Binder installs helpers from environment.yml's pip section"


def test_prev_next_navigation_walks_the_notebooks_in_order(book):
    pages = [p.stem + ".html" for p in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))]
    for i, page in enumerate(pages):
        soup = soup_of(book / page)
        for nav in soup.select("nav.book-nav"):
            assert nav.select_one('a[rel="contents"]')["href"] == "index.html"
            prev, nxt = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
            assert (prev["href"] if prev else None) == (pages[i - 1] if i > 0 else None)
            assert (nxt["href"] if nxt else None) == (pages[i + 1] if i + 1 < len(pages) else None)
        assert len(soup.select("nav.book-nav")) == 2, page


def test_links_between_notebooks_point_at_pages(book):
    for page in book.glob("*.html"):
        for a in soup_of(page).find_all("a", href=True):
            href = a["href"].split("#")[0]
            assert not href.endswith(".ipynb") or "/" in href or not (ROOT / "notebooks" / href).exists(), \
                f"{page.name}: link to {href} should point at its page"
            if href.endswith(".html") and "/" not in href and not href.startswith("http"):
                assert (book / href).is_file(), f"{page.name}: broken link {href}"


def test_pages_keep_outputs_as_stored(book):
    """Rendered as stored: every stored text output of a code cell appears on its page."""
    intro = ROOT / "notebooks" / "00_introduction.ipynb"
    if not intro.exists():
        pytest.skip("notebooks/00_introduction.ipynb not written yet")
    nb = nbformat.read(intro, as_version=4)
    text = soup_of(book / "00_introduction.html").get_text()
    streams = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type == "stream"]
    assert streams, "the introduction prints something"
    for s in streams:
        for line in s.splitlines():
            assert line.strip() in text


def test_arabic_markdown_keeps_its_direction(book):
    found = 0
    for page in book.glob("[0-9]*.html"):
        soup = soup_of(page)
        for p in soup.select("main p"):
            if p.find_parent(attrs={"dir": "ltr"}) or p.get("dir") == "ltr":
                continue  # an author's deliberate left-to-right example
            if arabic_share(p.get_text()) > 0.8:
                found += 1
                assert p.get("dir") in ("auto", "rtl") or p.find_parent(attrs={"dir": "rtl"}), \
                    f"{page.name}: Arabic paragraph without a direction: {p.get_text()[:40]}"
    assert found >= 3


def test_failed_build_leaves_the_previous_book_alone(tmp_path):
    good = tmp_path / "00_ok.ipynb"
    nbformat.write(hostile_notebook(), good)
    out = tmp_path / "html"
    build([good], out, log=lambda *a: None)
    before = (out / "00_ok.html").read_bytes()
    bad = tmp_path / "01_broken.ipynb"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(BookError, match="01_broken.ipynb: not a readable notebook"):
        build([good, bad], out, log=lambda *a: None)
    assert (out / "00_ok.html").read_bytes() == before
    assert not (out / "01_broken.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_ok.ipynb", "01_broken.ipynb", "html"]


def test_unexecuted_notebook_is_reported(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Not run"), new_code_cell("print(1)")])
    nbformat.write(nb, tmp_path / "00_not_run.ipynb")
    said = []
    build([tmp_path / "00_not_run.ipynb"], tmp_path / "html", log=said.append)
    assert any("never run" in s and "make notebooks" in s for s in said)


def test_cli_reports_bad_input_clearly(tmp_path, capsys):
    assert build_book.main(["--out", str(tmp_path / "html"), str(tmp_path / "missing.ipynb")]) == 1
    assert "missing.ipynb: no such notebook" in capsys.readouterr().err


# --- directions: English prose with Arabic inside, Arabic blocks, Arabic inline code ----

def direction_notebook() -> nbformat.NotebookNode:
    """English prose that opens with Arabic words, Arabic blocks, Arabic in code and tables."""
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell(
            "# Directions\n\nEstimated time: 1 minute\n\n"
            f"وصلتُ looks like one unit on screen, but it is five code points {SCRIPT}.\n\n"
            "- باكو is the capital of Azerbaijan; 2025 was the year.\n"
            "- Reporting verbs: `قال`, `أضاف` and `normalize(\"إسرائيل\")`, not `print(x)`.\n\n"
            "## Problem 5 · A typo: بلمئة\n\n"
            "| word | gloss |\n|---|---|\n| جدعون ساعر | Gideon Saar |\n| Baku | the capital |\n\n"
            "جدعون ساعر في باكو، عاصمة أذربيجان.\n\n"
            "English only, for the size comparison.\n"),
        new_code_cell("df", execution_count=1, outputs=[new_output(
            "execute_result", execution_count=1,
            data={"text/plain": HEADLINE,
                  "text/html": ('<table class="dataframe"><thead><tr><th>doc_id</th><th>headline</th></tr>'
                                '</thead><tbody><tr><td>anadolu</td>'
                                f'<td>{HEADLINE}</td></tr><tr><td>x</td><td>باكو is in {IMG}</td></tr>'
                                '</tbody></table>')})]),
    ]
    return nb


@pytest.fixture(scope="module")
def direction_book(tmp_path_factory) -> Path:
    return _fixture_book(tmp_path_factory, "directions", direction_notebook())


def _block(soup: BeautifulSoup, tag: str, starts: str):
    return next(el for el in soup.select(f"main {tag}") if el.get_text().strip().startswith(starts))


def test_arabic_runs_and_block_directions():
    runs = build_book.arabic_runs
    text = "remove the stroke ـ (الخارجيـــة → الخارجية), then «باكو - أستانا» 5 times"
    assert [text[a:b] for a, b in runs(text)] == ["ـ", "الخارجيـــة", "الخارجية", "باكو - أستانا"]
    assert build_book.block_direction("Example: في تدوينة لساعر — \"in a post by Saar\"") == "ltr"
    assert build_book.block_direction("إسرائيل (Israel)") == "ltr"
    assert build_book.block_direction("الرئيس X، وزير الخارجية الموريتاني X، نظيره X") == "rtl"


def test_english_that_opens_with_arabic_is_left_to_right_with_the_arabic_isolated(direction_book):
    page = direction_book / "00_directions.html"
    soup = soup_of(page)
    p = _block(soup, "p", "وصلتُ")
    assert p["dir"] == "ltr" and not p.has_attr("lang")
    assert str(p.contents[0]) == '<bdi lang="ar">وصلتُ</bdi>'
    assert SCRIPT in p.get_text() and "<script" not in str(p)          # still shown as text
    li = _block(soup, "li", "باكو")
    assert li["dir"] == "ltr" and str(li.contents[0]) == '<bdi lang="ar">باكو</bdi>'
    h2 = _block(soup, "h2", "Problem 5")
    assert h2["dir"] == "ltr" and [b.get_text() for b in h2.find_all("bdi")] == ["بلمئة"]
    cell = _block(soup, "td", "باكو is in")
    assert cell["dir"] == "ltr" and str(cell.contents[0]) == '<bdi lang="ar">باكو</bdi>'
    assert "onerror" not in str(cell)                                  # the sanitizer still ran
    assert "<script" not in page.read_text(encoding="utf-8")


def test_arabic_blocks_stay_right_to_left(direction_book):
    soup = soup_of(direction_book / "00_directions.html")
    for el in [_block(soup, "p", "جدعون ساعر في باكو"), _block(soup, "td", "جدعون ساعر"),
               _block(soup, "td", HEADLINE)]:
        assert (el["dir"], el["lang"], el.find("bdi")) == ("rtl", "ar", None), el
    assert _block(soup, "td", "Baku")["dir"] == "ltr"
    assert _block(soup, "p", "English only")["dir"] == "ltr"


def test_arabic_inline_code_is_marked_arabic_and_latin_code_is_not(direction_book):
    soup = soup_of(direction_book / "00_directions.html")
    codes = {c.get_text(): c for c in _block(soup, "li", "Reporting verbs").find_all("code")}
    assert {k: (c.get("dir"), c.get("lang")) for k, c in codes.items()} == {
        "قال": ("rtl", "ar"), "أضاف": ("rtl", "ar"),
        'normalize("إسرائيل")': (None, None), "print(x)": (None, None)}
    assert str(codes['normalize("إسرائيل")']) == '<code>normalize("<bdi lang="ar">إسرائيل</bdi>")</code>'


def test_no_arabic_left_unisolated_in_english_prose_of_the_real_book(book):
    """Every Arabic letter inside an English block sits in <bdi lang="ar"> or an element with a dir."""
    english_opening_with_arabic = 0
    for page in sorted(book.glob("*.html")):
        soup = soup_of(page)
        for el in soup.select("main [dir=ltr]"):
            if (el.name not in build_book._DIR_AUTO_TAGS or el.find_parent(class_="jp-CodeMirrorEditor")
                    or build_book.block_direction(el.get_text()) != "ltr"):  # an author's own dir="ltr" demo
                continue
            loose = [s for s in el.find_all(string=True) if ARABIC.search(s)
                     and not any(p.name == "bdi" or (p.has_attr("dir") and p is not el)
                                 for p in s.parents if el in p.parents or p is el)]
            assert loose == [], (page.name, el.get_text()[:80])
            english_opening_with_arabic += first_strong(el.get_text()) == "rtl"
    # 15 in the stored notebooks and guides when this was written (the walk-through counted 19
    # with an older copy); the notebooks change, so only "many" is asserted.
    assert english_opening_with_arabic >= 10


# --- in a real browser -----------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("browser test needs Debian's chromium and chromium-driver "
                    "(/usr/bin/chromium, /usr/bin/chromedriver): apt-get install -y chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="book-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,1600", f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # belt and braces: selenium-manager must not download
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path) -> list[dict]:
    """Load a page; return what it logged to the console (CSP refusals show up here)."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    return driver.get_log("browser")


def test_browser_payloads_are_live_outside_the_book(browser, tmp_path):
    """Control: the same payloads, pasted raw into a page, do run in this browser."""
    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><meta charset=utf-8><body><p>{HEADLINE} {IMG}</p></body>",
                    encoding="utf-8")
    open_page(browser, page)
    assert browser.execute_script("return window.__pwned") == "img"
    page.write_text(f"<!DOCTYPE html><meta charset=utf-8><body><p>{HEADLINE} {SCRIPT}</p></body>",
                    encoding="utf-8")
    open_page(browser, page)
    assert browser.execute_script("return window.__pwned") == "script"


def test_browser_policy_refusals_are_visible_to_the_test(browser, tmp_path):
    """Control: the book's policy blocks an inline script here, and the refusal reaches the log.

    So the policy is a working second line of defence, and an empty log on a book page means
    the sanitizer left the policy nothing to refuse.
    """
    page = tmp_path / "csp.html"
    page.write_text(f'<!DOCTYPE html><meta charset=utf-8><meta http-equiv="Content-Security-Policy" '
                    f'content="{build_book.CSP}"><body><p>{HEADLINE} {SCRIPT}</p></body>',
                    encoding="utf-8")
    log = open_page(browser, page)
    assert browser.execute_script("return window.__pwned === undefined")
    assert any("Content Security Policy" in e["message"] for e in log), log


def test_browser_runs_no_script_from_article_text(browser, hostile_book):
    log = open_page(browser, hostile_book / "00_hostile.html")
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.execute_script(
        "return [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
        ".some(a => a.name.startsWith('on'))).length") == 0
    shown = browser.execute_script("return document.body.innerText")
    assert SCRIPT in shown and "onerror" in shown   # payloads visible as text
    # The sanitizer removed everything: the page's policy never had to refuse anything.
    refusals = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert refusals == []


def _directions(driver) -> list[dict]:
    return driver.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll(
                'main p, main li, main td, main th, main .jp-OutputArea-output pre')) {
            const r = document.createRange(); r.selectNodeContents(el);
            const box = el.getBoundingClientRect(), text = r.getBoundingClientRect();
            const cs = getComputedStyle(el);
            if (el.closest('[dir="ltr"]')) continue;  // an author's deliberate left-to-right example
            // The text dir="auto" looks at: without <bdi> and elements with their own dir.
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_ALL, {acceptNode: n =>
                n !== el && n.nodeType === 1 && (n.tagName === 'BDI' || n.hasAttribute('dir'))
                    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
            let autoText = '';
            for (let n = walker.nextNode(); n && autoText.length < 400; n = walker.nextNode())
                if (n.nodeType === 3) autoText += n.data;
            out.push({tag: el.tagName, text: el.innerText.slice(0, 200), dir: cs.direction, autoText,
                      bidi: cs.unicodeBidi, align: cs.textAlign,
                      gapRight: box.right - parseFloat(cs.paddingRight) - text.right,
                      gapLeft: text.left - box.left - parseFloat(cs.paddingLeft)});
        }
        return out;""")


def test_browser_lays_arabic_out_right_to_left(browser, book):
    for page in sorted(book.glob("[0-9]*.html")):
        log = open_page(browser, page)
        items = _directions(browser)
        # Text outputs are laid out line by line, each line in the direction of its first
        # strong letter; the element's own direction follows its first line.
        pres = [i for i in items if i["tag"] == "PRE"]
        assert all(i["bidi"] == "plaintext" and i["align"] == "start" for i in pres), page.name
        for i in pres:
            i["text"] = next((line for line in i["text"].splitlines() if line.strip()), "")
            i["autoText"] = i["text"]
        # Text that starts with an Arabic letter is laid out right to left (a line that
        # starts with a Latin label, "(raw) ...", rightly stays left to right).
        arabic = [i for i in items if first_strong(i["autoText"]) == "rtl"]
        english = [i for i in items if i["text"].strip() and arabic_share(i["text"]) == 0]
        wrong = [(i["tag"], i["text"][:50]) for i in arabic if i["dir"] != "rtl"]
        assert not wrong, f"{page.name}: Arabic laid out left-to-right: {wrong[:5]}"
        assert all(i["dir"] == "ltr" for i in english if i["tag"] == "P"), page.name
        # Right-to-left paragraphs sit against the right edge, not the left.
        for i in arabic:
            if i["tag"] == "P" and arabic_share(i["text"]) > 0.8:
                assert abs(i["gapRight"]) < 3 and i["gapLeft"] >= -1, (page.name, i)
        assert [e["message"] for e in log if e["level"] == "SEVERE"] == [], page.name
    browser.get((book / "00_introduction.html").resolve().as_uri())
    arabic = [i for i in _directions(browser) if arabic_share(i["text"]) > 0.8 and i["dir"] == "rtl"]
    assert len(arabic) >= 5, "the introduction shows Arabic passages"
    assert any(i["tag"] in ("TD", "TH") for i in arabic), "the introduction shows an Arabic table"


def test_browser_screenshot_of_the_introduction(browser, book):
    """A picture of the introduction for a person to look at: build/book_screenshot.png."""
    open_page(browser, book / "00_introduction.html")
    # Scroll to the articles-at-a-glance table so the picture shows Arabic.
    browser.execute_script(
        "const t = [...document.querySelectorAll('main table')].find(t => /[\\u0600-\\u06FF]/"
        ".test(t.innerText)); if (t) t.scrollIntoView();")
    shot = ROOT / "build" / "book_screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    tmp = shot.with_name("book_screenshot.tmp.png")
    assert browser.save_screenshot(str(tmp))
    tmp.replace(shot)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_browser_lays_english_that_opens_with_arabic_out_left_to_right(browser, direction_book):
    open_page(browser, direction_book / "00_directions.html")
    got = browser.execute_script("""
        const out = {};
        for (const [key, tag, start] of [['p', 'p', 'وصلتُ'], ['li', 'li', 'باكو']]) {
            const el = [...document.querySelectorAll('main ' + tag)]
                .find(e => e.innerText.trim().startsWith(start));
            const cs = getComputedStyle(el), box = el.getBoundingClientRect();
            const r = document.createRange(); r.selectNodeContents(el);
            const line = r.getClientRects()[0], word = el.querySelector('bdi').getBoundingClientRect();
            out[key] = {dir: cs.direction, align: cs.textAlign,
                        lineLeft: line.left - box.left - parseFloat(cs.paddingLeft),
                        wordLeft: word.left - line.left};
        }
        return out;""")
    for key, g in got.items():
        assert g["dir"] == "ltr", (key, g)
        assert abs(g["lineLeft"]) < 2, (key, g)        # the first line starts at the left edge
        assert abs(g["wordLeft"]) < 2, (key, g)        # and opens with the Arabic word


def test_browser_draws_arabic_one_size_step_up_everywhere(browser, direction_book):
    """Arabic in a table cell is scaled like Arabic in a paragraph or a run inside English."""
    open_page(browser, direction_book / "00_directions.html")
    sizes = browser.execute_script("""
        const find = (sel, start) => [...document.querySelectorAll('main ' + sel)]
            .find(e => e.innerText.trim().startsWith(start));
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const english = find('p', 'English only'), prose = find('p', 'وصلتُ');
        return {
            markdown_cell: px(find('td', 'جدعون ساعر')) / px(find('td', 'Baku')),
            output_cell: px(find('td', arguments[0])) / px(find('td', 'anadolu')),
            paragraph: px(find('p', 'جدعون ساعر في باكو')) / px(english),
            run_in_english: px(prose.querySelector('bdi')) / px(prose),
        };""", HEADLINE)
    assert sizes == {k: pytest.approx(1.12, abs=0.005) for k in sizes}, sizes
    fonts = browser.execute_script("""
        const li = [...document.querySelectorAll('main li')].find(e => e.innerText.includes('Reporting'));
        return [...li.querySelectorAll('code')].map(c => [c.innerText,
            getComputedStyle(c.querySelector('bdi') || c).fontFamily]);""")
    families = dict(fonts)
    for word in ("قال", "أضاف", 'normalize("إسرائيل")'):   # the Arabic (run) in a text font
        assert families[word].startswith('"Noto Naskh Arabic"'), (word, families[word])
    assert "monospace" in families["print(x)"].lower()    # Latin code stays monospace


def test_browser_english_prose_in_the_real_book_is_left_to_right(browser, book):
    for page in sorted(book.glob("[0-9]*.html")):
        open_page(browser, page)
        opening = [i for i in _directions(browser) if i["tag"] in ("P", "LI")
                   and first_strong(i["text"]) == "rtl"
                   and build_book.block_direction(i["text"]) == "ltr"]
        wrong = [(i["text"][:50], i["dir"], round(i["gapLeft"])) for i in opening
                 if i["dir"] != "ltr" or (i["tag"] == "P" and abs(i["gapLeft"]) > 2)]
        assert wrong == [], page.name
