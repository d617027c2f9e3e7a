"""One loading step run in a forked process while this one does another.

Loading a federal repository is two long, independent jobs: reading thousands of
Markdown files, and reading (or decoding the cached) XZuFi catalogue. On two
cores they can run at once. The step's result comes back pickled through a pipe,
so it must be plain records (frozen dataclasses, tuples, dicts), and it is built
exactly as it would be here. Whatever goes wrong on the other side (no fork on this
platform, the process killed, an exception in it) the step is simply run here
instead: the result is always the one the serial load gives.

Only a process without other threads forks (a thread holding a lock at the moment
of the fork would leave that lock held forever in the child), so a long-running
command with threads, like ``efa-kb serve``, loads serially.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from contextlib import suppress
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


class Background(Generic[Result]):
    """``function(*args)``, started in a forked process when ``worth_it`` and possible."""

    def __init__(self, function: Callable[..., Result], *args: Any, worth_it: bool = True):
        self._function, self._args = function, args
        self._process: Any = None
        self._pipe: Connection | None = None
        if worth_it and _can_fork():
            self._start()

    def _start(self) -> None:
        try:
            context = get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(sending, self._function, self._args), daemon=True)
            process.start()
        except (OSError, ValueError):  # no fork here, or no process could start: run it in result()
            return
        sending.close()
        self._process, self._pipe = process, receiving

    @property
    def forked(self) -> bool:
        """True while the step runs (or ran) in another process."""
        return self._process is not None

    def result(self) -> Result:
        """The step's result: from the other process if it delivered one, else computed here."""
        if self._pipe is not None:
            try:
                outcome, value = pickle.loads(self._pipe.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                outcome, value = "lost", None  # killed, or it could not send
            finally:
                self._pipe.close()
                self._process.join()
                self._pipe = None
            if outcome == "done":
                return value
        return self._function(*self._args)


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _run(sending: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """In the forked process: run the step and send back ("done", result) or ("failed", None)."""
    try:
        message = pickle.dumps(("done", function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - the caller runs it again itself and sees the real error
        message = pickle.dumps(("failed", None))
    with sending, suppress(OSError):  # the caller is gone: nobody to tell
        sending.send_bytes(message)
