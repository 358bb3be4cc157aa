"""The simulator: one loopback HTTP server speaking GitHub REST v3 and the Hugging Face Hub API.

Every API request goes through the same steps: the secondary limit (in-flight requests per
client), fault injection, the primary budget, the route's reply (cached per URL: the world
never changes), conditional requests (ETag / Last-Modified -> 304), then the headers GitHub
or the Hub would send. ``GET /__simulator__/stats`` and ``POST /__simulator__/reset`` serve
tests and benchmarks; they are never faulted, charged or counted.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any

from talent.errors import UpstreamError
from talent.upstream import responses, transport
from talent.upstream.faults import FaultPlan, FaultSpec
from talent.upstream.github_api import GitHubApi
from talent.upstream.hf_api import HfApi
from talent.upstream.pages import Pages
from talent.upstream.ratelimit import Budget, InFlight, Limits, Stats, identify
from talent.upstream.replies import JSON_TYPE, Reply, Request, json_reply
from talent.upstream.routing import Route, Router
from talent.upstream.world import World

log = logging.getLogger(__name__)

ADMIN = "/__simulator__"
CACHE_BYTES = 256 * 1024 * 1024
_HOST = re.compile(r"^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


@dataclass(frozen=True)
class SimulatorConfig:
    """Where to listen, which faults to inject and how big the budgets are."""

    host: str = "127.0.0.1"
    port: int = 0
    seed: int = 0
    faults: FaultSpec = field(default_factory=FaultSpec)
    core_limit: int = 5000
    anon_limit: int = 60
    search_limit: int = 30
    window: float = 3600.0
    search_window: float = 60.0
    hf_limit: int = 1000
    hf_window: float = 300.0
    max_concurrency: int = 100
    retry_after: int = 1  # seconds, in secondary-limit answers
    hf_page_size: int = 1000  # Hub list items per page when the client sends no ``limit``


class ReplyCache:
    """Replies per (base, path, query); emptied whenever it grows past ``max_bytes``."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: dict[tuple[str, str, str], Reply] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> Reply | None:
        return self._items.get(key)

    def put(self, key: tuple[str, str, str], reply: Reply) -> None:
        with self._lock:
            if self._bytes + len(reply.body) > self.max_bytes:
                self._items.clear()
                self._bytes = 0
            self._items[key] = reply
            self._bytes += len(reply.body)


@dataclass
class Exchange:
    """One request in flight: where it came in and which route answers it."""

    handler: transport.Handler
    request: Request
    route: Route | None
    parts: tuple[str, ...]
    family: str  # "github", "hf" or "page"

    @property
    def endpoint(self) -> str:
        return f"{self.request.method} {self.route.template if self.route else '(unknown)'}"

    @property
    def resource(self) -> str:
        if self.route is not None and self.route.resource:
            return self.route.resource
        return "hf" if self.family == "hf" else "core"


