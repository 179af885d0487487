"""Hostile input and faults (issue 16): nothing lost, nothing leaked, never a traceback.

Each case an adversarial pass found is kept here, grouped by the promise it broke.
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from escda_site import cli
from escda_site.engine import outdir

from minidata import company, write
from sitecheck import CONFIG, ROOT, tree_hash

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ],
}
AS_OF = "2020-01-01T12:00"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A project-like folder holding data/, the current folder of the commands."""
    write(tmp_path / "data", CATS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ESCDA_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ESCDA_AS_OF", raising=False)
    return tmp_path


def escda(capsys, *args: str) -> tuple[int, str]:
    """Run the CLI in this process: (exit status, stderr)."""
    capsys.readouterr()
    code = cli.main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def build(capsys, out: str = "site") -> tuple[int, str]:
    return escda(
        capsys, "build", "--data", "data", "--out", out, "--as-of", AS_OF, "--config", str(CONFIG)
    )


def complete(site: Path) -> bool:
    """The site a reader sees is whole: its home page, its feed and its last-written files."""
    return all(
        (site / rel).is_file()
        for rel in ("index.html", "feed.xml", "sitemap.xml", "search/search_index.json")
    )


# --- Nothing lost -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "out, why",
    [
        ("data", "it is the data folder"),
        ("data/seasons", "it is inside the data folder"),
        (".", "it contains the data folder"),
        ("cache", "it is the cache folder"),
        (str(ROOT / "content"), "it is docs_dir"),
        (str(ROOT), "it contains docs_dir"),
        (str(ROOT / "overrides"), "it is the theme's custom_dir"),
        ("/", "it contains"),
    ],
)
def test_the_output_can_never_be_a_source(workdir, capsys, out, why):
    (workdir / "cache").mkdir()
    before = tree_hash(workdir / "data")
    code, err = build(capsys, out)
    assert code == 2
    assert f"refusing to build into {Path(out).resolve()}: " in err
    assert why in err
    assert tree_hash(workdir / "data") == before


