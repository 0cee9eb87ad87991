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
def redis_server() -> Iterator[str]:
    """A Redis server with nothing saved to disk; its URL."""
    import redis

    port = free_port()
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