class Simulator:
    """Serve ``world`` on loopback: ``start()``, ``base_url``, ``wait()``, ``stop()``."""

    def __init__(self, world: World, config: SimulatorConfig | None = None) -> None:
        self.world = world
        self.config = config or SimulatorConfig()
        self.stats = Stats()
        self.limits = Limits(
            core_limit=self.config.core_limit,
            anon_limit=self.config.anon_limit,
            search_limit=self.config.search_limit,
            window=self.config.window,
            search_window=self.config.search_window,
            hf_limit=self.config.hf_limit,
            hf_window=self.config.hf_window,
        )
        self.faults = FaultPlan(self.config.faults, self.config.seed)
        self.in_flight = InFlight()
        self.cache = ReplyCache()
        hub = HfApi(world, self.config.hf_page_size)
        routes = GitHubApi(world, self.limits).routes() + hub.routes()
        self.router = Router(routes + Pages(world).routes())
        self._request_ids = itertools.count(1)
        self._server: transport.Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    # Lifecycle -----------------------------------------------------------------------------

    def start(self) -> Simulator:
        """Bind (OSError if the port is taken) and serve from a background thread."""
        if self._server is not None:
            raise RuntimeError("the simulator is already running")
        self._server = transport.make_server(self.config.host, self.config.port, self)
        self._stopped.clear()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="upstream-simulator",
            daemon=True,
        )
        self._thread.start()
        return self

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not running; call start() first")
        host, port = self._server.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    def wait(self) -> None:
        """Block until ``stop()`` (or Ctrl-C in the calling thread)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._stopped.set()

    def __enter__(self) -> Simulator:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Zero stats, budgets and fault counters (``POST /__simulator__/reset``)."""
        self.stats.reset()
        self.limits.reset()
        self.faults.reset()

    def snapshot(self) -> dict[str, Any]:
        """Stats, the world summary and the settings in force (tokens are never kept)."""
        return {
            **self.stats.snapshot(),
            "world": self.world.summary(),
            "config": asdict(self.config),
        }

    # One request ---------------------------------------------------------------------------

    def handle(self, handler: transport.Handler) -> None:
        path, _, query = handler.path.partition("?")
        if path == ADMIN or path.startswith(ADMIN + "/"):
            self._admin(handler, path)
            return
        found = self.router.match(path)
        route, parts = found if found else (None, ())
        family = route.family if route else ("hf" if path.startswith("/api/") else "github")
        identity, authed = identify(handler.headers.get("Authorization"), handler.client_address[0])
        request = Request(
            handler.command, path, query, self._base(handler), identity, authed, handler.headers
        )
        exchange = Exchange(handler, request, route, parts, family)
        if request.method not in ("GET", "HEAD") or family == "page":
            self._plain(exchange)
            return
        depth = self.in_flight.enter(identity)
        try:
            self._api(exchange, depth)
        finally:
            self.in_flight.leave(identity)

    def _plain(self, ex: Exchange) -> None:
        """Web pages, and methods the API does not take (404, as GitHub answers them)."""
        if ex.request.method in ("GET", "HEAD"):
            reply = self._reply(ex)
        else:
            reply = responses.not_found(ex.family)
        self._send(ex, reply, None)
        self.stats.record(ex.endpoint, ex.request.identity, reply.status)

    def _api(self, ex: Exchange, depth: int) -> None:
        identity, authed = ex.request.identity, ex.request.authenticated
        if ex.family == "github" and depth > self.config.max_concurrency:
            self._send(ex, responses.secondary_reply(ex.family, self.config.retry_after), None)
            self.stats.record(ex.endpoint, identity, 403, limited="secondary")
            return
        fault = self.faults.decide(ex.request.method, ex.handler.path)
        if fault == "slow":
            time.sleep(self.config.faults.slow_seconds)
        elif fault is not None:
            self._send_fault(ex, fault)
            self.stats.record(ex.endpoint, identity, responses.FAULT_STATUS.get(fault), fault=fault)
            return
        charged = ex.route is None or ex.route.charged
        if charged:
            allowed, budget = self.limits.take(ex.resource, identity, authed)
            if not allowed:
                self._send(ex, responses.exhausted_reply(ex.request, ex.family, budget), budget)
                status = 429 if ex.family == "hf" else 403
                self.stats.record(ex.endpoint, identity, status, limited="primary")
                return
        else:
            budget = self.limits.peek(ex.resource, identity, authed)
        reply = self._reply(ex)
        if reply.status == 200 and responses.is_not_modified(ex.request.headers, reply):
            reply = responses.not_modified(reply)
            if authed and charged:  # GitHub: authorised conditional requests are free
                self.limits.give_back(ex.resource, identity)
                charged = False
                budget = self.limits.peek(ex.resource, identity, authed)
        self._send(ex, reply, budget)
        self.stats.record(ex.endpoint, identity, reply.status, charged=charged, fault=fault)

    def _reply(self, ex: Exchange) -> Reply:
        """The route's reply, from the cache when the route allows it."""
        if ex.route is None:
            return responses.not_found(ex.family)
        key = (ex.request.base, ex.request.path, ex.request.raw_query)
        if ex.route.cacheable:
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        try:
            reply = ex.route.handler(ex.request, *ex.parts).with_etag(ex.request.base)
        except Exception:
            log.exception("simulator handler failed for %s", ex.request.path)
            return responses.server_error(ex.family)
        if ex.route.cacheable:
            self.cache.put(key, reply)
        return reply

    def _send_fault(self, ex: Exchange, fault: str) -> None:
        if fault == "reset":
            transport.abort(ex.handler)
            return
        if fault == "secondary":
            self._send(ex, responses.secondary_reply(ex.family, self.config.retry_after), None)
            return
        budget = None
        if ex.family == "github" and fault != "503":  # GitHub's own 5xx show the budget;
            # the 503 comes from a load balancer in front of it (see non-json-503.json)
            budget = self.limits.peek(ex.resource, ex.request.identity, ex.request.authenticated)
        if fault == "truncate":
            self._send(ex, self._reply(ex), budget, truncate=True)
        elif fault == "malformed":
            body = self._reply(ex).body
            self._send(ex, Reply(200, body[: len(body) // 2] or b"{", JSON_TYPE), budget)
        else:
            self._send(ex, responses.fault_reply(fault, ex.family), budget)

    def _send(
        self, ex: Exchange, reply: Reply, budget: Budget | None, *, truncate: bool = False
    ) -> None:
        request_id = next(self._request_ids)
        headers = responses.common_headers(ex.family, ex.request.authenticated, request_id)
        if reply.content_type and reply.status != 304:
            headers.append(("Content-Type", reply.content_type))
        if reply.etag:
            headers.append(("ETag", reply.etag))
        if reply.last_modified:
            headers.append(("Last-Modified", reply.last_modified))
        headers.extend(reply.headers)
        if budget is not None:
            window = self.limits.window(ex.resource)
            headers.extend(responses.budget_headers(budget, ex.family, window))
        send_body = ex.request.method != "HEAD"
        transport.write(
            ex.handler, reply.status, headers, reply.body, send_body=send_body, truncate=truncate
        )

    # Admin ---------------------------------------------------------------------------------

    def _admin(self, handler: transport.Handler, path: str) -> None:
        method = handler.command
        if path == f"{ADMIN}/stats" and method in ("GET", "HEAD"):
            reply = json_reply(self.snapshot())
        elif path == f"{ADMIN}/reset" and method == "POST":
            self.reset()
            reply = json_reply({"reset": True})
        elif path in (f"{ADMIN}/stats", f"{ADMIN}/reset"):
            reply = json_reply({"message": "Method Not Allowed"}, 405)
        else:
            reply = json_reply({"message": "Not Found"}, 404)
        headers = [("Content-Type", JSON_TYPE), ("Cache-Control", "no-cache")]
        transport.write(handler, reply.status, headers, reply.body, send_body=method != "HEAD")

    def _base(self, handler: transport.Handler) -> str:
        """The base URL as the client addressed us, so the links it follows stay here."""
        host = handler.headers.get("Host", "")
        if host and _HOST.match(host):
            return f"http://{host}"
        return self.base_url if self._server else "http://127.0.0.1"


def fetch_stats(url: str, timeout: float = 5.0) -> dict[str, Any]:
    """``GET {url}/__simulator__/stats``; raises UpstreamError when nothing answers there."""
    target = url.rstrip("/") + f"{ADMIN}/stats"
    hint = "start one with `talent upstream serve --world DIR` and pass its base URL"
    try:
        with urllib.request.urlopen(target, timeout=timeout) as response:
            data = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise UpstreamError(
            f"{url} answered {exc.code}: it is not a talent simulator", hint
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UpstreamError(f"cannot reach the simulator at {url}: {reason}", hint) from None
    if not isinstance(data, dict) or "requests" not in data:
        raise UpstreamError(f"{url} did not answer like a talent simulator", hint)
    return data