def test_the_configs_folder_cannot_be_the_output(workdir, capsys, tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    config = CONFIG.read_text().replace("docs_dir: content", "docs_dir: docs")
    (project / "mkdocs.yml").write_text(config.replace("custom_dir: overrides", ""))
    (project / "docs").mkdir()
    args = ["--as-of", AS_OF, "--config", str(project / "mkdocs.yml"), "--out", str(project)]
    code, err = escda(capsys, "build", "--data", "data", *args)
    assert code == 2
    assert "it contains docs_dir" in err
    assert (project / "mkdocs.yml").is_file()


def test_an_unknown_folder_or_file_is_never_replaced(workdir, capsys):
    (workdir / "notes").mkdir()
    (workdir / "notes" / "todo.txt").write_text("precious")
    code, err = build(capsys, "notes")
    assert code == 2 and "not a site escda built" in err
    (workdir / "report.pdf").write_text("precious")
    code, err = build(capsys, "report.pdf")
    assert code == 2 and "it is a file" in err
    (workdir / "www").mkdir()
    (workdir / "www" / "index.html").write_text("served by hand")
    os.symlink("www", workdir / "elsewhere")
    code, err = build(capsys, "elsewhere")
    assert code == 2 and "escda did not make" in err
    assert (workdir / "notes" / "todo.txt").read_text() == "precious"
    assert (workdir / "report.pdf").read_text() == "precious"
    assert (workdir / "elsewhere" / "index.html").read_text() == "served by hand"


def test_site_is_a_link_switched_to_a_complete_build(workdir, capsys):
    assert build(capsys)[0] == 0
    site = workdir / "site"
    first = os.readlink(site)
    assert site.is_symlink() and first.startswith(".site.builds/")
    assert complete(site)
    assert build(capsys)[0] == 0
    second = os.readlink(site)
    assert second != first and complete(site)
    # The previous build is gone; only the current one and the lock remain.
    builds = sorted(p.name for p in (workdir / ".site.builds").iterdir())
    assert builds == sorted([second.split("/")[-1], "lock"])


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_permissions_follow_the_umask(workdir, capsys, umask):
    old = os.umask(umask)
    try:
        assert build(capsys)[0] == 0
    finally:
        os.umask(old)
    site = (workdir / "site").resolve()
    for path in [site, workdir / ".site.builds", site / "index.html", site / "2020"]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == expected, (path, oct(mode))


def test_leftovers_of_interrupted_builds_are_cleaned(workdir, capsys):
    assert build(capsys)[0] == 0
    builds = workdir / ".site.builds"
    half = builds / "20200101T000000-deadbeef"
    (half / "2020").mkdir(parents=True)
    (half / "2020" / "index.html").write_text("half")
    os.symlink(".site.builds/20200101T000000-deadbeef", builds / "link-20200101T000000-deadbeef")
    (workdir / ".site-k2j4h5g6").mkdir()  # the former scheme's staging folder
    (workdir / ".site-old").mkdir()
    assert build(capsys)[0] == 0
    assert sorted(p.name for p in builds.iterdir()) == sorted(
        ["lock", os.readlink(workdir / "site").split("/")[-1]]
    )
    assert not (workdir / ".site-k2j4h5g6").exists() and not (workdir / ".site-old").exists()


def test_a_plain_site_folder_from_before_becomes_a_link(workdir, capsys):
    (workdir / "site").mkdir()
    (workdir / "site" / "index.html").write_text("old site")
    assert build(capsys)[0] == 0
    assert (workdir / "site").is_symlink() and complete(workdir / "site")
    assert not (workdir / ".site-old").exists()


def test_a_build_killed_while_a_plain_folder_was_aside_gets_it_back(workdir, capsys):
    (workdir / ".site-old").mkdir()
    (workdir / ".site-old" / "index.html").write_text("old site")
    code, _ = escda(capsys, "build", "--data", "missing", "--out", "site", "--as-of", AS_OF,
                    "--config", str(CONFIG))  # fmt: skip
    assert code == 2
    assert (workdir / "site" / "index.html").read_text() == "old site"


def test_a_read_only_site_is_replaced_and_removed(workdir, capsys):
    assert build(capsys)[0] == 0
    old = (workdir / "site").resolve()
    for path in sorted(old.rglob("*"), reverse=True) + [old]:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    assert build(capsys)[0] == 0
    assert complete(workdir / "site") and not old.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_parent_folder_is_an_io_error(workdir, capsys):
    parent = workdir / "public"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code, err = build(capsys, "public/site")
    finally:
        parent.chmod(0o755)
    assert code == 1
    assert "Permission denied" in err and "public" in err


def test_a_failure_to_write_is_an_io_error_and_the_site_stays(workdir, capsys, monkeypatch):
    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")
    target = os.readlink(workdir / "site")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(workdir / "site"))

    monkeypatch.setattr(os, "symlink", denied)  # the read-only parent's first refusal here
    code, err = build(capsys)
    assert code == 1
    assert f"{workdir / 'site'}: Permission denied; the previous site is unchanged" in err
    assert os.readlink(workdir / "site") == target and tree_hash(workdir / "site") == before
    assert len(list((workdir / ".site.builds").iterdir())) == 2  # no half-written build


def test_a_full_disk_is_an_io_error_and_the_site_stays(workdir, capsys, monkeypatch):
    from mkdocs import utils

    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")

    def full(content, output_path):
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    monkeypatch.setattr(utils, "write_file", full)
    code, err = build(capsys)
    assert code == 1
    assert "No space left on device; the previous site is unchanged" in err
    assert tree_hash(workdir / "site") == before
    assert len(list((workdir / ".site.builds").iterdir())) == 2


