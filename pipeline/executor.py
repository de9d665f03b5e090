"""Where the per-document work runs: in this process, in worker processes, or on a Dask cluster.

Every engine yields results in the order of its input, so the tables are the same whatever runs them.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.run import Tables, process_file

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True, slots=True)
class Job:
    path: str
    source: str
    max_bytes: int
    time_limit: float


class DocumentTimeout(TimeoutError):
    """A document took longer than the per-document time limit."""


@lru_cache(maxsize=2)
def model(name: str | None) -> "Language":
    """One model per process (worker processes and Dask workers load it once)."""
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    from pipeline.nlp import load

    return load(name)


def _alarm(signum: int, frame: Any) -> None:
    raise DocumentTimeout("per-document time limit reached (--time-limit)")


def work(job: Job, model_name: str | None) -> Tables:
    nlp = model(model_name)
    timed = job.time_limit > 0 and _main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, job.time_limit)
    try:
        return process_file(Path(job.path), job.source, nlp, max_bytes=job.max_bytes)
    except DocumentTimeout as exc:
        return Tables(errors=[{"source_path": job.source, "stage": "limit", "error_type": "DocumentTimeout",
                               "message": str(exc)}])
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _work_star(args: tuple[Job, str | None]) -> Tables:
    return work(*args)


def run_jobs(jobs: list[Job], model_name: str | None, workers: int, dask_address: str | None = None,
             ) -> Iterator[Tables]:
    if not jobs:
        return
    if dask_address:
        yield from _dask(jobs, model_name, dask_address)
    elif workers <= 1 or len(jobs) < 2 * workers:
        for job in jobs:
            yield work(job, model_name)
    else:
        ctx = get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=model,
                                 initargs=(model_name,)) as pool:
            chunk = max(1, min(16, len(jobs) // (workers * 8)))
            yield from pool.map(_work_star, [(j, model_name) for j in jobs], chunksize=chunk)


def _dask(jobs: list[Job], model_name: str | None, address: str) -> Iterator[Tables]:
    from distributed import Client

    with Client(address) as client:
        futures = client.map(work, jobs, model_name=model_name, pure=False, batch_size=64)
        for future in futures:  # in input order
            yield future.result()
            future.release()
