"""Laureates' dated logos (PNG, SVG, PDF), certificates, press kits and share images.

Everything here is drawn from the public view into the build's store (`cache.ContentCache`
over `escda_site.cache`): every file is named by a hash of all that it is drawn from, so an
unchanged rebuild draws nothing and a changed input can never be served a stale file.

Modules: `fonts` (the bundled Roboto, text clean-up and fitting), `layout` (where each
text of the logo goes), `roundel` (its PNG), `vector` (SVG and PDF outlines), `pdf` (PDFs
whose bytes depend on their content only), `certificate`, `share` (Open Graph images),
`kit` (the zip and its notes), `paths` (a title's files, proof page and caption), `cache`
and `assets` (what a build publishes). Site paths come from the URL map (`public.urls`),
words from `text.wording`.
"""

from escda_site.outputs.logos.assets import (
    LogoAssets,
    build_logo_assets,
    logo_spec,
    share_specs,
    title_specs,
)
from escda_site.outputs.logos.cache import ContentCache
from escda_site.outputs.logos.fonts import glyph_notes, plain, unsupported_characters
from escda_site.outputs.logos.kit import caption_file, kit_names, readme
from escda_site.outputs.logos.paths import (
    caption,
    certificate_path,
    kit_path,
    logo_path,
    title_url,
    vector_path,
)
from escda_site.outputs.logos.roundel import DESIGN_VERSION, SIZES, LogoSpec, draw_logo

__all__ = [
    "DESIGN_VERSION",
    "SIZES",
    "ContentCache",
    "LogoAssets",
    "LogoSpec",
    "build_logo_assets",
    "caption",
    "caption_file",
    "certificate_path",
    "draw_logo",
    "glyph_notes",
    "kit_names",
    "kit_path",
    "logo_path",
    "logo_spec",
    "plain",
    "readme",
    "share_specs",
    "title_specs",
    "title_url",
    "unsupported_characters",
    "vector_path",
]
