"""`escda`: the organisers' command line (validate, results, demo-data, build, serve)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from escda_site.commands.data import cmd_demo_data, cmd_results, cmd_validate
from escda_site.commands.site import cmd_build, cmd_finish, cmd_generate, cmd_serve
from escda_site.commands.usage import EXIT_DATA, EXIT_FAILURE, UsageProblem, parse_as_of
from escda_site.commands.verify import cmd_verify
from escda_site.inputs.problems import DataError


def _as_of(text: str) -> datetime:
    try:
        return parse_as_of(text)
    except UsageProblem as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--as-of: ")) from None


def _addr(text: str) -> str:
    """`--addr`: HOST:PORT, checked here rather than by MkDocs (which exits 1)."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT such as 127.0.0.1:8000, got {text!r}")
    return text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="escda", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def data_opt(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--data", type=Path, default=Path("data"), help="data folder")

    sp = sub.add_parser("validate", help="check the data and report every problem")
    data_opt(sp)
    sp.set_defaults(func=cmd_validate)

    sp = sub.add_parser("results", help="print an edition's full confidential ranking")
    sp.add_argument("edition", type=int)
    sp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    data_opt(sp)
    sp.set_defaults(func=cmd_results)

    sp = sub.add_parser("demo-data", help="write a synthetic data set in the contract format")
    sp.add_argument("out", type=Path)
    sp.add_argument("--seed", type=int, default=2024)
    sp.add_argument("--editions", type=int, default=3, help="editions with test data")
    sp.add_argument("--archive", type=int, default=1, help="archive editions before them")
    sp.add_argument("--categories", type=int, default=12, help="categories per edition")
    sp.add_argument(
        "--companies",
        type=int,
        default=None,
        help="companies tested per category (default: 3 to 8)",
    )
    sp.set_defaults(func=cmd_demo_data)

    sp = sub.add_parser("generate", help="write the generated pages and files for any engine")
    sp.add_argument("out", type=Path, help="folder to write (docs/, overrides/, mkdocs.yml)")
    data_opt(sp)
    sp.add_argument("--as-of", type=_as_of, default=None, help="as for build")
    sp.add_argument("--preview", action="store_true", help="as for build")
    sp.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    sp.set_defaults(func=cmd_generate)

    sp = sub.add_parser(
        "verify",
        help="say whether files are official (published by the portal), by their SHA-256",
        description="Exit status: 0 every file is official; 3 some file is not; 2 a file or "
        "the manifest is missing or unreadable, or a bad option.",
    )
    sp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    # No default here: the generic check of a `site` argument (escda finish) would then
    # refuse a missing site/ even when --manifest names the file to read.
    sp.add_argument("--site", type=Path, default=None, help="a built site (default: site)")
    sp.add_argument("--manifest", type=Path, default=None, help="a copy of logos/manifeste.json")
    sp.add_argument("--date", default=None, help="state on this day AAAA-MM-JJ (default: today)")
    sp.set_defaults(func=cmd_verify)

    sp = sub.add_parser("finish", help="post-build steps on a site any engine built")
    sp.add_argument("site", type=Path)
    sp.set_defaults(func=cmd_finish)

    for name, helptext in (("build", "build the public site"), ("serve", "serve and rebuild")):
        sp = sub.add_parser(name, help=helptext)
        data_opt(sp)
        sp.add_argument(
            "--as-of",
            type=_as_of,
            default=None,
            help="publish as if it were this date-time (default: now, or ESCDA_AS_OF)",
        )
        sp.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
        sp.add_argument(
            "--engine",
            choices=("mkdocs", "properdocs"),
            default=None,
            help="ProperDocs (default), the maintained fork of MkDocs 1.x, or MkDocs 1.6 "
            "(or ESCDA_ENGINE)",
        )
        if name == "build":
            sp.add_argument(
                "--out",
                type=Path,
                default=None,
                help="output folder (default: site/, or site-preview/ with --preview)",
            )
            sp.add_argument(
                "--preview",
                action="store_true",
                help="include embargoed editions, marked, into site-preview/",
            )
            sp.set_defaults(func=cmd_build)
        else:
            sp.add_argument("--addr", type=_addr, default="127.0.0.1:8000")
            sp.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; every expected failure becomes a message and an exit status."""
    args = parser().parse_args(argv)
    problem = _unusable_paths(args)
    if problem:
        print(f"escda: {problem}", file=sys.stderr)
        return EXIT_DATA
    try:
        if getattr(args, "as_of", False) is None and os.environ.get("ESCDA_AS_OF"):
            args.as_of = parse_as_of(os.environ["ESCDA_AS_OF"], "ESCDA_AS_OF")
        return args.func(args)
    except BrokenPipeError:
        # `escda results 2027 | head`: the reader left early. Python would complain again
        # when flushing stdout at exit, so it is pointed at /dev/null first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except DataError as err:
        print(err.report(), file=sys.stderr)
        print(
            f"escda: {len(err.problems)} problem(s) in {args.data}; nothing was written.",
            file=sys.stderr,
        )
        return EXIT_DATA
    except KeyboardInterrupt:
        print("escda: interrupted; the previous site is unchanged.", file=sys.stderr)
        return 130
    except Exception as err:  # sorted by _failure: ours, or raised again
        return _failure(err)


def _unusable_paths(args: argparse.Namespace) -> str | None:
    """What is wrong with the command's --config or --data, before any work starts."""
    config = getattr(args, "config", None)
    if config is not None and not config.is_file():
        return (
            f"no MkDocs configuration at {config} (run escda from the project folder, "
            "or pass --config PATH)"
        )
    site = getattr(args, "site", None)  # escda finish SITE
    if site is not None and not site.is_dir():
        return f"{site}: not a built site folder"
    data = getattr(args, "data", None)
    if data is not None and not data.is_dir():
        return f"--data {data}: {'not a data folder' if data.exists() else 'no such folder'}"
    return None


def _failure(err: Exception) -> int:
    """The message and exit status of an expected failure; anything else is re-raised."""
    from escda_site.cache.store import CacheError
    from escda_site.engine.build import BuildFailed, ConfigProblem
    from escda_site.engine.engines import EngineProblem, UnsupportedEngine
    from escda_site.engine.outdir import OutputError
    from escda_site.engine.postbuild import NotASite
    from escda_site.engine.search_index import SearchIndexError

    refused = (UsageProblem, OutputError, ConfigProblem, EngineProblem, NotASite, CacheError)
    if isinstance(err, refused):
        print(f"escda: {err}", file=sys.stderr)
        return EXIT_DATA
    if isinstance(err, UnsupportedEngine | SearchIndexError):  # a machine failure
        print(f"escda: {err}", file=sys.stderr)
        return EXIT_FAILURE
    if isinstance(err, BuildFailed):
        print(f"escda: the build failed: {err}; the previous site is unchanged.", file=sys.stderr)
        return EXIT_FAILURE
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        reason = err.strerror or str(err)
        print(f"escda: {where}{reason}; the previous site is unchanged.", file=sys.stderr)
        return EXIT_FAILURE
    raise err


if __name__ == "__main__":
    sys.exit(main())
