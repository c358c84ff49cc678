#!/usr/bin/env python3
"""A small static file server for the built playground (dist/), for scripts/serve.sh.

Python's http.server guesses MIME types from the machine's /etc/mime.types, which on many systems
lacks application/wasm (browsers then refuse WebAssembly.instantiateStreaming) or maps .js to
text/plain. This one has an explicit map, sends no-cache so a rebuild shows on refresh, and binds
to loopback unless told otherwise.

    python3 scripts/serve.py DIR [--bind 127.0.0.1] [--port 8080]
"""

import argparse
import functools
import http.server
import sys

MIME = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    "": "application/octet-stream",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = MIME

    def guess_type(self, path):
        path = str(path)
        dot = path.rfind(".")
        ext = path[dot:].lower() if dot > path.rfind("/") else ""
        return MIME.get(ext, MIME[""])

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write("serve: %s\n" % (format % args))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("directory")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    a = p.parse_args()
    handler = functools.partial(Handler, directory=a.directory)
    with http.server.ThreadingHTTPServer((a.bind, a.port), handler) as httpd:
        sys.stderr.write("serving %s at http://%s:%d/ (Ctrl+C stops)\n" % (a.directory, a.bind, a.port))
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
