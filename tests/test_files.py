"""Atomic writes: the old file or the new one, never half, and the file's mode kept."""

from __future__ import annotations

import os
import stat

import pytest

from dashboard import files
from dashboard.files import write_atomically


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("old_mode", [0o644, 0o664, 0o640, 0o600])
def test_the_new_file_keeps_the_old_files_mode(tmp_path, old_mode):
    target = tmp_path / "places.csv"
    target.write_text("old")
    target.chmod(old_mode)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == old_mode


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_mode(tmp_path, umask, expected):
    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "cache.json", b"{}")
    finally:
        os.umask(old)
    assert mode(tmp_path / "cache.json") == expected


def test_an_interrupted_file_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_text("old")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
