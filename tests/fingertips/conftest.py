"""Recorded Fingertips API responses served on loopback; the sample downloads; a store."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hwb.store import connect

RECORDED = Path(__file__).resolve().parents[1] / "data" / "fingertips_api"
SAMPLES = Path(__file__).resolve().parents[2] / "hwb" / "demo" / "data" / "fingertips"


def _normalised(path: str) -> str:
    """'api/x?b=2&a=1' -> 'x?a=1&b=2', the form routes.json uses."""
    parsed = urllib.parse.urlsplit(path)
    endpoint = parsed.path.removeprefix("/api/").strip("/")
    query = urllib.parse.urlencode(sorted(urllib.parse.parse_qsl(parsed.query)))
    return endpoint + ("?" + query if query else "")


class RecordedApi(BaseHTTPRequestHandler):
    routes = json.loads((RECORDED / "routes.json").read_text())
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        key = _normalised(self.path)
        RecordedApi.requests.append(key)
        name = self.routes.get(key)
        if name is None:
            self.send_error(404, f"no recorded response for {key}")
            return
        body = (RECORDED / name).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv" if name.endswith(".csv") else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_server():
    """A loopback HTTP server answering with the recorded responses; yields its /api/ address."""
    RecordedApi.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordedApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    s = connect(tmp_path / "hwb.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="module")
def sample_files():
    return sorted(SAMPLES.glob("*.csv"))


@pytest.fixture(scope="session")
def recorded() -> Path:
    """The folder of recorded API responses."""
    return RECORDED
