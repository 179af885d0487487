"""The URL map: every public URL of the portal is built here, and only here.

URLs are site-relative (no leading slash, as MkDocs writes them with directory URLs):
a page is a folder ending with `/` (`2026/banque/`), a file ends with its extension.
Generators, the navigation, the page templates (the `url` global), the theme overrides
and the tests all call these functions, so moving a section (say `donnees/`) is a
one-line change here, and the link check proves it.

URLs are a public contract: journalists cite them and laureates link their logo to them.
Change a pattern only with redirects in place.
"""

from __future__ import annotations

# Sections of the site: the one place each folder name is written.
OPENDATA = "donnees/"
NEWSLETTER = "newsletter/"
LOGO = "logo/"
LOGOS = "logos/"
BADGES = "badges/"
SECTORS = "secteurs/"
COMPANIES = "entreprises/"
METHODOLOGY = "methodologie/"
EDITIONS = "palmares/"
CATEGORIES = "categories/"
SHARE = "partage/"
# The edition's own newsletter snippet, beside one per category (`newsletter/2026/<slug>`).
EDITION_SNIPPET = "index"
# Category slugs that would name a fixed page or file of their edition: the methodology
# (`2026/methodologie/`) and the edition's snippet (`newsletter/2026/index.html`).
RESERVED_CATEGORY_SLUGS = frozenset({METHODOLOGY.rstrip("/"), EDITION_SNIPPET})
# A laureate's logo comes in these widths (px), named in its file names.
LOGO_SIZES: dict[str, int] = {"web": 256, "print": 2048}
SHARE_SIZE = (1200, 630)  # share images: the Open Graph size networks show as a large card


def home() -> str:
    """The home page (current laureates)."""
    return ""


def edition(year: int) -> str:
    """An edition's palmarès: `2026/`."""
    return f"{year}/"


def editions() -> str:
    """The index of editions, each linked to its palmarès and methodology: `palmares/`."""
    return EDITIONS


def methodologies() -> str:
    """The index of the editions' methodologies: `methodologie/`."""
    return METHODOLOGY


def methodology(year: int) -> str:
    """An edition's methodology: `2026/methodologie/`."""
    return f"{edition(year)}{METHODOLOGY}"


def calendar(year: int) -> str:
    """An edition's calendar (iCalendar): `2026/calendrier.ics`."""
    return f"{edition(year)}calendrier.ics"


def category(year: int, slug: str) -> str:
    """A category's result in one edition: `2026/banque/`."""
    return f"{edition(year)}{slug}/"


def categories() -> str:
    """The index of categories, each with its latest laureate: `categories/`."""
    return CATEGORIES


def category_history(slug: str) -> str:
    """A category across the editions: `categories/banque/`."""
    return f"{CATEGORIES}{slug}/"


def sectors() -> str:
    """The index of sectors."""
    return SECTORS


def sector(slug: str) -> str:
    """One sector, every edition: `secteurs/banque-assurance/`."""
    return f"{SECTORS}{slug}/"


def companies() -> str:
    """The index of laureate companies."""
    return COMPANIES


def company(slug: str) -> str:
    """One laureate company and its titles: `entreprises/banque-horizon/`."""
    return f"{COMPANIES}{slug}/"


def logo_page() -> str:
    """The logo's meaning, rules and validity checker."""
    return LOGO


def logo_titles() -> str:
    """The JSON index the logo checker reads."""
    return f"{LOGO}titres.json"


def logo_manifest() -> str:
    """The manifest of official files (SHA-256 of every published laureate file)."""
    return f"{LOGOS}manifeste.json"


def file_check_script() -> str:
    """The script of /logo/'s drop zone, which checks a file against the manifest."""
    return "assets/escda/file-check.js"


def checker_script() -> str:
    """The logo checker's script."""
    return "assets/escda/logo-checker.js"


def favicon() -> str:
    """The award's mark as the browser's tab icon."""
    return "assets/escda/favicon.png"


def header_mark() -> str:
    """The award's mark in the site's header."""
    return "assets/escda/marque.png"


def today_script() -> str:
    """The script that re-evaluates, on the reader's date, what pages say about today."""
    return "assets/escda/today.js"


def search_script() -> str:
    """The site's search box (engine/search_index.py): queries the Pagefind bundle."""
    return "assets/escda/search.js"


def search_bundle() -> str:
    """The folder of the search index and of Pagefind's script, written after the build."""
    return "pagefind/"


def logo_stem(year: int, category_slug: str, company_slug: str) -> str:
    """A laureate's logo files without their ending (`-256.png`, `-kit.zip`)."""
    return f"{LOGOS}{year}/{category_slug}/{company_slug}"


def logo(year: int, category_slug: str, company_slug: str, size: int) -> str:
    """A laureate's dated logo at `size` pixels: `logos/2026/banque/horizon-256.png`."""
    return f"{logo_stem(year, category_slug, company_slug)}-{size}.png"


def badge(year: int, category_slug: str, company_slug: str) -> str:
    """The badge a laureate's own site shows, at one address for good:
    `badges/2026/banque/horizon.png`. Each build draws it from the title's state on its
    date: the logo while valid, an image saying the title is no longer current after."""
    return f"{BADGES}{year}/{category_slug}/{company_slug}.png"


