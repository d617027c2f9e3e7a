"""The worker processes a build runs in: MkDocs builds and search indexes, in parallel.

MkDocs keeps global state, so each worker is a process of its own (spawned, so it
starts clean). Workers report progress through a queue, which is drained while
the caller waits for results.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from efa_kb.build.mkdocs_runner import Progress, worker_init
from efa_kb.load.cache import cache_root


class Workers:
    """A pool of worker processes; ``with Workers(...) as workers: workers.submit(...)``."""

    def __init__(self, jobs: int | None = None, *, speedups: bool = True, cache_dir: Path | None = None,
                 on_progress: Callable[[Progress], None] | None = None):
        context = get_context("spawn")
        self._progress = context.Queue()
        self._on_progress = on_progress
        self._pool = ProcessPoolExecutor(
            max_workers=max(1, jobs or os.cpu_count() or 1), mp_context=context, initializer=worker_init,
            initargs=(self._progress, speedups, cache_dir if cache_dir is not None else cache_root()))

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if error is None:
            self._pool.shutdown(wait=True)
            return
        # Interrupted (Ctrl-C, SIGTERM) or failed: stop the workers now, not after their builds.
        processes = list(getattr(self._pool, "_processes", {}).values())
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``function(*args)`` in a worker."""
        return self._pool.submit(function, *args)

    def as_completed(self, futures: Iterable[Future[Any]]) -> Iterator[Future[Any]]:
        """The futures as they finish; progress reports are passed on meanwhile."""
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            self._drain()
            yield from done
        self._drain()

    def _drain(self) -> None:
        while True:
            try:
                report = self._progress.get_nowait()
            except queue.Empty:
                return
            if self._on_progress is not None:
                self._on_progress(report)
