"""Commands that prepare and run a workshop from the shell: ``save-dataset`` and ``unlock``.

``python -m dashboard`` registers them beside ``validate``; both write to the store named by
``DATABASE_URL`` (or the SQLite file in the instance folder), exactly as the running server does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.settings import Settings

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction) -> dict:
    """Add the subcommands to ``python -m dashboard``'s parser; returns name -> handler."""
    save = sub.add_parser(
        "save-dataset", help="validate a template file and save its accepted rows as the next "
        "version of a named dataset (exit 0 all rows saved, 1 rows rejected, 2 unreadable)")
    save.add_argument("file")
    save.add_argument("--name", required=True, help="dataset name, e.g. bolton-workshop")
    save.add_argument("--by", required=True, help="display name recorded in the audit trail")
    save.add_argument("--note", default="", help="why this version exists (version note)")
    save.add_argument("--sheet", help="worksheet to read (XLSX); default: the template sheet")
    save.add_argument("--illustrative", action="store_true",
                      help="mark the rows as illustrative (synthetic), labelled so everywhere")
    unlock = sub.add_parser(
        "unlock", help="let editors sign in again at once after too many wrong secrets")
    unlock.add_argument("--address", help="only this client address (default: every address)")
    return {"save-dataset": save_dataset, "unlock": unlock_sign_in}


def save_dataset(args: argparse.Namespace, settings: Settings) -> int:
    """Validate ``args.file`` and save its accepted rows; exit codes as ``validate``."""
    from dashboard.core.codelists import load_codelists
    from dashboard.core.dataset_identity import check_name
    from dashboard.ingest.reading import ReadError
    from dashboard.ingest.validation import Localities, validate_file
    from dashboard.store.store import Store

    problem = check_name(args.name) or (None if args.by.strip() else
                                        "--by needs the display name of who saves the dataset.")
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_UNREADABLE
    codelists = load_codelists(settings.codelists_dir)
    localities = Localities.from_prepared(settings.prepared_dir)
    try:
        report = validate_file(args.file, codelists, localities, sheet=args.sheet,
                               stale_after_days=settings.stale_after_days)
    except ReadError as exc:
        print(f"Cannot read {args.file}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    name = Path(args.file).name
    rejected = report.rows_total - report.rows_accepted
    print(f"{name}: {report.rows_accepted} of {report.rows_total} rows accepted, {rejected} "
          f"rejected; {len(report.errors)} error(s), {len(report.warnings)} warning(s).")
    if report.rows_accepted == 0:
        print(f"Nothing saved: no row was accepted. See `python -m dashboard validate {args.file}`.",
              file=sys.stderr)
        return EXIT_REJECTED
    store = Store.open(settings.database_url, codelists=codelists, localities=localities)
    try:
        info = store.save_version(
            args.name, report.accepted, actor=args.by.strip(), illustrative=args.illustrative,
            notice="Illustrative data: synthetic records, not a real service directory."
            if args.illustrative else "",
            comment=args.note.strip() or f"Saved from {name} on the command line")
    finally:
        store.close()
    print(f"Saved {info.row_count} rows as {info.dataset}, version {info.version}.")
    if rejected:
        print(f"{rejected} row(s) were left out; `python -m dashboard validate {args.file}` lists "
              "why.", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_REJECTED


def unlock_sign_in(args: argparse.Namespace, settings: Settings) -> int:
    """Forget counted sign-in attempts, so a locked-out editor can sign in at once."""
    from dashboard.security.sign_in import client_key
    from dashboard.store.store import Store

    client = client_key(args.address) if args.address else None
    if args.address and client == "unknown":
        print(f"{args.address!r} is not an IPv4 or IPv6 address.", file=sys.stderr)
        return EXIT_UNREADABLE
    store = Store.open(settings.database_url)
    try:
        cleared = store.clear_sign_in_attempts(client)
    finally:
        store.close()
    who = f"from {client}" if client else "from every address"
    print(f"Cleared {cleared} counted wrong secret(s) {who}; editors can sign in now.")
    return EXIT_OK
