"""The commands on an organiser's data folder: `validate`, `results` (the confidential
ranking) and `demo-data` (a synthetic data set)."""

from __future__ import annotations

import argparse
import json
import sys

from escda_site.commands.usage import EXIT_DATA, UsageProblem


def cmd_validate(args: argparse.Namespace) -> int:
    from escda_site.inputs.load import load_dataset
    from escda_site.inputs.model import Portal
    from escda_site.inputs.portal import portal_warnings

    dataset = load_dataset(args.data)
    full = [e for e in dataset.editions if not e.archive]
    tests = sum(len(e.tests) for e in full)
    rows = sum(len(e.scores) for e in full)
    print(
        f"{args.data}: OK — {len(dataset.editions)} editions ({len(full)} with test data), "
        f"{len(dataset.companies)} companies, {tests} tests, {rows} criterion scores"
    )
    # Not errors: a demo or a draft builds; a published site should not carry these.
    for warning in portal_warnings(Portal(dataset.demo, dataset.organiser)):
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    from escda_site.inputs.load import load_dataset
    from escda_site.scoring.ranking import ranking_frame

    dataset = load_dataset(args.data)
    try:
        edition = dataset.edition(args.edition)
    except StopIteration:
        years = ", ".join(str(e.year) for e in dataset.editions)
        print(
            f"escda: no edition {args.edition} in {args.data} (editions: {years})", file=sys.stderr
        )
        return EXIT_DATA
    from escda_site.scoring.marks import score_edition

    frame = ranking_frame(score_edition(edition), dataset)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False, float_format="%.4f")
    elif args.format == "json":
        json.dump(frame.to_dict(orient="records"), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(f"Confidential ranking, ESCDA {edition.year} (threshold {edition.threshold:g}/20)")
        print(frame.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from escda_site.demo.generate import write_demo_data

    try:
        write_demo_data(
            args.out,
            seed=args.seed,
            editions=args.editions,
            categories=args.categories,
            companies=args.companies,
            archive=args.archive,
        )
    except (ValueError, FileExistsError) as exc:  # counts, or an OUT holding other data
        why = f"{exc.filename}: {exc.strerror}" if getattr(exc, "filename", None) else exc
        raise UsageProblem(f"demo-data: {why}") from None
    print(f"demo data written to {args.out}")
    return 0
