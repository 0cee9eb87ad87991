"""Real Redis and PostgreSQL servers for the tests of distributed mode: child processes on
127.0.0.1 and free ports, in a scratch folder, stopped when the test session ends.

``.ci/run`` installs redis-server and PostgreSQL where they are missing; without them the
tests that need them skip. PostgreSQL refuses to run as root, so as root the server runs as
the ``postgres`` user (which the system's package makes).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin(name: str) -> str | None:
    """A PostgreSQL program: on the PATH, or where Debian's package puts it."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return versions[-1] if versions else None


def missing() -> str | None:
    """What these servers need and this machine lacks, if anything."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    if postgres_bin("initdb") is None or postgres_bin("postgres") is None:
        return "PostgreSQL (initdb, postgres) is not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no postgres user to run PostgreSQL as"
    return None


def _wait(ready: Callable[[], bool], process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{what} ended at start: {process.stderr and process.stderr.read()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within 30 s")
        time.sleep(0.05)


def _stop(process: subprocess.Popen, how: int = signal.SIGTERM) -> None:
    process.send_signal(how)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@contextmanager
def redis_server(port: int | None = None) -> Iterator[str]:
    """A Redis server with nothing saved to disk (on ``port``, or a free one); its URL."""
    import redis

    port = port or free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"

    def ready() -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    try:
        _wait(ready, process, "redis-server")
        yield url
    finally:
        _stop(process)


def postgres_processes(url: str) -> list[int]:
    """The process ids of the PostgreSQL server at ``url``: its postmaster and every process
    it started (backends, checkpointer, WAL writer...), as SIGSTOP must reach them all."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as connection:
        (backend,) = connection.execute("SELECT pg_backend_pid()").fetchone()
        postmaster = _parent(backend)  # while the backend is there
    assert postmaster is not None
    children = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    return [postmaster, *(pid for pid in children if _parent(pid) == postmaster)]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone meanwhile
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server in a scratch folder, trusting local connections; the URL of its
    ``postgres`` database, as user ``newsbot``."""
    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
    user: dict = {}
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        user = {"user": account.pw_uid, "group": account.pw_gid}
    data = folder / "data"
    subprocess.run(
        [postgres_bin("initdb"), "-D", str(data), "-U", "newsbot", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        **user,
    )
    port = free_port()
    process = subprocess.Popen(
        [postgres_bin("postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1",
         "-k", str(folder), "-c", "fsync=off", "-c", "max_connections=50"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **user,
    )  # fmt: skip
    url = f"postgresql://newsbot@127.0.0.1:{port}/postgres"

    def ready() -> bool:
        try:
            psycopg.connect(url, connect_timeout=1).close()
            return True
        except psycopg.Error:
            return False

    try:
        _wait(ready, process, "postgres")
        yield url
    finally:
        _stop(process, signal.SIGINT)  # PostgreSQL's fast shutdown: clients are let go
        shutil.rmtree(folder, ignore_errors=True)


# A TCP forwarder, run as a process of its own so that a test can SIGSTOP it: the kernel
# still acknowledges what its client sends, as for a stopped server, but nothing answers.
_FORWARDER = """
import socket, sys, threading
listener = socket.create_server(("127.0.0.1", int(sys.argv[1])))
def pipe(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    for end in (source, target):
        try:
            end.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    client, _ = listener.accept()
    server = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
    for ends in ((client, server), (server, client)):
        threading.Thread(target=pipe, args=ends, daemon=True).start()
"""


@contextmanager
def tcp_forwarder(url: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """A forwarder to the server at ``url`` (``scheme://user@127.0.0.1:PORT/...``): the same
    URL through it, and its process."""
    import sys

    target = url.split("@", 1)[1].split("/", 1)[0].rsplit(":", 1)[1]
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", _FORWARDER, str(port), target])

    def ready() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        _wait(ready, process, "the forwarder")
        yield url.replace(f":{target}/", f":{port}/"), process
    finally:
        os.kill(process.pid, signal.SIGCONT)
        _stop(process, signal.SIGKILL)
