"""Fixtures for the integration's Python tests: the real Jarvis server (the demo: every home-lab emulator on
127.0.0.1, answers from the LLM-free fast path) in its own process, and client.py loaded by path, since the
package's __init__ needs Home Assistant, which cannot be installed here."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
import functools
import importlib.util
import os
from pathlib import Path
import json
import selectors
import signal
import socket
import subprocess
import sys
import time
from typing import Any
import urllib.error
import urllib.request

import pytest

REPO = Path(__file__).resolve().parents[3]
COMPONENT = REPO / "custom_components" / "jarvis"
DEMO = REPO / "services" / "test" / "emulators" / "demo.ts"
# Jarvis with the Anthropic emulator as its model (rules in the file), for tests that need tool calls.
SCRIPTED = REPO / "services" / "test" / "python" / "scripted_jarvis.ts"
HA_DOUBLE = REPO / "services" / "test" / "ha-double"
PASSWORD = "python glue test password"
JWT_SECRET = "python-glue-test-secret-long-enough-for-hs256"
# The token the add-on hands the integration through discovery; the tests set it so they know it.
INTEGRATION_TOKEN = "python-glue-integration-token-0123456789"
START_TIMEOUT_S = 90


def _load_client() -> Any:
    spec = importlib.util.spec_from_file_location("jarvis_client", COMPONENT / "client.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


jarvis_client = _load_client()


def run_async(test: Any) -> Any:
    """Runs an async test in its own event loop (no pytest-asyncio needed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(asyncio.wait_for(test(*args, **kwargs), 120))

    return wrapper


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class JarvisServer:
    """The demo server as a child process on a fixed port, so a restart comes back at the same address."""

    def __init__(self, workdir: Path, entry: Path = DEMO) -> None:
        self.entry = entry
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = workdir / "data"
        self.log_path = workdir / "server.log"
        # What scripted_jarvis.ts says once it has announced itself (its Supervisor among it).
        self.ready_path = workdir / "ready.json"
        self.ready: dict[str, Any] = {}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WYOMING_PORT": "0",
            "DATA_DIR": str(self.data_dir),
            "JARVIS_PASSWORD": PASSWORD,
            "JWT_SECRET": JWT_SECRET,
            "INTEGRATION_TOKEN": INTEGRATION_TOKEN,
            "LOG_LEVEL": "info",
            "JARVIS_READY_FILE": str(self.ready_path),
        }
        self.ready_path.unlink(missing_ok=True)
        log = open(self.log_path, "ab")
        # tsx runs the TypeScript source, so the tests never see a stale build.
        self._process = subprocess.Popen(
            ["node", "--import", "tsx", str(self.entry)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the Jarvis server exited during startup:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/health?liveness", timeout=2) as resp:
                    if resp.status == 200 and (self.entry != SCRIPTED or self.ready_path.exists()):
                        if self.ready_path.exists():
                            self.ready = json.loads(self.ready_path.read_text())
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the Jarvis server did not listen on {self.url}:\n{self.log()}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:] if self.log_path.exists() else ""

    def login(self) -> str:
        """The integration's token, as discovery would have handed it over."""
        return INTEGRATION_TOKEN


def _server(tmp_path_factory: pytest.TempPathFactory, name: str, entry: Path = DEMO) -> Iterator[JarvisServer]:
    server = JarvisServer(tmp_path_factory.mktemp(name), entry)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JarvisServer]:
    """One server shared by the tests that do not stop it."""
    yield from _server(tmp_path_factory, "jarvis-shared")


@pytest.fixture(scope="session")
def scripted_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JarvisServer]:
    """Jarvis with the Anthropic emulator as its model (services/test/python/scripted_jarvis.ts)."""
    yield from _server(tmp_path_factory, "jarvis-scripted", SCRIPTED)


@pytest.fixture
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JarvisServer]:
    """A server of the test's own, for tests that stop or restart it."""
    yield from _server(tmp_path_factory, "jarvis-own")


