"""Our link check covers what MkDocs' strict validation does, on any engine's output."""

from __future__ import annotations

from linkcheck import broken_links


def test_missing_pages_anchors_and_absolute_links_are_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="b/">page</a> '
        '<a href="a/#nowhere">anchor</a> <a href="/a/">absolute</a> '
        '<a href="https://example.org/">external</a>',
        encoding="utf-8",
    )
    assert list(broken_links(tmp_path)) == [
        "index.html: b/ (no such file)",
        "index.html: a/#nowhere (no such anchor)",
        "index.html: /a/ (absolute link)",
    ]
