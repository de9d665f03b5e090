"""Where the per-document work runs: in this process, in worker processes, or on a Dask cluster.

Every engine yields results in the order of its input, so the tables are the same whatever runs them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.run.document import process_files
from pipeline.output.rows import Rows
from pipeline.run.limits import DocumentTimeout

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


_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@lru_cache(maxsize=2)
def model(name: str | None) -> "Language":
    """One model per process (worker processes and Dask workers load it once)."""
    from pipeline.nlp.load import load

    return load(name)


def work_many(jobs: list[Job], model_name: str | None) -> list[Rows]:
    """Several documents through one pass of the model, each within its own time limit."""
    nlp = model(model_name)
    return process_files([(Path(j.path), j.source) for j in jobs], nlp, max_bytes=jobs[0].max_bytes,
                         time_limit=jobs[0].time_limit)


def _worker_start(model_name: str | None, parent: int) -> None:
    """A worker process: it ends with the main process, however that ends (see _watch_parent), and leaves
    Ctrl-C to it (the terminal sends SIGINT to the whole process group; the main process stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    model(model_name)


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _watch_parent(parent: int) -> None:
    """Any POSIX system: a worker whose parent is gone (re-parented: getppid changes) exits."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now (a signal or an error in the main process): terminate, wait, then kill."""
    processes = list(getattr(pool, "_processes", {}).values())
    for p in processes:
        if p.is_alive():
            p.terminate()
    deadline = time.monotonic() + 5
    for p in processes:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(1)
    pool.shutdown(wait=True, cancel_futures=True)


CHUNK = 16  # documents per pass of the model in a worker


def run_jobs(jobs: Iterable[Job], model_name: str | None, workers: int, dask_address: str | None = None,
             ) -> Generator[Rows, None, None]:
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
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_start,
                                   initargs=(model_name, os.getpid()))
        finished = False
        try:
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
            finished = True
        finally:  # also when the consumer stops early (an error, a signal, the generator closed)
            if finished:
                pool.shutdown(wait=True)
            else:
                _stop(pool)


def _chunks(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _dask(chunks: list[list[Job]], model_name: str | None, address: str) -> Iterator[Rows]:
    from distributed import Client

    try:
        client = Client(address)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:  # raised as an OSError: the CLI's one error line, exit 2
        raise OSError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        futures = client.map(work_many, chunks, model_name=model_name, pure=False)
        for future in futures:  # in input order
            yield from future.result()
            future.release()  # type: ignore[no-untyped-call]
