"""The Jinja environment of the generated Markdown pages, shared by every page generator.

Templates get the wording (`award`, `award_short`), the URL map (`url`) and `link`, which
writes a URL of the map relative to the page being rendered (the `here` variable every
generator passes), so no template spells a path or the award's name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from escda_site.cache.store import Store
from escda_site.cache.templates import compile_templates
from escda_site.public import claims, sentences, urls
from escda_site.public.page_meta import front_matter, page_meta
from escda_site.public.view import PublicSite, Title
from escda_site.text import figures, frformat, wording
from escda_site.text.clean import in_sentence, md_text

DEVICES = {"smartphone": "smartphone", "desktop": "ordinateur", "tablet": "tablette"}


def md(value: object) -> Markup:
    """Plain text made safe for Markdown and HTML: `*x*` and `<b>` show as typed."""
    return Markup(md_text(value))


# What an address keeps as it is in an `href`: everything but what Markdown reads before
# it sees the raw HTML tag (links `[x](y)`, images `![x](y)`, code, escapes), which is
# percent-encoded; `"`, `<`, `>` are never in a validated address, `&` is escaped.
_HREF_SAFE = ":/?#@$&*+,;=%~"


def href(address: object) -> str:
    """A validated address (website, mailto) as an HTML attribute value in Markdown."""
    return quote(str(address), safe=_HREF_SAFE)


def _page_functions(site: PublicSite, here: str) -> dict[str, Callable[..., object]]:
    """`link` and `front_matter`, bound to the page being rendered (`here`).

    Bound per render rather than reading `here` from Jinja's context: a context function
    called inside a loop costs Jinja a derived context on every call.
    """

    def link(target: str, markdown: bool = True) -> str:
        """`target` (a URL of the map) relative to the page being rendered."""
        return urls.relative(here, target, markdown)

    def page_front_matter(title: str, description: str, extra: dict) -> Markup:
        """The page's YAML front matter, as `page_meta` decides it for the title and
        description the template words; `extra` holds the page's share image, if any."""
        meta = page_meta(site, urls.source(here), title=title, description=description, **extra)
        return Markup(front_matter(meta))

    return {"link": link, "front_matter": page_front_matter}


def _wording(phrase: Callable[..., str]) -> Callable[..., Markup]:
    """A phrase of our own wording as it is: its words and numbers hold no data value, and
    escaping would turn its apostrophes into entities that typography cannot curl."""
    return lambda *args: Markup(phrase(*args))


# Statements that depend on today. They were macros; as functions they cost a tenth of the
# time, which counts over a thousand category pages.
def today_tag(today: date) -> Markup:
    """The build date, which assets/today.js replaces with the reader's own date (never an
    earlier one: `data-built`)."""
    iso = today.isoformat()
    return Markup(
        f'<time data-escda-today data-built="{iso}" datetime="{iso}">{frformat.day(today)}</time>'
    )


def url_then(url: str, punctuation: str) -> Markup:
    """A URL in running text and the punctuation after it, its last path segment and the
    punctuation in one box that never breaks: the theme lets a long word break anywhere
    (`overflow-wrap: break-word`), and broke it before the comma or the closing guillemet,
    a line then starting with « , consulté le » or « » ». The rest of the URL may still
    break on a narrow screen."""
    stem, _, last = url.rstrip("/").rpartition("/")
    if not stem or stem.endswith("/"):  # « https://host »: nothing to break before
        stem, last = "", url.rstrip("/")
    end = last + url[len(url.rstrip("/")) :] + punctuation
    head = escape(f"{stem}/") if stem else Markup("")
    return head + Markup('<span class="escda-nowrap">') + escape(end) + Markup("</span>")


def url_code(url: str) -> Markup:
    """A URL shown as code, to copy, that a narrow screen breaks after a slash of its path
    only (`<wbr>`, which copying leaves out): the theme otherwise breaks a long word
    anywhere, « …/2027/banqu » over « e/ »."""
    scheme, sep, rest = url.partition("://")
    head, rest = (scheme + sep, rest) if sep else ("", url)
    shown = Markup("/<wbr>").join(escape(segment) for segment in rest.split("/"))
    shown = shown.removesuffix("<wbr>")  # none after a last slash: nothing follows it
    return Markup('<code class="escda-url">') + escape(head) + shown + Markup("</code>")


def _period(t: Title, today: date) -> str:
    """A title's validity and the build date, for assets/today.js."""
    return (
        f'data-from="{t.valid_from.isoformat()}" data-until="{t.valid_until.isoformat()}" '
        f'data-built="{today.isoformat()}"'
    )


# Never in the search index. The value is written out: md_in_html turns a bare attribute
# into `data-pagefind-ignore="data-pagefind-ignore"`, which Pagefind warns about.
_UNSEARCHED = ' data-pagefind-ignore="all"'
# Hidden until today.js shows it, and never in the search index.
_HIDDEN = f" hidden{_UNSEARCHED}"


