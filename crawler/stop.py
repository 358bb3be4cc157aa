"""The crawl process's one stop switch, and the waits that end when it is thrown.

``talent crawl`` sets it on the first SIGINT or SIGTERM. From then on every wait of the
crawl (a budget reset, Retry-After, backoff, a polling delay, a download in flight) ends at
once, and every request, waiting or new, is dropped with ``RequestInterrupted``. A dropped
request never reaches the validator cache, so ``--resume`` fetches it again. ``fail`` throws
the same switch when the crawl cannot succeed, and records why.

Scrapy deep-copies its settings for every crawler; the switch travels in them
(``TALENT_STOP``) and copying returns the same object, so all spiders of the chain share it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from talent.errors import TalentError

T = TypeVar("T")


class RequestInterrupted(IgnoreRequest):
    """A request dropped because the crawl is stopping (fetched again by ``--resume``)."""


class Stop:
    def __init__(self) -> None:
        self.signum: int | None = None
        self.failure: TalentError | None = None  # why the crawl cannot succeed (``fail``)
        self.dropped = 0  # requests dropped since the switch was thrown
        self._left: list[Request] = []  # those not yet handed back (``take_left``)
        self._event = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listeners: list[Callable[[], Any]] = []

    def __deepcopy__(self, _memo: dict[int, Any]) -> Stop:
        return self

    @property
    def is_set(self) -> bool:
        return self.signum is not None or self.failure is not None

    def fail(self, error: TalentError) -> None:
        """Stop because the crawl cannot succeed (a rejected token, an unreachable upstream):
        the same stop as a signal's, and the run ends as failed with ``error``."""
        if self.failure is None:
            self.failure = error
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._wake)

    def set(self, signum: int) -> None:
        """Throw the switch. Safe in a signal handler: waiters wake on the loop's thread."""
        if self.signum is None:
            self.signum = signum
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing waits
                self._loop.call_soon_threadsafe(self._wake)

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """The event loop the crawl runs in (found on the first wait when not given)."""
        self._loop = loop
        if self.is_set:
            self._wake()

    def on_stop(self, callback: Callable[[], Any]) -> None:
        """Call ``callback`` on the loop's thread when the switch is thrown."""
        self._listeners.append(callback)

    def check(self, request: Request) -> None:
        if self.is_set:
            raise self._interrupted(request)

    async def sleep(self, seconds: float, request: Request) -> None:
        """Wait ``seconds``; raise ``RequestInterrupted`` as soon as the crawl stops."""
        self.check(request)
        self._attach()
        try:
            await asyncio.wait_for(self._event.wait(), seconds)
        except TimeoutError:
            return
        raise self._interrupted(request)

    async def race(self, work: Awaitable[T], request: Request) -> T:
        """``work``'s result, or ``RequestInterrupted`` once the crawl stops (``work`` is
        cancelled then: for a download, that closes its connection)."""
        self._attach()
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(self._event.wait())
        try:
            await asyncio.wait((task, stopped), return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            stopped.cancel()
        if task.done():
            return task.result()
        task.cancel()
        await asyncio.wait((task,))  # let the cancellation unwind before reporting it
        raise self._interrupted(request)

    def take_left(self) -> list[Request]:
        """The requests dropped since the last call, for a frontier that outlives the process."""
        left, self._left = self._left, []
        return left

    def _attach(self) -> None:
        if self._loop is None:
            self.attach(asyncio.get_running_loop())

    def _wake(self) -> None:
        if self._event.is_set():
            return
        self._event.set()
        for callback in self._listeners:
            callback()

    def _interrupted(self, request: Request) -> RequestInterrupted:
        self.dropped += 1
        self._left.append(request)
        return RequestInterrupted(f"the crawl is stopping: {request.url} is left for --resume")
