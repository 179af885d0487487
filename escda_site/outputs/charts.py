"""Bar charts of marks out of 20, in HTML and CSS (shared by the result and history pages).

Not an SVG: a drawing scales its text down with its width, to about 7 px on a 375 px
phone. These bars are boxes whose labels are page text, at the page's size on any screen;
on phones the channel chart sets each label above its bar (content/assets/escda.css).
The chart is one image for assistive technology (`role="img"`), named by its title and
described in words; the table beside it gives the same figures.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from markupsafe import Markup

SCALE = 20.0


@dataclass(frozen=True)
class Bar:
    """One row: its label, its mark (None: no bar), the text after the bar, and the
    threshold, drawn as a dashed mark across the bar's track (None: no mark, for a
    figure the threshold does not apply to, such as a channel's mark)."""

    label: str
    mark: float | None
    value: str
    threshold: float | None
    is_mark: bool = True  # the value is a mark (bold), or words such as « non publiée »
    total: bool = False  # the row that sums up the others: its label is bold
    gap: bool = False  # a year with nothing to draw (no edition): an outlined empty track


def _percent(mark: float) -> str:
    return f"{100 * min(max(mark, 0.0), SCALE) / SCALE:.1f}%"


def bar_chart(
    key: str, title: str, desc: str, bars: list[Bar], legend: str, *, stacked: bool = False
) -> Markup:
    """The chart as one line of HTML (a Markdown raw block may hold no blank line).

    `key` makes the ids of its title and description unique on the page; `legend` is
    written under the tracks, centred on the threshold when every bar that has one shares
    it, else at their end; `stacked` sets the labels above the bars on narrow screens.
    """
    css = "escda-chart escda-chart--stacked" if stacked else "escda-chart"
    thresholds = {b.threshold for b in bars if b.threshold is not None}
    parts = [
        f'<div class="{css}" role="img" aria-labelledby="{key}-title {key}-desc" '
        # Its words are the table's: searched there, once.
        "data-pagefind-ignore>",
        f'<span id="{key}-title" hidden>{html.escape(title)}</span>',
        f'<span id="{key}-desc" hidden>{html.escape(desc)}</span>',
    ]
    for bar in bars:
        style = [] if bar.mark is None else [f"--escda-bar: {_percent(bar.mark)}"]
        track = "escda-chart-track"
        if bar.threshold is None:
            track += " escda-chart-track--bare"  # no dashed mark across this bar
        else:
            style.append(f"--escda-threshold: {_percent(bar.threshold)}")
        if bar.gap:
            track += " escda-chart-track--gap"
        value_css = "escda-chart-value" if bar.is_mark else "escda-chart-note"
        label_css = (
            "escda-chart-label escda-chart-label--total" if bar.total else "escda-chart-label"
        )
        # A row with neither bar nor threshold (a gap year) has no style at all.
        style_attr = f' style="{"; ".join(style)}"' if style else ""
        parts += [
            f'<div class="escda-chart-row"{style_attr}>',
            f'<span class="{label_css}">{html.escape(bar.label)}</span>',
            f'<span class="{track}">',
            '<span class="escda-chart-bar"></span>' if bar.mark is not None else "",
            "</span>",
            f'<span class="{value_css}">{html.escape(bar.value)}</span>',
            "</div>",
        ]
    if len(thresholds) == 1:
        legend_tag = (
            '<div class="escda-chart-legend" '
            f'style="--escda-threshold: {_percent(thresholds.pop())}">'
        )
    else:
        legend_tag = '<div class="escda-chart-legend escda-chart-legend--end">'
    parts += [f"{legend_tag}<span>{html.escape(legend)}</span></div>", "</div>"]
    return Markup("".join(parts))