def press_kit(year: int, category_slug: str, company_slug: str) -> str:
    """A laureate's press kit: `logos/2026/banque/horizon-kit.zip`."""
    return f"{logo_stem(year, category_slug, company_slug)}-kit.zip"


def newsletter_page() -> str:
    """The page presenting the newsletter snippets."""
    return NEWSLETTER


def snippet(year: int, category_slug: str | None, ext: str) -> str:
    """A newsletter snippet (`ext` html or txt); `category_slug` None: the whole edition."""
    return f"{NEWSLETTER}{year}/{category_slug or EDITION_SNIPPET}.{ext}"


def snippet_preview(year: int, category_slug: str | None) -> str:
    """The copy of a snippet the newsletter page previews, its images relative to the site:
    `newsletter/2026/apercu/index.html` (the snippet itself holds no script to do that)."""
    return f"{NEWSLETTER}{year}/apercu/{category_slug or 'index'}.html"


def opendata_page() -> str:
    """The open data page documenting the files."""
    return OPENDATA


def opendata_file(year: int | None, ext: str) -> str:
    """`donnees/2026/laureats.csv`; `year` None: every edition in one file."""
    return f"{OPENDATA}{'' if year is None else f'{year}/'}laureats.{ext}"


def opendata_categories(year: int | None) -> str:
    """`donnees/2026/categories.csv`: every category of an edition, with or without
    laureate; `year` None: every edition in one file."""
    return f"{OPENDATA}{'' if year is None else f'{year}/'}categories.csv"


def laureates_schema() -> str:
    """The Table Schema of the laureates' files, versioned for schema.data.gouv.fr."""
    return f"{OPENDATA}schema-laureats.json"


# Institutional pages: the portal, its publisher, its rules.
def about() -> str:
    """What the contest is."""
    return "a-propos/"


def rules() -> str:
    """The contest's rules, in short."""
    return "reglement/"


def partners() -> str:
    """Who organises, tests and checks."""
    return "partenaires/"


def contact() -> str:
    """Who to write to."""
    return "contact/"


def legal_notice() -> str:
    """Mentions légales: publisher, director of publication, host."""
    return "mentions-legales/"


def accessibility() -> str:
    """The accessibility statement (RGAA), linked from every footer."""
    return "accessibilite/"


def personal_data() -> str:
    """What the site collects about its readers (nothing)."""
    return "donnees-personnelles/"


def opendata_package() -> str:
    """The Frictionless Data Package describing every open data file."""
    return f"{OPENDATA}datapackage.json"


def feed() -> str:
    """The Atom feed."""
    return "feed.xml"


def source(url: str) -> str:
    """The Markdown source of a page URL, as MkDocs names it: `2026/banque/index.md`."""
    return f"{url}index.md"


def relative(here: str, target: str, markdown: bool = False) -> str:
    """`target` as a link written on the page `here` (both site-relative URLs).

    `markdown`: for a Markdown link to a page, point at its source (`…/index.md`), which
    MkDocs checks and rewrites; raw HTML links point at the directory URL itself.
    """
    if markdown and (target == "" or target.endswith("/")):
        target = source(target)
    # posixpath.relpath, without its normalisation: both URLs are already normal.
    start = [p for p in here.split("/") if p]
    parts = [p for p in target.split("/") if p]
    common = 0
    for a, b in zip(start, parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    if target == "" or target.endswith("/"):  # a folder: keep the slash of directory URLs
        rel = "./" if rel == "." else rel + "/"
    return rel


def vector_logo(year: int, category_slug: str, company_slug: str, mono: bool, fmt: str) -> str:
    """A laureate's vector logo (`fmt` svg or pdf): `logos/2026/banque/horizon.svg`, and
    `horizon-noir.svg` for the one-colour (black) version."""
    return f"{logo_stem(year, category_slug, company_slug)}{'-noir' if mono else ''}.{fmt}"


def certificate(year: int, category_slug: str, company_slug: str) -> str:
    """A laureate's printable certificate: `logos/2026/banque/horizon-certificat.pdf`."""
    return f"{logo_stem(year, category_slug, company_slug)}-certificat.pdf"


def title_files(year: int, category_slug: str, company_slug: str) -> dict[str, str]:
    """Every file of a laureate's title, by kind: what its category page offers to download."""
    ids = (year, category_slug, company_slug)
    return {
        "web": logo(*ids, LOGO_SIZES["web"]),
        "print": logo(*ids, LOGO_SIZES["print"]),
        "svg": vector_logo(*ids, False, "svg"),
        "pdf": vector_logo(*ids, False, "pdf"),
        "mono_svg": vector_logo(*ids, True, "svg"),
        "mono_pdf": vector_logo(*ids, True, "pdf"),
        "certificate": certificate(*ids),
        "kit": press_kit(*ids),
    }


def share_image(year: int | None = None, category_slug: str | None = None) -> str:
    """A page's share image (Open Graph): the home's, an edition palmarès' or a category's.

    `partage/accueil.png`, `partage/2026/palmares.png`, `partage/2026/categories/banque.png`
    (category images one folder down: a category slugged `palmares` cannot collide).
    """
    if year is None:
        return f"{SHARE}accueil.png"
    if category_slug is None:
        return f"{SHARE}{year}/palmares.png"
    return f"{SHARE}{year}/categories/{category_slug}.png"
