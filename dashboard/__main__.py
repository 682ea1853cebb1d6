"""Command line: ``python -m dashboard`` validate, template, export, migrate, hash-secret, and more.

``save-dataset`` and ``unlock`` (workshop set-up) live in ``dashboard.cli``; the directory
commands (import, export-hsds, retrain-coder) in ``dashboard.cli_directories``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli import EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, add_commands
from dashboard.core.settings import Settings


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.core.codelists import load_codelists
    from dashboard.ingest.reading import ReadError
    from dashboard.ingest.validation import Localities, validate_file

    codelists = load_codelists(settings.codelists_dir)
    localities = Localities.from_prepared(settings.prepared_dir)
    try:
        report = validate_file(
            args.file, codelists, localities, sheet=args.sheet,
            stale_after_days=settings.stale_after_days,
        )
    except ReadError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}))
        else:
            print(f"Cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(report.to_dict(), indent=1, default=str))
    else:
        print(_human_summary(report, Path(args.file).name))
    return EXIT_OK if report.ok else EXIT_REJECTED


def _human_summary(report, name: str) -> str:
    lines = [
        f"{name}: {report.rows_accepted} of {report.rows_total} rows accepted, "
        f"{report.rows_total - report.rows_accepted} rejected; "
        f"{len(report.errors) + report.unlisted_errors} error(s), "
        f"{len(report.warnings) + report.unlisted_warnings} warning(s).",
    ]
    if report.unlisted_errors or report.unlisted_warnings:
        lines.append(f"  (the first {len(report.errors)} errors and {len(report.warnings)} "
                     "warnings are listed)")
    for label, issues in (("ERROR", report.errors), ("warning", report.warnings)):
        for issue in issues:
            where = f"row {issue.row}" + (f", {issue.column}" if issue.column else "")
            hint = f" [suggestion: {issue.suggestion}]" if issue.suggestion else ""
            lines.append(f"  {label} {where}: {issue.message}{hint}")
    return "\n".join(lines)


def _template(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.core.codelists import load_codelists
    from dashboard.ingest.template import template_csv, template_xlsx

    codelists = load_codelists(settings.codelists_dir)
    fmt = args.format or Path(args.output).suffix.lstrip(".").lower() or "xlsx"
    content = template_xlsx(codelists) if fmt == "xlsx" else template_csv()
    Path(args.output).write_bytes(content)
    print(f"Wrote the blank {fmt.upper()} template to {args.output}")
    return EXIT_OK


def _export(args: argparse.Namespace, settings: Settings) -> int:
    import datetime as dt

    from dashboard.context import check_state, load_context, scoped, view_of_link
    from dashboard.core.dataset_identity import parse_key
    from dashboard.exports.files import ExportError, export_file
    from dashboard.exports.renderer import Renderer
    from dashboard.views.parts import parts_of

    atlas = load_context(settings)
    state, notes = view_of_link(atlas, args.url)
    if not parse_key(state.dataset)[0].bundled:  # a saved dataset or upload: open the store
        atlas = load_context(settings, with_store=True)
        state, dataset_notes = check_state(atlas, state)
        notes = [*notes, *dataset_notes]
    atlas = scoped(atlas, state)  # its dataset, and its level of geography or NHS area
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    fmt = args.format or suffix or "png"
    key = args.figure or (parts_of(state) or (None,))[0]
    renderer = Renderer(settings.chromium)
    try:
        export = export_file(atlas, renderer, state, key, args.preset, fmt, args.url,
                             dt.date.today(), args.credit or "")
    except ExportError as exc:
        print(f"Cannot export {args.url}: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    finally:
        renderer.close()
    output = Path(args.output or export.name)
    output.write_bytes(export.content)
    print(f"Wrote {output} ({len(export.content):,} bytes)")
    if export.alt_text:
        print(f"Alt text: {export.alt_text}")
    return EXIT_OK


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from dashboard.store.store import Store

    store = Store.open(settings.database_url)
    try:
        print(f"Store schema at revision {store.schema_revision()} ({store.dialect}).")
    finally:
        store.close()
    return EXIT_OK


def _hash_secret(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from dashboard.security.secrets import hash_secret

    secret = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("Editor secret: ")
    if not secret:
        print("The editor secret must not be empty.", file=sys.stderr)
        return EXIT_REJECTED
    print(hash_secret(secret))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="validate a CSV or XLSX exchange-template file")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--sheet", help="worksheet to read (XLSX); default: the template sheet")
    blank = sub.add_parser("template", help="write the blank exchange template")
    blank.add_argument("-o", "--output", default="intervention_template.xlsx")
    blank.add_argument("--format", choices=["xlsx", "csv"])
    export = sub.add_parser("export", help="export a saved view (permalink) as an image or data")
    export.add_argument("url", help="permalink of a view, e.g. http://127.0.0.1:8050/locality/"
                        "E06000009?domain=income (the host part is ignored)")
    export.add_argument("--format", choices=["png", "svg", "pdf", "csv", "xlsx", "profile"],
                        help="default: from the output file's extension, else png")
    export.add_argument("--preset", default="social", choices=["social", "slide", "a4"],
                        help="image size: social 1200x675, slide 1920x1080, a4 300 dpi print")
    export.add_argument("--figure", help="which figure of the view (default: its headline figure)")
    export.add_argument("-o", "--output", help="file to write (default: a descriptive name)")
    export.add_argument("--credit", help='a line naming who made it, printed with the sources, '
                        'e.g. --credit "Made by Blackpool Mind" (at most 120 characters)')
    sub.add_parser("migrate", help="create or upgrade the store's schema (DATABASE_URL)")
    hashing = sub.add_parser("hash-secret", help="print the ATLAS_EDITOR_SECRET_HASH for a secret")
    hashing.add_argument("--stdin", action="store_true", help="read the secret from standard input")
    workshop = add_commands(sub)
    from dashboard import cli_directories as directories

    directories.add_parsers(sub)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    handlers = {"validate": _validate, "template": _template, "export": _export,
                "migrate": _migrate, "hash-secret": _hash_secret, **workshop,
                "import": directories.run_import, "export-hsds": directories.run_export_hsds,
                "retrain-coder": directories.run_retrain}
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