@pytest.mark.parametrize("failing", ["symlink", "replace", "clean"])
def test_a_fault_at_each_step_of_the_swap_leaves_a_complete_site(
    workdir, capsys, monkeypatch, failing
):
    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")

    def fault(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    if failing == "clean":
        # The new site is in place; removing the old one fails: not an error, retried later.
        with monkeypatch.context() as patch:
            patch.setattr(outdir.shutil, "rmtree", fault)
            assert build(capsys)[0] == 0
        assert complete(workdir / "site")
        assert build(capsys)[0] == 0
        assert len(list((workdir / ".site.builds").iterdir())) == 2
        return
    monkeypatch.setattr(outdir.os, failing, fault)
    assert build(capsys)[0] == 1
    assert tree_hash(workdir / "site") == before


ESCDA = [sys.executable, "-m", "escda_site.cli"]


def _spawn(workdir: Path) -> subprocess.Popen:
    args = [*ESCDA, "build", "--data", "data", "--out", "site", "--as-of", AS_OF]
    return subprocess.Popen(
        [*args, "--config", str(CONFIG)],
        cwd=workdir,
        env={**os.environ, "ESCDA_CACHE": str(workdir / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_build_waits_for_the_first(workdir):
    (workdir / ".site.builds").mkdir()
    with (workdir / ".site.builds" / "lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        proc = _spawn(workdir)
        line = proc.stderr.readline()
        assert "another build of site/ is running (pid 4242); waiting for it" in line
        assert not (workdir / "site").exists()
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert complete(workdir / "site")


@pytest.mark.slow
def test_killing_a_build_at_any_point_leaves_a_complete_site(workdir):
    first = _spawn(workdir)
    started = time.monotonic()
    assert first.wait(timeout=120) == 0, first.stderr.read()
    duration = time.monotonic() - started
    reference = tree_hash(workdir / "site")
    steps = 14
    for i in range(steps):
        proc = _spawn(workdir)
        time.sleep(duration * (i + 0.5) / steps)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()
        site = workdir / "site"
        assert complete(site), f"killed after {duration * (i + 0.5) / steps:.2f} s"
        assert tree_hash(site) == reference  # the same data: the old site or the same new one
    last = _spawn(workdir)
    assert last.wait(timeout=120) == 0
    last.stderr.close()
    assert len(list((workdir / ".site.builds").iterdir())) == 2  # every leftover cleaned
    assert not [p for p in workdir.iterdir() if p.name.startswith(".site-")]


# --- Nothing leaked, nothing silently wrong -----------------------------------------------


def _season(workdir: Path) -> Path:
    return workdir / "data" / "seasons" / "2020" / "season.yaml"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _companies(workdir: Path) -> Path:
    return workdir / "data" / "companies.yaml"


def _built_texts(site: Path) -> str:
    from sitecheck import texts

    return "\n".join(text for _, text in texts(site))


def test_a_single_non_laureates_mark_appears_nowhere(tmp_path):
    from sitecheck import build as build_in_process

    # alpha and gamma laureates ex aequo (15.50); beta the one non-laureate: 13.33
    # overall, 10.00 by phone, 20.00 by e-mail. The average over all three (14.78) and
    # over the two laureates are withheld too: with the laureates' public marks, the
    # first would give beta's away.
    twins = {
        "banque": [
            company("alpha", [(4, 4), (2, 3)], [7]),
            company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
            company("gamma", [(4, 4), (2, 3)], [7]),
        ]
    }
    write(tmp_path / "data", twins)
    site = build_in_process(tmp_path / "data", tmp_path / "site", "2020-01-01T12:00")
    edition = (site / "2020" / "index.html").read_text()
    assert edition.count("non publié : moins de 3 entreprises") == 3
    everything = _built_texts(site)
    assert "15,50" in everything  # the laureates' own marks are public
    for mark in ("13,33", "13.33", "14,78", "14.78"):
        assert mark not in everything, mark


def test_website_is_a_plain_link_never_markup(workdir, capsys):
    payloads = [
        "javascript:alert(1)",
        "![x](https://e.example/x.png){: onerror=alert(1) }",
        "[x](javascript:alert(1))",
        'https://e.example/" onmouseover="alert(1)',
        "https://e.example/<script>",
        "data:text/html,<script>alert(1)</script>",
        "https://",
    ]
    companies = _companies(workdir)
    original = companies.read_text()
    for payload in payloads:
        companies.write_text(original + f"- slug: evil\n  name: Evil\n  website: '{payload}'\n")
        code, err = escda(capsys, "validate", "--data", "data")
        assert code == 2, payload
        assert "companies.yaml: [3].website: must be an address starting with https://" in err
    companies.write_text(
        original.replace("name: Alpha", "name: Alpha\n  website: https://alpha.example/a_b*c")
    )
    assert build(capsys)[0] == 0
    page = (workdir / "site" / "entreprises" / "alpha" / "index.html").read_text()
    assert (
        '<a href="https://alpha.example/a_b*c" rel="nofollow noopener">'
        "https://alpha.example/a_b*c</a>" in page
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("threshold: 12.0", "threshold: .nan", "threshold: must be a finite number, got nan"),
        ("weight: 2", "weight: .inf", "channels.phone.weight: must be a finite number, got inf"),
        ("max: 4", "max: -.inf", "max: must be a finite number"),
        (
            "proclamation: '2019-10-10T20:00:00+02:00'",
            "proclamation: 2019-10-10",
            "proclamation: must be a date and a time (YYYY-MM-DDTHH:MM:SS+02:00), not a bare date",
        ),
        (
            "proclamation: '2019-10-10T20:00:00+02:00'",
            "proclamation: '2019-10-10'",
            "proclamation: must be a date and a time",
        ),
        ("threshold: 12.0", "threshold: 12.0\nthreshold: 10", "duplicate key 'threshold'"),
        ("edition: 2020", "edition: 2000", "edition: 2000 is not an edition year (2008"),
        ("edition: 2020", "edition: 99999", "edition: 99999 is not an edition year"),
        ("start: '2019-05-13'", "start: 2019-02-30", "impossible date '2019-02-30'"),
        ("label: E-mails", 'label: "E-\\nmails"', "label: must be one line of text"),
        ("label: E-mails", 'label: "\\u200b\\u200b"', "label: must hold visible characters"),
        ("label: E-mails", f"label: {'E' * 121}", "is 121 characters long; at most 120"),
        (
            "op: '>'",
            "op: [1, 2]",
            "zero_if[0].op: must be one of",
        ),
        ("value: 60", "value: soixante", "value: must be a number to compare with ring_seconds"),
    ],
)
def test_a_wrong_season_value_is_named_never_accepted(workdir, capsys, old, new, message):
    _edit(_season(workdir), old, new)
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert "seasons/2020/season.yaml" in err and message in err


def test_an_empty_or_comment_only_season_is_an_error(workdir, capsys):
    for text in ("", "# to do\n"):
        _season(workdir).write_text(text)
        code, err = escda(capsys, "validate", "--data", "data")
        assert code == 2
        assert "seasons/2020/season.yaml: the file is empty (or holds only comments)" in err


@pytest.mark.parametrize(
    "name, message",
    [
        ("Alpha\\nBanque", "must be one line of text"),
        ("\\u200b\\u200d\\u2060", "must hold visible characters"),
        ("\\u3164", "must hold visible characters"),
        ("A" * 500, "is 500 characters long; at most 120"),
    ],
)
def test_names_are_one_visible_line_of_bounded_length(workdir, capsys, name, message):
    _edit(_companies(workdir), "name: Alpha", f'name: "{name}"')
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and f"companies.yaml: [0].name: {message}" in err


def test_the_edition_number_is_never_zero_or_negative():
    from escda_site.inputs.model import FIRST_EDITION, edition_number

    assert edition_number(2014) == 7 and edition_number(FIRST_EDITION) == 1
    assert edition_number(2000) == 1  # refused by validation, and never "-7e" anyway


def test_threshold_tolerance_is_nine_decimals():
    from types import SimpleNamespace

    from escda_site.scoring.marks import _decide
    from escda_site.scoring.results import EntrantScore

    edition = SimpleNamespace(min_tested=1, threshold=12.0)

    def decide(mark: float) -> str:
        return _decide(edition, [EntrantScore("a", "participant", mark, (), 1)])[0]

    assert decide(11.9999999995) == "below_threshold"
    assert decide(11.999999999999998) == "laureate"  # 12/20 computed with float noise
    assert decide(12.0) == "laureate"


def test_the_same_instant_with_any_offset_gives_the_same_site(workdir, capsys):
    # 23:30 in UTC on 30 September is already 1 October in Paris: a logo valid until
    # 30 September has expired there.
    args = ["build", "--data", "data", "--config", str(CONFIG), "--out"]
    assert escda(capsys, *args, "a", "--as-of", "2020-10-01T01:30+02:00")[0] == 0
    assert escda(capsys, *args, "b", "--as-of", "2020-09-30T23:30+00:00")[0] == 0
    assert tree_hash(workdir / "a") == tree_hash(workdir / "b")


def test_a_bomb_in_a_message_is_refused_quickly(workdir, capsys):
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    _season(workdir).write_text("\n".join(levels) + "\nthreshold: *i\n")
    started = time.monotonic()
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "aliases (*name) expand the document beyond" in err
    assert time.monotonic() - started < 10 and len(err) < 2000


# --- A clear error, never a traceback -----------------------------------------------------


def _tests_csv(workdir: Path) -> Path:
    return workdir / "data" / "seasons" / "2020" / "tests.csv"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace("T2,alpha", 'T2,"alpha'), "tests.csv:3: not 7 fields separated by"),
        (
            lambda t: (
                t.replace("ring_seconds", "ring_seconds,device").replace("\n", ",x\n")[
                    : -len(",x\n")
                ]
                + "\n"
            ),
            "tests.csv:1: column(s) named twice in the header: device",
        ),
        (
            lambda t: t.replace("\nT2,", "\n\n\nT2,").replace("T4,beta,banque", "T4,beta,banq"),
            "tests.csv:7: unknown category 'banq'",
        ),
        (
            lambda t: t.replace("T1,alpha", 'T1,"al\npha"').replace(
                "T4,beta,banque", "T4,beta,banq"
            ),
            "tests.csv:6: unknown category 'banq'",
        ),
        (
            lambda t: t.replace("T1,alpha", 'T1,"al\npha"'),
            "tests.csv:2: a cell runs on to line 3",
        ),
        (
            lambda t: t.replace("T4,beta", "T4,b\udce9ta"),
            "tests.csv:5: not UTF-8 text (Latin-1?); save the file as UTF-8",
        ),
    ],
)
def test_csv_problems_name_the_real_line(workdir, capsys, change, message):
    path = _tests_csv(workdir)
    path.write_bytes(change(path.read_text()).encode("utf-8", errors="surrogateescape"))
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and f"seasons/2020/{message}" in err, err


def test_scores_csv_problems_name_the_real_line_too(workdir, capsys):
    path = workdir / "data" / "seasons" / "2020" / "scores.csv"
    lines = path.read_text().splitlines()
    lines.insert(1, "")  # a blank line after the header
    lines[4] = lines[4].rsplit(",", 1)[0] + ",40"  # file line 5: out of range
    path.write_text("\n".join(lines) + "\n")
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "seasons/2020/scores.csv:5: points out of range" in err, err


def test_a_slug_with_a_trailing_newline_or_a_list_is_refused(workdir, capsys):
    _edit(_companies(workdir), "slug: alpha", 'slug: "alpha\\n"')
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "companies.yaml: [0].slug: must be a slug" in err
    write(workdir / "data", CATS)
    cats = workdir / "data" / "seasons" / "2020" / "categories.yaml"
    _edit(cats, "sector: services", "sector: [services]")
    _edit(cats, "company: alpha", "company: [alpha]")
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2
    assert "[0].sector: must be a slug" in err and "unknown company ['alpha']" in err


def test_a_text_field_in_a_numeric_zero_rule_is_refused(workdir, capsys):
    _edit(_season(workdir), "ring_seconds: int", "ring_seconds: str")
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "zero_if[0].op: ring_seconds is a text" in err


def test_a_duplicate_archive_laureate_is_refused(workdir, capsys):
    season = _season(workdir)
    text = season.read_text()
    season.write_text(text[: text.index("channels:")] + "archive: true\n")
    (season.parent / "categories.yaml").write_text(
        "- slug: banque\n  name: Banque\n  sector: services\n  laureates: [alpha, alpha]\n"
    )
    code, err = escda(capsys, "validate", "--data", "data")
    assert code == 2 and "laureates[1]: duplicate laureate 'alpha'" in err


def test_a_bad_escda_as_of_is_named(workdir, capsys, monkeypatch):
    monkeypatch.setenv("ESCDA_AS_OF", "junk")
    args = ["build", "--data", "data", "--config", str(CONFIG)]
    code, err = escda(capsys, *args)
    assert code == 2 and "escda: ESCDA_AS_OF: not an ISO date or date-time" in err
    monkeypatch.delenv("ESCDA_AS_OF")
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--as-of", "2026-02-30T20:00"])
    assert exit_.value.code == 2
    assert "not an ISO date or date-time" in capsys.readouterr().err


def test_a_corrupted_cache_file_is_a_miss(workdir, capsys):
    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")
    for path in (workdir / "cache").rglob("*"):
        if path.is_file() and path.suffix in (".pickle", ".png"):
            path.write_bytes(b"\x80garbage")
    code, err = build(capsys)
    assert code == 0, err
    assert tree_hash(workdir / "site") == before


def test_logo_text_fitting_has_a_bounded_cost():
    from datetime import date

    from escda_site.outputs.logos import draw_logo

    for name in ("x" * 1000, " ".join(["mot"] * 300), "Très long nom " * 60):
        started = time.monotonic()
        draw_logo(2026, name, date(2026, 9, 30), 256)
        assert time.monotonic() - started < 5  # was 18 s and over 270 s


def _get(url: str) -> str | None:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def _wait_for(url: str, ok, deadline: float) -> str:
    html = ""
    while time.monotonic() < deadline:
        html = _get(url) or ""
        if ok(html):
            break
        time.sleep(0.3)
    return html


@pytest.mark.slow
def test_serve_keeps_the_last_good_site_with_the_problems_shown(workdir):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*ESCDA, "serve", "--data", "data", "--as-of", AS_OF, "--config", str(CONFIG)]
        + ["--addr", f"127.0.0.1:{port}"],
        cwd=workdir,
        env={**os.environ, "ESCDA_CACHE": str(workdir / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/2020/banque/"
    deadline = time.monotonic() + 90
    try:
        assert "Alpha" in _wait_for(url, lambda h: "Alpha" in h, deadline)
        _edit(_season(workdir), "threshold: 12.0", "threshold: 99")
        html = _wait_for(url, lambda h: "Données en erreur" in h, deadline)
        assert "Données en erreur" in html and "Alpha" in html
        assert "threshold: must be between 0 and 20" in html
        _edit(_season(workdir), "threshold: 99", "threshold: 12.0")
        html = _wait_for(url, lambda h: "Alpha" in h and "Données en erreur" not in h, deadline)
        assert "Alpha" in html and "Données en erreur" not in html
    finally:
        server.terminate()
        server.wait(timeout=10)


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    "![x](https://e.example/x.png){: onerror=alert(1) }",
    "' onmouseover='alert(1)",
    "*gras* <b>gras</b> {{ 7*7 }} {% raw %}",
]


def _live_markup(html: str) -> list[str]:
    """What of the payloads a browser would run or render as markup in this page."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        last = ""

        def handle_starttag(self, tag: str, attrs: list) -> None:
            # JSON-LD is data, not script: its strings may hold any text (escaped as JSON).
            self.last = "data" if ("type", "application/ld+json") in attrs else tag
            for key, value in attrs:
                value = (value or "").strip().lower()
                if key.startswith("on"):
                    found.append(f"<{tag} {key}=…>")
                if key in ("href", "src") and (
                    value.startswith(("javascript:", "data:")) or "e.example" in value
                ):
                    found.append(f"<{tag} {key}={value}>")
                if tag == "img" and key == "src" and value == "x":
                    found.append("<img src=x>")

        def handle_data(self, data: str) -> None:
            if (self.last == "script" and "alert(1)" in data) or (
                self.last == "b" and data == "gras"
            ):
                found.append(f"<{self.last}>{data}")

    Scan().feed(html)
    return found


def test_injection_payloads_in_every_field_stay_text(tmp_path):
    import copy

    import yaml

    from minidata import SEASON
    from sitecheck import build as build_in_process
    from sitecheck import texts

    season = copy.deepcopy(SEASON)
    phone, email = season["channels"]["phone"], season["channels"]["email"]
    phone["label"] = "Appels " + PAYLOADS[0]
    email["label"] = "E-mails " + PAYLOADS[1]
    phone["criteria"][0]["label"] = "Accueil " + PAYLOADS[2]
    phone["criteria"][0]["group"] = "Relationnel " + PAYLOADS[3]
    phone["criteria"][1]["label"] = "Réponse " + PAYLOADS[4]
    phone["zero_if"][0]["label"] = "Pas de réponse " + PAYLOADS[5]
    root = write(
        tmp_path / "data",
        CATS,
        season=season,
        names={"alpha": "Alpha " + PAYLOADS[3], "beta": "Beta " + PAYLOADS[0]},
        category_names={"banque": "Banque " + PAYLOADS[1]},
    )
    sectors = [{"slug": "services", "name": "Services " + PAYLOADS[2]}]
    (root / "sectors.yaml").write_text(yaml.safe_dump(sectors, allow_unicode=True))
    companies = yaml.safe_load((root / "companies.yaml").read_text())
    companies[0]["former_names"] = ["Ancienne " + p for p in PAYLOADS]
    companies[0]["website"] = "https://alpha.example/?q=1&r=<2>"[:-5]
    (root / "companies.yaml").write_text(yaml.safe_dump(companies, allow_unicode=True))

    site = build_in_process(root, tmp_path / "site", "2020-01-01T12:00")
    checked = 0
    for name, text in texts(site):
        if name.endswith((".html", ".svg")) and "assets/" not in name:
            checked += 1
            found = _live_markup(text)
            assert not found, (name, found)
        elif name.endswith(".xml"):
            assert "<script" not in text and "<img" not in text, name
    assert checked > 10
    # The scan itself sees live markup when there is some.
    assert _live_markup('<p><img src=x onerror=alert(1)><a href="javascript:x">y</a></p>')
    methodology = (site / "2020" / "methodologie" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in methodology  # shown, as text
