"""Writing is atomic (spec/cli.md): an interrupted build leaves the previous output whole, and the next build works.

(a) In-process: the writer fails halfway (the data write after half the bytes,
    the fsync, the rename); the previous .docx keeps its bytes and no temporary
    file is left in the output folder.
(b) A real `cchc-docs build q3` process is SIGKILLed while it sleeps inside
    os.fsync (patched by a small wrapper, as nothing in the program offers a
    hook). A SIGKILLed process cannot clean up: a temporary file may remain, but
    never under the output's name, and the previous output is intact; the next
    build succeeds.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from generator.pipeline import Options, build

OUTPUT = "BC-CCHC-Q3-2023-THCSBM.docx"


def workspace(root: Path) -> Path:
    """Returns a fresh copy of the sample workspace (inputs and templates) under ``root``."""
    shutil.copytree(REPO / "inputs", root / "inputs")
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def options(root: Path) -> Options:
    return Options(inputs=root / "inputs", templates=root / "templates", outputs=root / "outputs")


def renumber(root: Path, so: int) -> None:
    """Changes the report's number in q3.yaml, so that the next build writes different bytes."""
    q3 = root / "inputs" / "2023" / "q3.yaml"
    text = q3.read_text(encoding="utf-8")
    lines = [f"so: {so}" if line.startswith("so:") else line for line in text.splitlines()]
    q3.write_text("\n".join(lines) + "\n", encoding="utf-8")


def folder(root: Path) -> Path:
    return root / "outputs" / "2023"


def temporaries(root: Path) -> list[str]:
    return sorted(p.name for p in folder(root).iterdir() if p.name.endswith(".tmp"))


def is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None and "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


# ---------------------------------------------------------------------------------------------------------------
# (a) in-process failures

class HalfWriter:
    """A binary file that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, f):
        self._f = f

    def write(self, data):
        self._f.write(data[: len(data) // 2])
        self._f.flush()
        raise OSError(errno.ENOSPC, "No space left on device (test)")

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()
        return False


def fail_write(monkeypatch):
    import generator.write as w

    real = w.os.fdopen
    monkeypatch.setattr(w.os, "fdopen", lambda fd, *a, **k: HalfWriter(real(fd, *a, **k)))


def fail_fsync(monkeypatch):
    import generator.write as w

    def fsync(fd):
        raise OSError(errno.EIO, "I/O error (test)")

    monkeypatch.setattr(w.os, "fsync", fsync)


def fail_replace(monkeypatch):
    import generator.write as w

    def replace(src, dst, *a, **k):
        raise OSError(errno.EXDEV, "rename failed (test)")

    monkeypatch.setattr(w.os, "replace", replace)


@pytest.mark.slow
@pytest.mark.parametrize("failure", [fail_write, fail_fsync, fail_replace], ids=["write-half", "fsync", "rename"])
def test_failed_write_keeps_previous_output_and_leaves_no_temporary(failure, tmp_path, monkeypatch):
    root = workspace(tmp_path)
    first = build("q3", options(root)).written[0]
    assert first.name == OUTPUT
    before = first.read_bytes()
    listing = sorted(p.name for p in folder(root).iterdir())

    renumber(root, 26)
    with monkeypatch.context() as m:
        failure(m)
        with pytest.raises(OSError):
            build("q3", options(root))

    assert first.read_bytes() == before, "the previous output was changed by a failed build"
    assert temporaries(root) == [], "a failed build left a temporary file"
    assert sorted(p.name for p in folder(root).iterdir()) == listing

    # Once the disk is well again, the next build writes the new report (it is not taken for a hand edit).
    again = build("q3", options(root)).written[0]
    assert again.read_bytes() != before and is_docx(again)
    assert temporaries(root) == []


# ---------------------------------------------------------------------------------------------------------------
# (b) SIGKILL in the middle of a real build

WRAPPER = r"""
import os, sys, time
real_fsync = os.fsync
marker, kill_at = sys.argv[1], int(sys.argv[2])
calls = 0
def fsync(fd):
    global calls
    calls += 1
    real_fsync(fd)
    if calls == kill_at:
        with open(marker, "w", encoding="utf-8") as f:
            f.write(os.readlink(f"/proc/self/fd/{fd}"))
        time.sleep(120)
os.fsync = fsync
sys.argv = ["cchc-docs", "build", "q3"]
from generator.cli import main
main()
"""


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "LANG": "en_US.UTF-8"})


def killed_build(root: Path, kill_at: int) -> str:
    """Runs `cchc-docs build q3` in ``root`` and SIGKILLs it inside its ``kill_at``-th fsync; returns the file being synced."""
    marker = root / "fsync-marker"
    marker.unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, str(marker), str(kill_at)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (marker.exists() and marker.read_text(encoding="utf-8")):
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the build ended (exit {proc.returncode}) before its fsync #{kill_at}:\n{out.decode()}{err.decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the build never reached its fsync")
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return Path(marker.read_text(encoding="utf-8")).name


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and SIGKILL")
@pytest.mark.slow
def test_sigkill_while_writing_the_docx_keeps_previous_output(tmp_path):
    root = workspace(tmp_path)
    assert cli(root, "build", "q3").returncode == 0
    output = folder(root) / OUTPUT
    before = output.read_bytes()

    renumber(root, 26)
    synced = killed_build(root, kill_at=2)  # the second fsync is the new .docx's temporary file (the first: the manifest)
    assert synced.startswith(f".{OUTPUT}.") and synced.endswith(".tmp"), synced

    assert output.read_bytes() == before, "SIGKILL during the write changed the previous output"
    left = temporaries(root)
    # SIGKILL cannot be caught: the temporary file stays, under a hidden name that is not the output's.
    assert all(name.startswith(".") and name.endswith(".tmp") and name != OUTPUT for name in left), left
    print(f"leftover after SIGKILL: {left}")

    # The next build succeeds, writes the new report and is not confused by the leftover.
    done = cli(root, "build", "q3")
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() != before and is_docx(output)
    assert not any(name == OUTPUT for name in temporaries(root))
    print(f"leftover after the next build: {temporaries(root)}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and SIGKILL")
@pytest.mark.slow
def test_sigkill_between_docx_and_manifest_does_not_block_next_build(tmp_path):
    root = workspace(tmp_path)
    assert cli(root, "build", "q3").returncode == 0
    output = folder(root) / OUTPUT
    before = output.read_bytes()

    renumber(root, 26)
    synced = killed_build(root, kill_at=3)  # the third fsync: the final manifest, after the .docx was renamed into place
    print(f"killed while syncing {synced}")
    assert is_docx(output), "the output is not a whole .docx after SIGKILL"
    assert output.read_bytes() != before  # the new report had been renamed into place

    renumber(root, 27)  # the clerk corrects the number and builds again
    done = cli(root, "build", "q3")
    assert done.returncode == 0, done.stderr + done.stdout
