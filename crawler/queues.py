"""Request queues that never write a credential: the shared frontier in Redis
(``--distributed``) and Scrapy's disk queue (``JOBDIR``).

The auth middleware attaches tokens only on the way out and takes them off again on the way
back, so a queued request should not carry one; these queues make sure of it, whatever a
middleware or a future change does, because what they write outlives the process.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.squeues import PickleLifoDiskQueue
from scrapy_redis.queue import PriorityQueue

CREDENTIAL_HEADERS = frozenset({b"authorization", b"proxy-authorization", b"cookie"})


def without_credentials(request: Request) -> Request:
    """``request`` itself when it carries no credential header, else a copy without them."""
    names = [name for name in request.headers if name.lower() in CREDENTIAL_HEADERS]
    if not names:
        return request
    clean = request.copy()
    for name in names:
        del clean.headers[name]
    return clean


class CredentialFreeRedisQueue(PriorityQueue):
    """scrapy-redis's priority queue (the frontier), minus credential headers."""

    def _encode_request(self, request: Request) -> bytes:
        return super()._encode_request(without_credentials(request))


class CredentialFreeDiskQueue(PickleLifoDiskQueue):  # type: ignore[misc,valid-type]
    """Scrapy's default disk queue (``JOBDIR``), minus credential headers."""

    def push(self, request: Request) -> None:
        super().push(without_credentials(request))
