"""Stopping a long command on SIGINT or SIGTERM: cleanly on the first, at once on the second.

The first signal runs ``on_signal`` in the main thread (or raises ``Interrupted`` there, as
Ctrl-C raises ``KeyboardInterrupt``). A second signal, or a clean stop still running
``GRACE`` seconds after the first, ends the process with ``os._exit``. Those two come from a
watcher thread fed by ``signal.set_wakeup_fd``: Python runs signal handlers only between
bytecodes of the main thread, and a main thread stuck in C (a locked database, a hung
socket) would otherwise hold them back.

Exit statuses follow the shell's convention, 128 + the signal's number: 130 for SIGINT,
143 for SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, Self

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Under the 10 s a scheduler (or the issue that asked for this) gives a stopping job.
GRACE = 7.0
_QUIT = b"\x00"  # wakes the watcher when the command ends; no signal has number 0


def exit_status(signum: int) -> int:
    return 128 + signum


def signal_name(signum: int) -> str:
    return signal.Signals(signum).name


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread by the first signal when there is no ``on_signal``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum


class Shutdown:
    """``with Shutdown("talent crawl", on_signal): ...`` for the length of a command.

    Once a signal has arrived the handlers stay in place after the block: the process is on
    its way out, and a second signal (or the grace period) still ends it however far it got.
    """

    def __init__(
        self,
        name: str,
        on_signal: Callable[[int], None] | None = None,
        *,
        hint: str = "",
        grace: float = GRACE,
    ) -> None:
        self.name = name
        self.on_signal = on_signal
        self.hint = hint
        self.grace = grace
        self.signum: int | None = None
        self._forcing = threading.Lock()
        self._previous: dict[int, Any] = {}
        self._wakeup: int | None = None  # the pipe's write end while installed
        self._old_wakeup_fd = -1

    def __enter__(self) -> Self:
        if threading.current_thread() is not threading.main_thread():
            return self  # signals are only delivered to the main thread's handlers
        read, write = os.pipe()
        os.set_blocking(write, False)  # set_wakeup_fd requires it
        self._wakeup = write
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        self._old_wakeup_fd = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        threading.Thread(target=self._watch, args=(read,), name="shutdown", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._wakeup is None or self.signum is not None:
            return
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._old_wakeup_fd)
        os.write(self._wakeup, _QUIT)  # the watcher closes the read end
        os.close(self._wakeup)
        self._wakeup = None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            self._force(signum, f"{signal_name(signum)} again: exiting now")
            return
        self.signum = signum
        self._say(f"{signal_name(signum)} received: stopping (send it again to force exit)")
        if self.on_signal is None:
            raise Interrupted(signum)
        self.on_signal(signum)

    def _watch(self, read: int) -> None:
        """Count the signals at C level; force the exit on the second or after the grace."""
        seen: list[int] = []
        deadline: float | None = None
        try:
            while True:
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                ready, _, _ = select.select([read], [], [], timeout)
                if not ready:
                    self._force(seen[0], f"still stopping after {self.grace:.0f}s: exiting now")
                    return
                data = os.read(read, 64)
                if not data or _QUIT[0] in data:
                    return
                seen += [b for b in data if b in SIGNALS]
                if len(seen) >= 2:
                    self._force(seen[-1], f"{signal_name(seen[-1])} again: exiting now")
                    return
                if seen and deadline is None:
                    deadline = time.monotonic() + self.grace
        finally:
            os.close(read)

    def _force(self, signum: int, why: str) -> None:
        if not self._forcing.acquire(blocking=False):
            return  # the other path (handler or watcher) is already exiting
        self._say(why + (f"; {self.hint}" if self.hint else ""))
        os._exit(exit_status(signum))

    def _say(self, message: str) -> None:
        # Straight to the file descriptor: a signal handler or a thread must not wait for a
        # logging or stream lock that the stuck main thread may hold.
        with contextlib.suppress(OSError):
            os.write(2, f"{self.name}: {message}\n".encode())