def dated(t: Title, today: date, before: str, valid: str, expired: str) -> Markup:
    """A statement about title `t` in its three variants: the one true on the build date is
    shown, assets/today.js shows the one true on the reader's date. None is in the search
    index, made once at the build: a result's excerpt would go on saying « valable » after
    the logo expired (and, on a company page, a dozen such statements were half its text).
    Each variant is markup the template rendered (escaped there); one line, so that it fits
    in a Markdown table cell."""
    now = t.state_on(today)
    spans = "".join(
        f'<span data-when="{state}"{"" if state == now else " hidden"}>{text}</span>'
        for state, text in (("before", before), ("valid", valid), ("expired", expired))
    )
    return Markup(f'<span class="escda-dated"{_UNSEARCHED} {_period(t, today)}>{spans}</span>')


def shown_if(t: Title, today: date, states: str = "valid") -> Markup:
    """Attributes of an element shown only while title `t` is in one of `states`."""
    hidden = "" if t.state_on(today) in states.split() else _HIDDEN
    return Markup(f'data-escda-if="{states}" {_period(t, today)}{hidden}')


def _points(value: float) -> str:
    return frformat.number(value, 0 if float(value).is_integer() else 1)


def package_environment(folder: str, autoescape: bool, **options: bool) -> Environment:
    """An environment over the package's `templates/<folder>/`: a name a template does not
    get fails the build, and a line holding only a block tag leaves no blank line.

    Modules keep theirs at module level: an environment is a memo of package files
    (compiled once per process) and holds no build's state; a build's store lends it its
    compiled templates only while `compile_templates` loads them."""
    return Environment(
        loader=PackageLoader("escda_site", f"templates/{folder}"),
        # Templates are package files: no date check of the file on every render.
        auto_reload=False,
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )


def slot_lines(
    env: Environment, template: str, slots: object, **context: object
) -> tuple[tuple[str, str], ...]:
    """The (slot, text) lines a template of drawn words writes (templates/logos/), one a
    line as `slot: text`, `slot` one of `slots`; a line that does not start with a slot
    continues the one above (no data value holds a line break)."""
    lines: list[tuple[str, str]] = []
    for line in env.get_template(template).render(**context).split("\n"):
        slot, sep, text = line.partition(": ")
        if sep and slot in slots:  # type: ignore[operator]
            lines.append((slot, text))
        elif line and lines:
            lines[-1] = (lines[-1][0], f"{lines[-1][1]}\n{line}")
    return tuple(lines)


@cache
def environment() -> Environment:
    """The page templates' environment (cached: templates compile once per process)."""
    env = package_environment("pages", autoescape=True, keep_trailing_newline=True)
    env.filters.update(
        md=md,
        href=href,
        mark=frformat.mark,
        # A mark named alone on a line (not in a « Note » column): « note globale non publiée ».
        mark_or_unpublished=figures.mark_or_unpublished,
        threshold=figures.threshold_text,
        day=frformat.day,
        number=frformat.number,
        ordinal=frformat.ordinal,
        of=frformat.of,
        points=_points,
        weight=figures.weight_text,
        device=lambda d: DEVICES.get(d, d),
        in_sentence=lambda text: Markup(in_sentence(str(text))),
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        renamed_note=sentences.renamed_note,
        laureate_name=sentences.laureate_name,
        former_names=sentences.former_names_text,
    )
    env.globals.update(
        today_tag=today_tag,
        url_then=url_then,
        url_code=url_code,
        dated=dated,
        shown_if=shown_if,
        url=urls,
        sizes=urls.LOGO_SIZES,
        period=frformat.period,  # `du 11 mai au 17 juillet 2026`
        award=wording.AWARD,
        award_short=wording.AWARD_SHORT,
        # A category's result heading: « Lauréats ex æquo », « Pas d'élection »…
        **{
            phrase.__name__: _wording(phrase)
            for phrase in (
                sentences.laureate_heading,
                sentences.wins,
                sentences.no_laureate_heading,
                sentences.no_laureate_reason,
                sentences.no_laureate_line,
                figures.threshold_scope,
                sentences.edition_summary,
            )
        },
        edition_label=wording.edition_label,
        avg=lambda a, cid: dict(a.channels).get(cid),
        # What each result claims: tested, candidates, what the award is.
        award_line=claims.award_line,
        award_nature=claims.award_nature,
        tested_text=claims.tested_text,
        reason_and_count=lambda e, c: tuple(map(Markup, claims.reason_and_count(e, c))),
        result_clause=claims.result_clause,
        archive_facts=claims.archive_facts,
        edition_description=claims.edition_description,
        edition_counts=claims.edition_counts,
        non_laureates_text=claims.non_laureates_text,
        best_candidate=wording.BEST_CANDIDATE,
        benchmarks_aside=wording.BENCHMARKS_ASIDE,
        laureates_figure=sentences.laureates_figure,
        logo_page_name=wording.LOGO_PAGE,
        candidacies_figure=sentences.candidacies_figure,
        channel_names=sentences.channel_names,
        laureates_text=sentences.laureates_text,
        # Holds company names: escaped, unlike the phrases above.
        shared_with=sentences.shared_with,
        logo_alt=wording.logo_alt,  # typographic apostrophes, escaped like any data
    )
    return env


def compile_page_templates(store: Store) -> None:
    """Load every page template, through the store's compiled templates."""
    env = environment()
    compile_templates(env, "pages", env.list_templates(), store)


def render(template: str, **context: object) -> str:
    """Render a page template; `site` and `here` (the page's URL) must be in `context`."""
    page = _page_functions(context["site"], context["here"])  # type: ignore[arg-type]
    return environment().get_template(template).render(**page, **context)
