"""The shared frontier of a ``--distributed`` crawl: scrapy-redis's scheduler, with leases so
that a worker's death loses no request and cannot wedge the job.

Keys under ``{crawl.redis_prefix}:{job}``:

- ``workers``: the workers registered with the job (the last one out clears the job);
- ``lease:{worker}``: exists while the worker lives; a heartbeat renews it (``Lease``);
- ``{spider}:requests``: the frontier, scrapy-redis's priority queue;
- ``{spider}:requests:inflight:{worker}``: what the worker popped and has not yet stored,
  encoded as in the frontier;
- ``{spider}:dupefilter``: the fingerprint of every request ever queued (scrapy-redis);
- ``{spider}:requests:drained``: set by a worker that finished the spider with nothing left
  queued or in flight anywhere, so a worker that starts the spider after it knows that an
  empty frontier with a full dupe filter means done, not lost.

A popped request moves to the worker's in-flight set in one step, and leaves it only once
everything its callback produced is committed to the store. Any worker that finds a
registered worker without a lease puts that worker's in-flight requests back into the
frontier (past the dupe filter, which has seen them) and unregisters it. A worker keeps
waiting while another one still holds requests in flight: they may lead to more work.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, Self

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.spiders import Spider
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from talent.crawler.context import crawl_stop, talent_settings
from talent.crawler.pipelines.store import store_flush

logger = logging.getLogger(__name__)

# Pop the best request and record it as in flight, atomically: a worker killed between the
# two steps would otherwise lose it.
_POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('ZADD', KEYS[2], top[2], top[1])
return top[1]
"""


def worker_keys(prefix: str, worker: str) -> tuple[str, str]:
    """The job's worker set and this worker's lease key."""
    return f"{prefix}:workers", f"{prefix}:lease:{worker}"


class Lease:
    """This worker's lease on the job, renewed by a thread (so it lives exactly as long as the
    process, whatever the crawl is waiting on) and dropped on exit."""

    def __init__(self, client: redis.Redis, prefix: str, worker: str, seconds: float) -> None:
        self.client = client
        self.workers, self.key = worker_keys(prefix, worker)
        self.worker = worker
        self.ttl_ms = max(int(seconds * 1000), 1000)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="talent-lease", daemon=True)

    def start(self) -> None:
        self.renew()
        self._thread.start()

    def renew(self) -> None:
        with self.client.pipeline() as pipe:
            pipe.sadd(self.workers, self.worker).set(self.key, b"1", px=self.ttl_ms).execute()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self.client.delete(self.key)

    def _beat(self) -> None:
        while not self._stopped.wait(self.ttl_ms / 3000):
            try:
                self.renew()
            except redis.RedisError as exc:  # the next beat tries again
                logger.warning("could not renew the crawl lease in Redis: %s", exc)


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler with per-worker in-flight sets, acknowledged on commit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.crawler: Crawler | None = None
        self.prefix = ""
        self.worker = ""
        self.interval = 10.0
        self._entries: dict[Request, bytes] = {}  # popped, not yet acknowledged
        self._ticker: LoopingCall | None = None
        self._pop = self.server.register_script(_POP)
        self.stale = False  # nothing to fetch, yet a dupe filter full of seen requests

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.prefix = crawler.settings["TALENT_JOB_PREFIX"]
        scheduler.worker = crawler.settings["TALENT_WORKER"]
        scheduler.interval = talent_settings(crawler).crawl.lease_seconds / 3
        return scheduler

    @property
    def inflight_key(self) -> str:
        return f"{self.queue.key}:inflight:{self.worker}"

    @property
    def drained_key(self) -> str:
        return f"{self.queue.key}:drained"

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self.reclaim_dead()
        self.stale = (
            len(self.queue) == 0
            and not self._others_in_flight()
            and not self.server.smembers(f"{self.prefix}:workers") - {self.worker.encode()}
            and self.server.scard(self.df.key) > 0
            and not self.server.exists(self.drained_key)
        )
        self._ticker = LoopingCall(self._tick)
        self._ticker.start(self.interval, now=False)

    def close(self, reason: str) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        self._checkpoint()
        if self._entries:  # their items could not be stored: fetch them again
            self._entries.clear()
            self._requeue(self.inflight_key)
        if self.stale and not self.stats.get_value("downloader/request_count"):
            self.stats.set_value("talent/frontier/wedged", 1)
        elif (
            reason == "finished"
            and not crawl_stop(self.crawler).is_set
            and len(self.queue) == 0
            and not self._others_in_flight()
        ):
            self.server.set(self.drained_key, b"1")
        super().close(reason)

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis's own, minus the deprecated ``spider=`` argument to the stats
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self.stats.inc_value("talent/frontier/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        data = self._pop(keys=[self.queue.key, self.inflight_key])
        if not data:
            return None
        request = self.queue._decode_request(data)
        self._entries[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        # Asked when this worker has nothing left in progress: store what it fetched first,
        # so that its own acknowledged requests do not keep the other workers waiting.
        self._checkpoint()
        if len(self.queue) > 0:
            return True
        self.reclaim_dead()
        return len(self.queue) > 0 or self._others_in_flight()

    def reclaim_dead(self) -> None:
        """Put the in-flight requests of every worker whose lease ran out back into the
        frontier, and unregister it."""
        workers = f"{self.prefix}:workers"
        for raw in self.server.smembers(workers):
            worker = raw.decode()
            if worker == self.worker or self.server.exists(f"{self.prefix}:lease:{worker}"):
                continue
            back = sum(
                self._requeue(key.decode())
                for key in self.server.scan_iter(f"{self.prefix}:*:inflight:{_glob(worker)}")
            )
            self.server.srem(workers, raw)
            if back:
                self.stats.inc_value("talent/frontier/reclaimed", back)
            logger.warning(
                "crawl worker %s stopped renewing its lease: %d of its requests are back in "
                "the shared frontier",
                worker,
                back,
            )

    def _requeue(self, inflight_key: str) -> int:
        queue_key = inflight_key.split(":inflight:", 1)[0]
        with self.server.pipeline(transaction=True) as pipe:
            pipe.zcard(inflight_key)
            pipe.zunionstore(queue_key, [queue_key, inflight_key], aggregate="MIN")
            pipe.delete(inflight_key)
            count, *_ = pipe.execute()
        return int(count)

    def _others_in_flight(self) -> bool:
        return any(
            key.decode() != self.inflight_key and self.server.zcard(key)
            for key in self.server.scan_iter(f"{_glob(self.queue.key)}:inflight:*")
        )

    def _tick(self) -> None:
        try:
            self._checkpoint()
            self.reclaim_dead()
        except redis.RedisError as exc:  # the next tick tries again
            logger.warning("could not update the shared frontier in Redis: %s", exc)

    def _checkpoint(self) -> None:
        """Acknowledge the popped requests that are done: everything they produced went
        through the pipelines, and the store pipeline commits it now."""
        if not self._entries or self.crawler is None or self.crawler.engine is None:
            return
        slot = self.crawler.engine._slot  # requests still downloading or being parsed
        busy = slot.inprogress if slot is not None else set()
        done = [request for request in self._entries if request not in busy]
        if not done:
            return
        results = self.crawler.signals.send_catch_log(signal=store_flush)
        if any(isinstance(result, Failure) for _, result in results):
            return  # not stored: they stay in flight, fetched again if this worker dies
        entries = [self._entries.pop(request) for request in done]
        self.server.zrem(self.inflight_key, *entries)


def _glob(text: str) -> str:
    """``text`` as a literal in a Redis SCAN pattern."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)
