"""Building a site in a test, and reading back everything it contains."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from html import unescape
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, IndirectObject, TextStringObject

from escda_site.engine.build import build_site

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
# Files of the theme itself (minified JS bundles, CSS), and Pagefind's own script and
# WebAssembly: not generated from the data. (Its index chunks are: they are read below.)
VENDOR = (
    "assets/javascripts/",
    "assets/stylesheets/",
    "assets/images/",
    "pagefind/pagefind.js",
    "pagefind/pagefind-worker.js",
    "pagefind/wasm.",
)
# Pagefind's index files: gzipped, behind a signature (engine/search_bytes.py).
_PAGEFIND = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")

# What a build imports on its way and not before (pandas, the logos' drawing and PDF code,
# the Markdown extensions…: some 0.7 s of CPU), for a process that forks a build per child
# (hostile.Forks, test_incremental.FullBuilds) to import once, before its first fork, not
# once per child. Imports only: the process still builds nothing.
BUILD_IMPORTS = """
import importlib, pkgutil
import escda_site
for module in pkgutil.walk_packages(escda_site.__path__, "escda_site."):
    importlib.import_module(module.name)
import asyncio, fontTools.ttLib, pagefind.service, segno
import reportlab.pdfbase.pdfmetrics, reportlab.pdfbase.ttfonts, reportlab.pdfgen.canvas
import markdown.extensions.abbr, markdown.extensions.admonition, markdown.extensions.attr_list
import markdown.extensions.md_in_html, markdown.extensions.tables, markdown.extensions.toc
import markdown.extensions.codehilite, pymdownx.details, pymdownx.highlight, pymdownx.superfences
import material.templates
import PIL.BmpImagePlugin, PIL.GifImagePlugin, PIL.JpegImagePlugin, PIL.PpmImagePlugin
"""


def build(
    data: Path,
    out: Path,
    as_of: str,
    preview: bool = False,
    cache: Path | None = None,
    use_cache: bool = True,
) -> Path:
    """Build `data` into `out`; caches go beside `out` (never into the repository's .cache/)."""
    return build_site(
        data=data,
        out=out,
        as_of=datetime.fromisoformat(as_of),
        preview=preview,
        config_file=CONFIG,
        cache_dir=cache or Path(out).parent / "cache",
        cache=use_cache,
    )


@contextmanager
def theme_templates_compiled_once() -> Iterator[None]:
    """Every Jinja environment the theme hands out (one per build: Material's templates
    compiled again each time, 0.18 s of a small build's 0.57 s) shares one bytecode cache
    in memory while this lasts: conftest keeps it for the session's in-process builds.

    Jinja keys each compiled template on its name and file, and uses it only for the same
    source (an edited template is compiled again); the key here adds every option of the
    environment that changes the compiled code. The builds' own template caches
    (escda_site/cache/templates.py) are other environments, untouched."""
    import jinja2
    from mkdocs.theme import Theme

    compiled: dict[tuple, tuple[str, object]] = {}

    class Shared(jinja2.BytecodeCache):
        def _key(self, bucket) -> tuple:
            env = bucket.environment
            options = (tuple(sorted(env.extensions)), env.autoescape, env.optimized)
            syntax = (env.block_start_string, env.variable_start_string, env.comment_start_string)
            spacing = (env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline)
            gettext = getattr(env, "newstyle_gettext", None)
            return (bucket.key, *options, syntax, spacing, gettext, env.line_statement_prefix)

        def load_bytecode(self, bucket) -> None:
            checksum, code = compiled.get(self._key(bucket), (None, None))
            if checksum == bucket.checksum:
                bucket.code = code

        def dump_bytecode(self, bucket) -> None:
            compiled[self._key(bucket)] = (bucket.checksum, bucket.code)

    shared = Shared()
    get_env = Theme.get_env

    def get_shared_env(theme):
        env = get_env(theme)
        env.bytecode_cache = shared
        return env

    Theme.get_env = get_shared_env
    try:
        yield
    finally:
        Theme.get_env = get_env


def tree_hash(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def texts(site: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every file, zip member, gzip body, PDF text and image metadata."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(VENDOR):
            continue
        data = path.read_bytes()
        yield from _texts(rel, data)


def _texts(rel: str, data: bytes) -> Iterator[tuple[str, str]]:
    if rel.endswith(".gz"):
        yield from _texts(rel[:-3], gzip.decompress(data))
    elif rel.endswith(_PAGEFIND):
        body = gzip.decompress(data).removeprefix(b"pagefind_dcd")
        # Fragments are JSON (the page text, its filters and result line); the others CBOR,
        # whose words and values read as text between binary bytes.
        yield rel, body.decode("utf-8", errors="replace")
    elif rel.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                yield f"{rel}!{info.filename}", info.filename
                yield from _texts(f"{rel}!{info.filename}", archive.read(info))
    elif rel.endswith(".ics"):
        yield rel, unfold_ics(data.decode("utf-8"))
    elif rel.endswith((".png", ".jpg", ".webp")):
        with Image.open(io.BytesIO(data)) as image:
            yield rel, " ".join(f"{k}={v}" for k, v in image.info.items())
    elif rel.endswith(".pdf"):
        yield rel, pdf_text(data)
    elif rel.endswith(".svg"):
        # The texts of the vector logos are outlines: what a reader gets of them is the
        # title and the labels; the path data is only coordinates (and would match any
        # short number by chance).
        yield rel, re.sub(r'\sd="[^"]*"', ' d=""', data.decode("utf-8", errors="replace"))
    else:
        text = data.decode("utf-8", errors="replace")
        yield rel, text
        if rel.endswith(".html"):
            # JSON-LD writes `<`, `>`, `&` as \u escapes: scan its decoded values too.
            for i, graph in enumerate(json_ld(text)):
                yield f"{rel}#jsonld-{i}", json.dumps(graph, ensure_ascii=False)


_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> list:
    """The parsed JSON-LD documents of a page."""
    return [json.loads(block) for block in _JSON_LD.findall(html)]


# The text of each PDF, by the SHA-256 of its bytes: the same files (the bundled site's
# 138 PDFs, the kits that hold them) are read by a dozen scans, and pypdf is slow.
_PDF_TEXTS: dict[bytes, str] = {}


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, its metadata and every other string it holds.

    Text drawn with a font is extracted through its ToUnicode map; the logo PDFs draw
    their texts as outlines and repeat them in their metadata. Strings anywhere else in
    the document (annotations, outlines…) are collected too. Compressed streams are not
    read as raw bytes: short numbers would match by chance in them.
    """
    key = hashlib.sha256(data).digest()
    if key not in _PDF_TEXTS:
        _PDF_TEXTS[key] = _read_pdf_text(data)
    return _PDF_TEXTS[key]


def _read_pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() for page in reader.pages]
    parts += [f"{k}={v}" for k, v in (reader.metadata or {}).items()]
    parts += _pdf_strings(reader.trailer, set())
    return "\n".join(parts)


def _pdf_strings(obj: object, seen: set[int]) -> Iterator[str]:
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, (TextStringObject, ByteStringObject)):
        yield str(obj) if isinstance(obj, TextStringObject) else obj.decode("latin-1")
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key not in ("/Parent", "/P", "/ID"):  # the file ID is binary
                yield from _pdf_strings(value, seen)
    elif isinstance(obj, list):
        for value in obj:
            yield from _pdf_strings(value, seen)


def unfold_ics(text: str) -> str:
    """iCalendar text as a reader sees it: folded lines joined, `\\,` and `\\;` unescaped.

    RFC 5545 folds lines at 75 octets, even inside a word: a name split there would
    slip past a plain substring scan.
    """
    text = re.sub(r"\r?\n[ \t]", "", text)
    return re.sub(r"\\([,;\\nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def page(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url
    return path.read_text(encoding="utf-8")


def untypeset(text: str) -> str:
    """Text as typed, for assertions on wording: French typography's no-break spaces and
    apostrophes back to plain ones, superscript ordinals inline (tests/test_typography.py
    checks the typography itself)."""
    for old, new in (
        ("\u2019", "'"),
        ("\u00a0", " "),
        ("\u202f", " "),
        ("<sup>", ""),
        ("</sup>", ""),
    ):
        text = text.replace(old, new)
    return text


_HIDDEN = re.compile(r"<(\w+)\b[^>]*\shidden(?:=\"[^\"]*\")?[^>]*>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
# A box that keeps a URL's end with the punctuation after it (templating.url_then): inside
# a word, so no space where its tags were.
_UNBROKEN = re.compile(r'<span class="escda-nowrap">([^<]*)</span>')


def shown(html: str) -> str:
    """The text a reader sees without JavaScript: hidden elements and tags dropped,
    entities decoded, white space collapsed (dated statements keep their build-day variant)."""
    text = _TAG.sub(" ", _HIDDEN.sub(" ", _UNBROKEN.sub(r"\1", untypeset(html))))
    return re.sub(r" ([,.)])", r"\1", " ".join(unescape(text).split()))


# --- typography of the text that leaves the page ------------------------------------------

# What French typography never leaves in reader-facing text: a straight apostrophe after a
# letter, a plain space before « : ; ? ! » or inside « ».
_TYPO_FAULTS = re.compile(r"[^\W\d_]'|(?<=\w) [:;?!](?=\s|$)|« | »")
_META = re.compile(
    r'<meta (?:name|property)="(?:description|og:[\w:]+|twitter:[\w:]+)" content="([^"]*)"'
)
_TEXT_ATTR = re.compile(r'\s(?:alt|title|aria-label|placeholder)="([^"]*)"')
_CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>", re.S)
_PAGE_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_FEED_TEXT = re.compile(r"<(title|summary|content)\b[^>]*>(.*?)</\1>", re.S)


def _faults(where: str, text: str) -> list[str]:
    plain = unescape(_TAG.sub(" ", _CODE.sub(" ", unescape(text))))
    return [
        f"{where}: …{plain[max(0, m.start() - 30) : m.end() + 10]}…"
        for m in _TYPO_FAULTS.finditer(plain)
    ]


def search_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every title and text of the search index, whichever is present:
    Material's `search/search_index.json`, Zensical's `search.json`, Pagefind's fragments."""
    for name, key in (("search/search_index.json", "docs"), ("search.json", "items")):
        path = site / name
        if path.is_file():
            for doc in json.loads(path.read_text(encoding="utf-8")).get(key) or []:
                for field in ("title", "text"):
                    yield f"{name} {doc.get('location')} {field}", doc.get(field) or ""
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        doc = json.loads(data)
        yield f"{path.name} content", doc.get("content") or ""
        for key, value in (doc.get("meta") or {}).items():
            yield f"{path.name} {key}", str(value)


def typography_faults(site: Path) -> list[str]:
    """Typography faults in the text that leaves the pages: `<title>`, meta description and
    share tags, reader-facing attributes, JSON-LD names, the feed and the search index."""
    found: list[str] = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("newsletter/",)) and not rel.endswith("newsletter/index.html"):
            continue  # e-mail snippets: typeset as a whole, checked by test_snippets
        html = path.read_text(encoding="utf-8")
        body = _CODE.sub(" ", html)
        for title in _PAGE_TITLE.findall(html):
            found += _faults(f"{rel} <title>", title)
        for value in _META.findall(html) + _TEXT_ATTR.findall(body):
            found += _faults(f"{rel} attribute", value)
        for graph in json_ld(html):
            found += _faults(f"{rel} JSON-LD", json.dumps(graph, ensure_ascii=False))
    feed = site / "feed.xml"
    if feed.is_file():
        for _, text in _FEED_TEXT.findall(feed.read_text(encoding="utf-8")):
            found += _faults("feed.xml", text)
    for where, text in search_texts(site):
        if ".pf_fragment " in where:
            # Pagefind stores the text with its spaces collapsed, no-break ones included;
            # the search box puts them back (tests/test_browser_search.py reads the
            # results): here only the apostrophes can be wrong.
            text = re.sub(r"(?<=\w) (?=[:;?!])|(?<=«) | (?=»)", "\u00a0", text)
        found += _faults(where, text)
    return found


# --- Partial data: figures a sentence carries, or says it does not have ----------------

# « non publié(e) » where a figure should be: « note globale de non publiée », « avec non
# publiée », « parmi non publié », a value that leaked as Python's None or NaN.
_BROKEN_FIGURE = re.compile(
    r"\b(?:de|avec|parmi)\s+non publi|non publiée?s?\s*/\s*20|\b(?:None|nan|NaN)\b"
)
_META_DESCRIPTION = re.compile(
    r'<meta (?:name|property)="((?:og:|twitter:)?description)" content="([^"]*)"'
)


def figure_faults(text: str) -> list[str]:
    """Places where « non publié » stands in a figure's slot, or a missing value leaked."""
    said = " ".join(unescape(untypeset(text)).split())
    return [m.group(0) for m in _BROKEN_FIGURE.finditer(said)]


def meta_texts(html: str) -> dict[str, str]:
    """`description`, `og:description`, `twitter:description` and `title` of a page, as read."""
    found = {name: unescape(untypeset(value)) for name, value in _META_DESCRIPTION.findall(html)}
    title = re.search(r"<title>([^<]*)</title>", html)
    if title:
        found["title"] = unescape(untypeset(title.group(1)))
    return found


def count_said(tested: int | None) -> str:
    """What a sentence about a category must say of its count: the figure, or that it was
    not published."""
    if tested is None:
        return "nombre d'entreprises testées non publié"
    return f"{tested} entreprise testée" if tested == 1 else f"{tested} entreprises testées"


def mark_said(mark: float | None) -> str:
    """What a sentence about a laureate must say of its mark."""
    if mark is None:
        return "note globale non publiée"
    return f"{mark:.2f}".replace(".", ",") + "/20"