@pytest.fixture(scope="session")
def token(server: JarvisServer) -> str:
    return server.login()


class HaDouble:
    """services/test/ha-double/server.py in its own process, hosting the integration in front of `jarvis`;
    `ready` is the JSON line it prints once it serves (url, ws_url, entry, users with their tokens)."""

    def __init__(self, jarvis: JarvisServer, workdir: Path, supervised: bool = False) -> None:
        self.jarvis = jarvis
        self.supervised = supervised
        self.log_path = workdir / "ha-double.log"
        self.frontend = workdir / "frontend.js"
        self.frontend.write_text("window.__frontendApp = 'loaded';\n")
        self.ready: dict[str, Any] = {}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return str(self.ready["url"])

    @property
    def ws_url(self) -> str:
        return str(self.ready["ws_url"])

    def token(self, who: str) -> str:
        return str(self.ready["users"][who]["token"])

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self._process = subprocess.Popen(
            [sys.executable, str(HA_DOUBLE / "server.py"), "--port", "0", "--jarvis-url", self.jarvis.url,
             "--jarvis-token", self.jarvis.login(), "--frontend", str(self.frontend), *self._supervisor_args()],
            cwd=REPO, stdout=subprocess.PIPE, stderr=log, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        log.close()
        assert self._process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            if not selector.select(START_TIMEOUT_S):
                self.stop()
                raise RuntimeError(f"the HA double printed no ready line:\n{self.log()}")
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"the HA double exited during startup:\n{self.log()}")
        self.ready = json.loads(line)

    def _supervisor_args(self) -> list[str]:
        """With `supervised`, HA runs under the Jarvis server's emulated Supervisor and reads its discovery."""
        supervisor = self.jarvis.ready.get("supervisor") if self.supervised else None
        return ["--supervisor-url", supervisor["url"], "--supervisor-token", supervisor["core_token"]] if supervisor else []

    def stop(self) -> int | None:
        """SIGTERM, as a supervisor stops HA; the exit code (None if it had to be killed)."""
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
                return None
        return process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-8000:] if self.log_path.exists() else ""


def _ha_double(server: JarvisServer, tmp_path_factory: pytest.TempPathFactory, name: str,
               supervised: bool = False) -> Iterator[HaDouble]:
    double = HaDouble(server, tmp_path_factory.mktemp(name), supervised)
    double.start()
    try:
        yield double
    finally:
        double.stop()


@pytest.fixture(scope="session")
def ha_double(server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """One HA double in front of the shared Jarvis server, for the tests that do not stop it."""
    yield from _ha_double(server, tmp_path_factory, "ha-double-shared")


@pytest.fixture(scope="session")
def scripted_ha_double(scripted_server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """An HA double in front of Jarvis with the scripted model, for turns that call tools."""
    yield from _ha_double(scripted_server, tmp_path_factory, "ha-double-scripted")


@pytest.fixture
def supervised_ha_double(scripted_server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """An HA double under the scripted Jarvis's emulated Supervisor: it reads the add-on's discovery at start."""
    yield from _ha_double(scripted_server, tmp_path_factory, "ha-double-supervised", supervised=True)


@pytest.fixture
def own_scripted_ha_double(scripted_server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """An HA double of the test's own in front of the scripted Jarvis, for tests that change its options."""
    yield from _ha_double(scripted_server, tmp_path_factory, "ha-double-scripted-own")


@pytest.fixture
def own_ha_double(server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """An HA double of the test's own, for tests that stop it."""
    yield from _ha_double(server, tmp_path_factory, "ha-double-own")


@pytest.fixture
def own_chain(own_server: JarvisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[HaDouble]:
    """An HA double in front of a Jarvis server of the test's own, for tests that stop the add-on."""
    yield from _ha_double(own_server, tmp_path_factory, "ha-double-own-chain")
