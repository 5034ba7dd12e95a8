"""The server front door: a threaded werkzeug WSGI server in front of a `FakeCloud`.

The request target is taken from the WSGI environ's `RAW_URI` (werkzeug's server sets it), so the path
and query reach the signature check exactly as the client sent them (`%2F` in IDs stays `%2F`). The
admin API answers loopback clients only. `serve_in_thread` is for tests; `run_server` is the command
line's loop (SIGTERM/SIGINT stop it cleanly and flush the state file).
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from types import FrameType
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .core import admin
from .core.cloud import FakeCloud
from .core.errors import AdminForbidden
from .core.wire import FakeRequest, render_error
from .settings import FakeSettings

_LOOPBACK = ("127.", "::1", "::ffff:127.")
# How often the serving loop checks for shutdown (keeps stop() fast in tests).
_POLL_SECONDS = 0.02


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without the per-request log line (the journal records every call)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _request_target(environ: dict[str, Any], request: Request) -> str:
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        query = environ.get("QUERY_STRING", "")
        return quote(request.path) + (f"?{query}" if query else "")
    if raw.startswith(("http://", "https://")):  # absolute-form target (sent through a proxy)
        parts = urlsplit(raw)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return raw


class FakeCloudApp:
    """The WSGI application: translate, let the cloud answer, translate back (or drop the connection)."""

    def __init__(self, cloud: FakeCloud) -> None:
        self.cloud = cloud

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        remote = environ.get("REMOTE_ADDR") or ""
        fake_request = FakeRequest.build(
            request.method, _request_target(environ, request), dict(request.headers), request.get_data(), remote
        )
        if admin.is_admin_path(fake_request.path) and not remote.startswith(_LOOPBACK):
            response = render_error(AdminForbidden(), "admin", fake_request.host)
        else:
            response = self.cloud.handle(fake_request)
        if response.drop:
            connection = environ.get("werkzeug.socket")
            if connection is not None:
                connection.shutdown(socket.SHUT_RDWR)
            # werkzeug treats a ConnectionError from the app as a dropped connection and moves on.
            raise ConnectionAbortedError("fake cloud dropped the connection (fault injection)")
        reply = Response(response.body, status=response.status, headers=response.headers)
        if "Content-Length" in response.headers:  # a HEAD reply gives the object's length, with no body
            reply.headers["Content-Length"] = response.headers["Content-Length"]
        return reply(environ, start_response)


@dataclass
class ServerHandle:
    """A running server: its URL and port, the `FakeCloud` behind it, and `stop()`."""

    cloud: FakeCloud
    server: BaseWSGIServer
    thread: threading.Thread
    host: str

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def endpoint(self) -> str:
        """`host:port`, the form `Config.endpoint` takes."""
        return self.url.removeprefix("http://")

    def stop(self) -> None:
        """Stop serving, close the socket and write the state file."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        self.cloud.close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_in_thread(
    settings: FakeSettings | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    cloud: FakeCloud | None = None,
    log_requests: bool = False,
) -> ServerHandle:
    """Start a server on a daemon thread (port 0 picks a free port) and return its handle."""
    cloud = cloud if cloud is not None else FakeCloud(settings)
    server = make_server(
        host,
        port,
        FakeCloudApp(cloud),
        threaded=True,
        request_handler=WSGIRequestHandler if log_requests else _QuietHandler,
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": _POLL_SECONDS}, name="fake-cloud-server", daemon=True
    )
    thread.start()
    return ServerHandle(cloud, server, thread, host)


def run_server(
    settings: FakeSettings, host: str, port: int, *, log_requests: bool = False, out: TextIO = sys.stdout
) -> int:
    """Serve until SIGTERM or SIGINT; then stop cleanly and flush the state file. Returns 0."""
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    handle = serve_in_thread(settings, host, port, log_requests=log_requests)
    try:
        print(f"fake cloud listening on {handle.url}", file=out, flush=True)
        while not stop.wait(1.0):
            pass
    finally:
        handle.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("fake cloud stopped", file=out, flush=True)
    return 0
