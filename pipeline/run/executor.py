"""Where the per-document work runs: in this process, in worker processes, or on a Dask cluster.

Every engine yields results in the order of its input, so the tables are the same whatever runs them.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.run.document import process_files
from pipeline.output.rows import Rows

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CHUNK", "DocumentTimeout", "Job", "model", "run_jobs", "work_many"]


@dataclass(frozen=True, slots=True)
class Job:
    """One file to process: its path, its source path, and the limits."""

    path: str
    source: str
    max_bytes: int
    time_limit: float


class DocumentTimeout(TimeoutError):
    """A document took longer than the per-document time limit."""


_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@lru_cache(maxsize=2)
def model(name: str | None) -> "Language":
    """One model per process (worker processes and Dask workers load it once)."""
    from pipeline.nlp.load import load

    return load(name)


def _alarm(signum: int, frame: Any) -> None:
    raise DocumentTimeout("per-document time limit reached (--time-limit)")


def work_many(jobs: list[Job], model_name: str | None) -> list[Rows]:
    """Several documents through one pass of the model; a time limit that hits retries them one by one."""
    nlp = model(model_name)
    limit = sum(j.time_limit for j in jobs) if all(j.time_limit > 0 for j in jobs) else 0.0
    try:
        with _time_limit(limit):
            return process_files([(Path(j.path), j.source) for j in jobs], nlp, max_bytes=jobs[0].max_bytes)
    except DocumentTimeout as exc:
        if len(jobs) > 1:
            return [work_many([j], model_name)[0] for j in jobs]
        return [Rows(errors=[{"source_path": jobs[0].source, "stage": "limit", "error_type": "DocumentTimeout",
                                "message": str(exc)}])]


class _time_limit:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds if seconds > 0 and _main_thread() else 0.0

    def __enter__(self) -> None:
        if self.seconds:
            self.previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


CHUNK = 16  # documents per pass of the model in a worker


def run_jobs(jobs: Iterable[Job], model_name: str | None, workers: int, dask_address: str | None = None,
             ) -> Iterator[Rows]:
    """The Rows of the jobs, in order; jobs are read as chunks are sent, so they need not be all in memory."""
    pending = _chunks(jobs)
    first = list(islice(pending, 2))
    if not first:
        return
    chunks = chain(first, pending)
    if dask_address:
        yield from _dask(list(chunks), model_name, dask_address)
    elif workers <= 1 or len(first) < 2:
        for chunk in chunks:
            yield from work_many(chunk, model_name)
    else:
        for name in _ONE_THREAD:  # read by BLAS when a spawned worker starts; set before it starts
            os.environ.setdefault(name, "1")
        ctx = get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=model,
                                 initargs=(model_name,)) as pool:
            # A bounded window of chunks in flight: pool.map would submit them all and hold every
            # finished result until its turn.
            window: deque[Future[list[Rows]]] = deque()
            for chunk in islice(chunks, 4 * workers):
                window.append(pool.submit(work_many, chunk, model_name))
            while window:
                result = window.popleft().result()
                for chunk in islice(chunks, 1):
                    window.append(pool.submit(work_many, chunk, model_name))
                yield from result


def _chunks(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _dask(chunks: list[list[Job]], model_name: str | None, address: str) -> Iterator[Rows]:
    from distributed import Client

    with Client(address) as client:  # type: ignore[no-untyped-call]
        futures = client.map(work_many, chunks, model_name=model_name, pure=False)
        for future in futures:  # in input order
            yield from future.result()
            future.release()
