"""matchwise serve answers on 127.0.0.1 with the DEMO catalog; matchwise check speaks plainly."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from typer.testing import CliRunner

from matchwise.cli import app
from matchwise.site.config import read_config


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_migrates_loads_the_demo_and_answers(tmp_path):
    port = free_port()
    env = {**os.environ, "MATCHWISE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "matchwise.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/programs/", timeout=2) as r:
                    page = r.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "server did not answer within 60 s"
                time.sleep(0.3)
        assert "462 programs" in page
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/matchwise/htmx-2.0.11.min.js", timeout=5
        ) as r:
            assert r.status == 200
        assert (tmp_path / "matchwise.sqlite3").exists()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "First run: loaded the DEMO catalog (462 synthetic programs)." in output
    assert f"http://127.0.0.1:{port}/" in output


def test_hosted_mode_without_its_settings_is_explained():
    config = read_config({"MATCHWISE_MODE": "hosted", "MATCHWISE_DATA_DIR": "/tmp/x"})
    assert "hosted mode needs MATCHWISE_SECRET_KEY (a long random string)" in config.problems
    assert any("DATABASE_URL=postgres://" in p for p in config.problems)
    assert read_config({"MATCHWISE_MODE": "cloud", "MATCHWISE_DATA_DIR": "/tmp/x"}).problems


def test_check_reports_problems_in_words(monkeypatch):
    monkeypatch.setenv("MATCHWISE_MODE", "hosted")
    monkeypatch.delenv("MATCHWISE_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1
    assert "hosted mode needs MATCHWISE_SECRET_KEY" in result.stderr
