"""The HTTP/1.1 plumbing: a threading server with keep-alive, and raw response writing.

Each response is written with one ``sendall`` (headers and body together) so keep-alive
clients never wait on Nagle's algorithm and delayed ACKs.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

MAX_REQUEST_BODY = 1024 * 1024
PHRASES = {status.value: status.phrase for status in HTTPStatus}


class App(Protocol):
    def handle(self, handler: Handler) -> None: ...


class Handler(BaseHTTPRequestHandler):
    """Hands every request, whatever its method, to the server's app."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def _dispatch(self) -> None:
        if not drain_body(self):
            return
        try:
            self.server.app.handle(self)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the stats endpoint says what was served."""


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the host (slow when offline)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Keep-alive connections would outlive the listener: end them with the server."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class Server6(Server):
    address_family = socket.AF_INET6


def make_server(host: str, port: int, app: App) -> Server:
    """Bind now (OSError if the port is taken)."""
    return (Server6 if ":" in host else Server)((host, port), app)


def write(
    handler: Handler,
    status: int,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    *,
    send_body: bool = True,
    truncate: bool = False,
) -> None:
    """Write one response; ``truncate`` sends half the body under the full length, then closes."""
    lines = [f"HTTP/1.1 {status} {PHRASES.get(status, '')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if status not in (204, 304):
        lines.append(f"Content-Length: {len(body)}")
    if truncate:
        lines.append("Connection: close")
        body = body[: len(body) // 2]
    payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    if send_body and status not in (204, 304):
        payload += body
    try:
        handler.wfile.write(payload)
    except OSError:
        handler.close_connection = True
        return
    if truncate:
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.connection.shutdown(socket.SHUT_RDWR)


def abort(handler: Handler) -> None:
    """Reset the TCP connection: no response at all, an RST instead of a FIN."""
    handler.close_connection = True
    with contextlib.suppress(OSError):
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()


def drain_body(handler: Handler) -> bool:
    """Read a request body so the connection stays in step; refuse huge ones."""
    try:
        length = int(handler.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_BODY:
        handler.close_connection = True
        handler.send_error(413)
        return False
    if length > 0:
        handler.rfile.read(length)
    return True
