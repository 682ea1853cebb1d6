"""The command line's directory commands: ``import``, ``export-hsds`` and ``retrain-coder``.

``python -m dashboard import SOURCE --from hsds|hsds-csv|360giving|csv`` writes the exchange
template with suggested codes and a report; exit 0 when every record was read (placed or not),
1 when some were rejected, 2 when the source could not be read. ``export-hsds DATASET -o DIR``
writes HSDS 3.0 JSON that validates against the bundled schemas. ``retrain-coder`` retrains the
assisted coder with the rows people confirmed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.core.settings import Settings
from dashboard.ingest.directories.records import FORMATS, DirectoryError

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
HSDS_KINDS = {"organizations": "organization", "services": "service", "locations": "location",
              "service_at_locations": "service_at_location", "taxonomies": "taxonomy",
              "taxonomy_terms": "taxonomy_term"}


def add_parsers(sub) -> None:
    """The three commands' arguments (``sub`` is the main parser's subparsers)."""
    imp = sub.add_parser("import", help="import a service directory and suggest codes")
    imp.add_argument("source", help="a file, a folder (HSDS JSON or CSV package) or an HSDS API URL")
    imp.add_argument("--from", dest="format", required=True, choices=FORMATS)
    imp.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                     help="which column holds a field (csv, 360giving), e.g. name='Service title'")
    imp.add_argument("--sheet", help="worksheet to read (XLSX)")
    imp.add_argument("--context", default="", help="what every service of the source is, when its "
                     "records do not say (e.g. 'Food bank or pantry'); the coder reads it")
    imp.add_argument("-o", "--output", help="coded rows to write (.csv or .xlsx; default "
                     "<source>-coded.csv)")
    imp.add_argument("--report", help="write the report (every record's fate) as JSON")
    exp = sub.add_parser("export-hsds", help="publish a dataset as HSDS 3.0 JSON")
    exp.add_argument("dataset", help="bundled, example-..., a saved name[@version], or a CSV/XLSX file")
    exp.add_argument("-o", "--output", required=True, help="folder to write")
    ret = sub.add_parser("retrain-coder", help="retrain the assisted coder with confirmed rows")
    ret.add_argument("--dataset", action="append", default=[],
                     help="saved dataset whose confirmed or edited rows to add (repeatable)")
    ret.add_argument("-o", "--output", required=True, help="folder for the new model (then set "
                     "ATLAS_CODER_DIR to it)")


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    """``import``: read, place, suggest; write the rows and the report; print a summary."""
    from dashboard.coding.pipeline import import_directory, import_tools, read_source, write_rows
    from dashboard.core.cache import Cache
    from dashboard.ingest.directories.spreadsheets import parse_overrides

    try:
        tools = import_tools(settings, Cache())
        read = read_source(args.source, args.format, tools.schemas,
                           overrides=parse_overrides(args.map), sheet=args.sheet)
    except DirectoryError as error:
        print(f"Cannot import {args.source}: {error}", file=sys.stderr)
        if args.report:
            Path(args.report).write_text(json.dumps({"error": str(error)}, indent=1) + "\n",
                                         encoding="utf-8")
        return EXIT_UNREADABLE
    result = import_directory(read, tools, context=args.context)
    output = Path(args.output or f"{Path(args.source.rstrip('/')).stem or 'directory'}-coded.csv")
    write_rows(result.rows, output)
    if args.report:
        Path(args.report).write_text(json.dumps(result.report.to_dict(), indent=1, ensure_ascii=False)
                                     + "\n", encoding="utf-8")
    for line in result.report.summary_lines():
        print(line)
    print(f"Wrote {len(result.rows):,} rows to {output}" + (f" and the report to {args.report}"
                                                           if args.report else "") + ".")
    return result.report.exit_code


def _dataset_rows(args: argparse.Namespace, settings: Settings):
    """The rows and metadata of the dataset to export (a file is validated first)."""
    from dashboard.context import check_state, load_context, scoped
    from dashboard.core.codelists import load_codelists
    from dashboard.core.view_state import ViewState
    from dashboard.ingest.validation import Localities, validate_file

    path = Path(args.dataset)
    if path.suffix.lower() in (".csv", ".xlsx") and path.exists():
        report = validate_file(path, load_codelists(settings.codelists_dir),
                               Localities.from_prepared(settings.prepared_dir))
        rejected = report.rows_total - report.rows_accepted
        return report.accepted, f"{path.name} ({rejected} rejected rows left out)", None
    atlas = load_context(settings, with_store=args.dataset not in ("", "bundled"))
    state, notes = check_state(atlas, ViewState(dataset=args.dataset))
    if notes:
        raise DirectoryError(" ".join(notes))
    dataset = scoped(atlas, state).dataset
    return dataset.interventions, dataset.meta.caption, dataset.meta


def run_export_hsds(args: argparse.Namespace, settings: Settings) -> int:
    """``export-hsds``: every document validated against the HSDS 3.0 schemas, then written."""
    from dashboard.api.hsds import HsdsPublisher
    from dashboard.coding.pipeline import hsds_schemas
    from dashboard.core.codelists import load_codelists
    from dashboard.core.geography import load_geography

    try:
        rows, caption, meta = _dataset_rows(args, settings)
    except DirectoryError as error:
        print(f"Cannot export {args.dataset}: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    publisher = HsdsPublisher(load_codelists(settings.codelists_dir),
                              load_geography(settings.prepared_dir).lad_names)
    documents = publisher.documents(rows)
    schemas = hsds_schemas(settings)
    problems = [f"{kind}/{doc['id']}: {p}" for kind, docs in documents.items() for doc in docs
                for p in schemas.problems(HSDS_KINDS[kind], doc)]
    if problems:
        print("Not written: documents fail the HSDS 3.0 schemas:\n  " + "\n  ".join(problems[:20]),
              file=sys.stderr)
        return EXIT_REJECTED
    write_documents(Path(args.output), documents, caption, meta)
    print(f"Wrote HSDS 3.0 JSON to {args.output}: " + ", ".join(
        f"{len(docs):,} {kind}" for kind, docs in documents.items()) + f". {caption}")
    return EXIT_OK


def write_documents(folder: Path, documents: dict, caption: str, meta) -> None:
    """One JSON file per document (``<kind>/<id>.json``) and ``index.json`` naming the dataset."""
    for kind, docs in documents.items():
        (folder / kind).mkdir(parents=True, exist_ok=True)
        for doc in docs:
            (folder / kind / f"{doc['id']}.json").write_text(
                json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    index = {"hsds_version": "3.0", "dataset": caption,
             "illustrative": bool(meta.illustrative) if meta else False,
             "notice": meta.notice if meta else "", "coding": meta.coding if meta else "",
             "counts": {kind: len(docs) for kind, docs in documents.items()},
             "licence": "HSDS 3.0 schemas: Open Referral, CC BY-SA 4.0. Data: see the dataset's sources."}
    (folder / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n",
                                       encoding="utf-8")


def run_retrain(args: argparse.Namespace, settings: Settings) -> int:
    """``retrain-coder``: the build-time training data plus the rows people confirmed."""
    from dashboard.coding.build import build_training, train_and_save
    from dashboard.coding.loading import default_paths
    from dashboard.store.store import Store

    store = Store.open(settings.database_url)
    try:
        confirmed = [(f"{name} (saved dataset, newest version)", store.load(name).rows)
                     for name in args.dataset]
    finally:
        store.close()
    paths = default_paths(settings)
    manifest = train_and_save(settings, build_training(settings, paths, confirmed), paths,
                              Path(args.output))
    print(f"Trained on {manifest['examples']}; thresholds {manifest['thresholds']}. "
          f"Wrote {args.output}; use it with ATLAS_CODER_DIR={args.output}.")
    return EXIT_OK
