"""Hostile input, round 2 (issue 23): the organiser's tables and the seasons/ folder.

A cell is what spreadsheets write or a `file:line: reason`; every entry of seasons/ is an
edition or a named problem; nothing read from the data folder hangs or raises.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

from escda_site.inputs import csvio
from escda_site.inputs.problems import DataError
from escda_site.scoring.pipeline import load_and_score

from hostile import AS_OF, ESCDA, build, csv_of_tests, escda, wait_for
from sitecheck import CONFIG, tree_hash


def scores_csv(workdir):
    return workdir / "data" / "seasons" / "2020" / "scores.csv"


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(capsys) -> tuple[int, str]:
    return escda(capsys, "validate", "--data", "data")


def ranking(capsys) -> str:
    """The full confidential ranking, as `escda results` prints it."""
    capsys.readouterr()
    from escda_site import cli

    assert cli.main(["results", "2020", "--data", "data", "--format", "csv"]) == 0
    return capsys.readouterr().out


# Line 6 of tests.csv is T5, beta's call that rang 90 s: the zero rule makes it 0/20 and
# alpha the laureate. A ring time read as NaN would skip the rule and crown beta.
@pytest.mark.parametrize(
    "cell", ["９０", "٩٠", "9e1", "90.0", "nan", "inf", "0x5a", "9 0", "1 000", "+-90", ""]
)
def test_a_number_in_tests_csv_is_ascii_digits_or_a_named_error(workdir, capsys, cell):
    replace_in(
        csv_of_tests(workdir),
        "T5,beta,banque,phone,2019-06-03,,90",
        f"T5,beta,banque,phone,2019-06-03,,{cell}",
    )
    code, err = validate(capsys)
    assert code == 2, err
    assert "seasons/2020/tests.csv:6: ring_seconds must be a whole number (ASCII digits)" in err


@pytest.mark.parametrize(
    "cell", ["４", "٤", "4e0", "inf", "NaN", "0x4", "1 0", "4,0,0", "1.000,5", "--4", "4-", "."]
)
def test_points_are_ascii_digits_or_a_named_error(workdir, capsys, cell):
    replace_in(scores_csv(workdir), "T1,accueil,4", f'T1,accueil,"{cell}"')
    code, err = validate(capsys)
    assert code == 2, err
    assert "seasons/2020/scores.csv:2: points must be a number (ASCII digits" in err


def test_numbers_written_as_spreadsheets_do_give_the_same_ranking(workdir, capsys):
    plain = ranking(capsys)
    replace_in(scores_csv(workdir), "T1,accueil,4", 'T1,accueil," 4,0 "')
    replace_in(scores_csv(workdir), "T1,reponse,4", "T1,reponse,+4.")
    replace_in(scores_csv(workdir), "T2,accueil,2", "T2,accueil,002.000")
    replace_in(
        csv_of_tests(workdir),
        "T5,beta,banque,phone,2019-06-03,,90",
        "T5,beta,banque,phone,2019-06-03,,+90",
    )
    assert ranking(capsys) == plain


def test_a_date_is_ascii_digits(workdir, capsys):
    replace_in(
        csv_of_tests(workdir),
        "T5,beta,banque,phone,2019-06-03",
        "T5,beta,banque,phone,２０１９-06-03",
    )
    code, err = validate(capsys)
    assert code == 2 and "seasons/2020/tests.csv:6: date must be YYYY-MM-DD" in err, err


def _dangling(seasons):
    (seasons / "2021").symlink_to("2019-ancien")


def _loop(seasons):
    (seasons / "2021").symlink_to("2021")


def _file(seasons):
    (seasons / "2021").write_text("edition: 2021\n")


def _pipe(seasons):
    os.mkfifo(seasons / "2021")


def _misnamed(seasons):
    (seasons / "2021").mkdir()
    (seasons / "2021").rename(seasons / "édition-2021")


@pytest.mark.slow
@pytest.mark.parametrize(
    "make, entry, reason",
    [
        (_dangling, "2021", "a symbolic link to 2019-ancien, which does not exist"),
        (_loop, "2021", "a symbolic link that leads back to itself (a loop)"),
        (_file, "2021", "not a folder: an edition is a folder named by its year"),
        (_pipe, "2021", "not a folder: an edition is a folder named by its year"),
        (_misnamed, "édition-2021", "edition folders are named by year"),
    ],
)
def test_every_entry_of_seasons_is_an_edition_or_a_named_error(
    workdir, capsys, make, entry, reason
):
    assert build(capsys)[0] == 0
    before = tree_hash(workdir / "site")
    make(workdir / "data" / "seasons")
    code, err = validate(capsys)
    assert code == 2 and f"seasons/{entry}: {reason}" in err, err
    code, err = build(capsys)
    assert code == 2 and f"seasons/{entry}: {reason}" in err, err
    assert tree_hash(workdir / "site") == before


def test_hidden_entries_of_seasons_are_the_systems(workdir, capsys):
    (workdir / "data" / "seasons" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (workdir / "data" / "seasons" / ".git").mkdir()
    assert validate(capsys)[0] == 0


def test_tests_csv_with_its_header_only_is_a_named_error(workdir, capsys):
    path = csv_of_tests(workdir)
    path.write_text(path.read_text().splitlines()[0] + "\n")
    code, err = validate(capsys)
    assert code == 2 and "seasons/2020/tests.csv:1: no test below the header line" in err, err
    # What `escda serve` shows in its red banner is a DataError, not a traceback.
    with pytest.raises(DataError):
        load_and_score(workdir / "data")


@pytest.mark.slow
def test_serve_shows_a_header_only_tests_csv_in_its_banner(workdir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [*ESCDA, "serve", "--data", "data", "--as-of", AS_OF, "--config", str(CONFIG)]
        + ["--addr", f"127.0.0.1:{port}"],
        cwd=workdir,
        env={**os.environ, "ESCDA_CACHE": str(workdir / "cache")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/2020/banque/"
    deadline = time.monotonic() + 90
    try:
        assert "Alpha" in wait_for(url, lambda h: "Alpha" in h, deadline)
        path = csv_of_tests(workdir)
        path.write_text(path.read_text().splitlines()[0] + "\n")
        html = wait_for(url, lambda h: "Données en erreur" in h, deadline)
        assert "tests.csv:1: no test below the header line" in html
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert "Traceback" not in err, err[-2000:]


def test_a_dangling_link_in_place_of_a_table_is_named(workdir, capsys):
    csv_of_tests(workdir).unlink()
    csv_of_tests(workdir).symlink_to("export-du-jeudi.csv")
    code, err = validate(capsys)
    assert code == 2, err
    assert "tests.csv: a symbolic link to export-du-jeudi.csv, which does not exist" in err


@pytest.mark.parametrize("size", [5_000, 3_000_000])
def test_an_oversize_cell_is_refused_by_line(workdir, capsys, size):
    replace_in(csv_of_tests(workdir), "T5,beta", "T5,b" + "e" * size + "ta")
    code, err = validate(capsys)
    assert code == 2 and "seasons/2020/tests.csv:6: " in err, err
    assert "a cell of more than 1,000 characters" in err and "e" * 100 not in err


def _quoted_header(text: str) -> str:
    first, rest = text.split("\n", 1)
    return ",".join(f'"{name}"' for name in first.split(",")) + "\n" + rest


def _french_excel(text: str) -> str:
    return "\ufeff" + text.replace(",", ";").replace(";4\n", ";4,0\n").replace("\n", "\r\n")


@pytest.mark.parametrize(
    "export",
    [
        _quoted_header,
        lambda t: t.replace("\n", "\r"),  # old Excel for Mac
        lambda t: t.replace("\n", "\r\n"),
        _french_excel,
        lambda t: "".join(
            ",".join(f'"{c}"' for c in line.split(",")) + "\n" for line in t.splitlines()
        ),
    ],
    ids=["quoted header", "CR", "CRLF", "French Excel", "every cell quoted"],
)
def test_spreadsheet_exports_give_the_same_ranking(workdir, capsys, export):
    plain = ranking(capsys)
    for path in (csv_of_tests(workdir), scores_csv(workdir)):
        path.write_bytes(export(path.read_text(encoding="utf-8")).encode("utf-8"))
    assert ranking(capsys) == plain


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named(workdir, capsys, encoding):
    path = scores_csv(workdir)
    path.write_bytes(path.read_text().encode(encoding))
    code, err = validate(capsys)
    assert code == 2, err
    assert "seasons/2020/scores.csv:1: UTF-16 text, not UTF-8: save the file as UTF-8" in err


def test_a_workbook_saved_under_a_csv_name_is_named(workdir, capsys):
    csv_of_tests(workdir).write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    code, err = validate(capsys)
    assert code == 2 and "seasons/2020/tests.csv:1: a workbook or a zip archive" in err, err


def test_a_byte_order_mark_inside_a_file_is_blamed_on_its_line(workdir, capsys):
    path = scores_csv(workdir)
    lines = path.read_text().split("\n")
    lines[4] = "\ufeff" + lines[4]  # two exports joined: the second one's BOM on line 5
    path.write_text("\n".join(lines))
    code, err = validate(capsys)
    assert code == 2, err
    assert "seasons/2020/scores.csv:5: test_id: holds U+FEFF, a byte order mark" in err
    assert "unknown test_id" not in err


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufdd0", "\ufffe", "\U0010ffff"]
)
def test_control_and_non_characters_in_a_cell_are_refused_by_line(workdir, capsys, char):
    replace_in(csv_of_tests(workdir), "T5,beta", f"T5{char}x,beta")
    code, err = validate(capsys)
    assert code == 2, err
    assert f"seasons/2020/tests.csv:6: test_id: holds U+{ord(char):04X}" in err


@pytest.mark.slow
def test_a_pipe_or_a_device_never_hangs_validation(workdir):
    folder = csv_of_tests(workdir).parent
    csv_of_tests(workdir).unlink()
    os.mkfifo(csv_of_tests(workdir))
    scores_csv(workdir).unlink()
    scores_csv(workdir).symlink_to("/dev/zero")
    done = subprocess.run(
        [*ESCDA, "validate", "--data", "data"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=60,  # the old code waited for a writer on the pipe forever
    )
    assert done.returncode == 2, done.stderr
    for name in ("tests.csv", "scores.csv"):
        assert f"seasons/2020/{name}: not a regular file" in done.stderr
    assert folder.is_dir() and "Traceback" not in done.stderr


def test_a_table_file_larger_than_the_cap_is_refused(workdir, capsys, monkeypatch):
    monkeypatch.setattr(csvio, "MAX_FILE_BYTES", 200)
    size = scores_csv(workdir).stat().st_size
    code, err = validate(capsys)
    assert code == 2, err
    assert f"seasons/2020/scores.csv: {size:,} bytes: a table file holds at most 200" in err
