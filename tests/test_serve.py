"""``efa-kb serve``: the live preview regenerates pages when content changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import MINIMAL

PAGE = "services/wohngeld/faq/antrag-absenden/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 30) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
        except OSError:
            text = ""
        if wanted in text:
            return text
        time.sleep(0.3)
    return text


def test_serve_shows_edits_without_restart(kb_repo):
    root = kb_repo(MINIMAL)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "efa_kb", "--root", str(root), "serve", "--state", "by", "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        assert "Wie sende ich den Antrag ab?" in fetch_until(url, "Wie sende ich den Antrag ab?")
        article = root / f"content/{PAGE.rstrip('/')}.md"
        article.write_text(article.read_text(encoding="utf-8").replace("Wie sende ich", "Wie verschicke ich"), encoding="utf-8")
        assert "Wie verschicke ich den Antrag ab?" in fetch_until(url, "Wie verschicke ich den Antrag ab?")
    finally:
        server.terminate()
        server.wait(timeout=10)
