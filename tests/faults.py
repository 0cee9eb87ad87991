"""Faults made real, for tests that meet them as a user would: a small or read-only disk
(tmpfs), a process killed or stopped at a chosen system call (strace), a clock that is
wrong (libfaketime). Each helper skips the test where this machine cannot make the fault.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(path: Path, size: str = "1m", read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` (made if missing) for the test's duration."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "newsbot-test", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def make_read_only(path: Path) -> None:
    """Remount the tmpfs at ``path`` read-only (root writes anywhere a mode allows)."""
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def fill(path: Path) -> None:
    """Take all the free space of the file system ``path`` is on."""
    with open(path / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def signal_at(
    syscalls: Sequence[str], *, paths: Sequence[Path] = (), when: int = 1, signal: str = "KILL"
) -> list[str]:
    """A prefix that sends ``signal`` to the crawl on entering its ``when``-th call of one of
    ``syscalls`` (on one of ``paths``, if given): the call is not made."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    names = ",".join(syscalls)
    prefix = ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={names}"]
    prefix += ["-e", "signal=none", "-e", f"inject={names}:signal={signal}:when={when}"]
    for path in paths:
        prefix += ["-P", str(path)]
    return prefix


def faketime(offset: str) -> list[str]:
    """A prefix that runs the crawl with its clock moved by ``offset`` ("+1d", "-2h")."""
    if shutil.which("faketime") is None:
        pytest.skip("faketime (libfaketime) is not installed")
    return ["faketime", "-f", offset]


def error_at(
    syscalls: Sequence[str], error: str, *, paths: Sequence[Path] = (), when: int = 1
) -> list[str]:
    """A prefix that makes the crawl's ``when``-th call of one of ``syscalls`` (on one of
    ``paths``, if given) fail with ``error`` ("ENOSPC"), as a full disk would."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    names = ",".join(syscalls)
    prefix = ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={names}"]
    prefix += ["-e", "signal=none", "-e", f"inject={names}:error={error}:when={when}"]
    for path in paths:
        prefix += ["-P", str(path)]
    return prefix
