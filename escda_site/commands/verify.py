"""`escda verify`: whether files are the portal's official ones, by their SHA-256."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from escda_site.commands.usage import EXIT_DATA, EXIT_NOT_OFFICIAL, UsageProblem


def _paris_today():
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Paris")).date()


def cmd_verify(args: argparse.Namespace) -> int:
    """Each file official or not, by its SHA-256 in a built site's manifest of official files.

    0: every file is official; 3: some file is not; 2: a file or the manifest is missing or
    unreadable, or the command line is wrong.
    """
    from datetime import date

    from escda_site.outputs.logos import manifest as mf
    from escda_site.public import urls

    where = args.manifest or (args.site or Path("site")) / urls.logo_manifest()
    try:
        day = date.fromisoformat(args.date) if args.date else _paris_today()
    except ValueError:
        raise UsageProblem(f"--date: not a day written AAAA-MM-JJ: {args.date!r}") from None
    try:
        known = mf.read_manifest(where.read_text(encoding="utf-8"), str(where))
    except FileNotFoundError:
        raise UsageProblem(
            f"{where}: no manifest of official files (build the site first, or pass "
            "--site DIR or --manifest FILE)"
        ) from None
    except (mf.ManifestError, UnicodeDecodeError) as err:
        raise UsageProblem(str(err)) from None
    status = 0
    for path in args.files:
        try:
            digest = mf.sha256(path)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as err:
            print(f"{path}: {err.strerror or err}", file=sys.stderr)
            status = EXIT_DATA
            continue
        found = known.by_hash.get(digest, [])
        for entry in found:
            print(f"{path}: {mf.official_text(entry, day)}")
        if not found:
            print(f"{path}: {mf.not_official_text(known, digest)}")
            status = status or EXIT_NOT_OFFICIAL
    return status
