"""A static file server that compresses text responses with gzip, as GitHub Pages does.

python bench/gzip_server.py _build/html [port]
"""

from __future__ import annotations

import functools
import gzip
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".csv", ".bib", ".ipynb")


class GzipHandler(SimpleHTTPRequestHandler):
    """Serve files, gzip-compressed when the client accepts it and the type is text."""

    def send_head(self):  # noqa: ANN201 (SimpleHTTPRequestHandler's signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def log_message(self, *args: object) -> None:
        pass


class _Body:
    """The already-compressed body, in the file-like shape ``copyfile`` expects."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def serve(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start serving ``folder`` on 127.0.0.1 in a daemon thread; return the server."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    server = serve(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"serving {sys.argv[1]} with gzip on http://127.0.0.1:{server.server_address[1]}")
    threading.Event().wait()
