"""The commands that make a site: `build`, `serve`, and for another engine `generate` then
`finish`."""

from __future__ import annotations

import argparse
import sys


def cmd_build(args: argparse.Namespace) -> int:
    from escda_site.engine import engines

    engines.use(args.engine)
    from escda_site.engine import adapter
    from escda_site.engine.build import build_site

    adapter.check_versions()
    build_site(
        data=args.data,
        out=args.out,
        as_of=args.as_of,
        preview=args.preview,
        config_file=args.config,
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from escda_site.engine import engines

    engines.use(args.engine)
    from escda_site.engine import adapter
    from escda_site.engine.build import serve_site

    adapter.check_versions()
    serve_site(data=args.data, as_of=args.as_of, config_file=args.config, addr=args.addr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from escda_site.engine.config import as_of_datetime
    from escda_site.engine.export import export_tree

    done = export_tree(
        config_file=args.config,
        data=args.data,
        out=args.out,
        as_of=args.as_of or as_of_datetime(None),
        preview=args.preview,
    )
    print(
        f"escda: generated {args.out}/ — {done.pages} pages, {done.hand_written} hand-written, "
        f"{done.files} files, and its mkdocs.yml (build it with any engine, then escda finish)",
        file=sys.stderr,
    )
    return 0


def cmd_finish(args: argparse.Namespace) -> int:
    from escda_site.engine.postbuild import check_built_site, finish_site

    check_built_site(args.site)
    done = finish_site(args.site)
    print(f"escda: {args.site}: {', '.join(done) or 'nothing to do'}", file=sys.stderr)
    return 0
