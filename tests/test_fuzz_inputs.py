"""Property: whatever the clerk does to a valid file, the program answers with exit 0 or located messages, never a traceback."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import REPO
from generator import cli
from generator.load import read_source

# Thousands of generated inputs: the full suite (CI) runs them, not the everyday subset.
pytestmark = pytest.mark.slow

FILES = ["don-vi.yaml", "2023/ke-hoach.yaml", "2023/q3.yaml"]
ORIGINAL = {name: read_source(REPO / "inputs" / name, Path(name)).data for name in FILES}
LOCATED = re.compile(r"^\S+\.yaml(:\d+(:\d+)?)?: \S")


def paths(data, prefix=()):
    """Returns every key path of a plain YAML tree."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            found += paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += paths(v, prefix + (i,))
    return found


def parent_and_key(data, path):
    for part in path[:-1]:
        data = data[part]
    return data, path[-1]


values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20), st.lists(st.integers(0, 5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["95%", "2023-02-30", "09/02/2023", "12.5", "-3", "Lưu: VT", "hieu_pho"]),
)


@st.composite
def mutated(draw):
    """Returns (file name, YAML text): one sample file with one to three mutations."""
    import copy

    name = draw(st.sampled_from(FILES))
    data = copy.deepcopy(ORIGINAL[name])
    for _ in range(draw(st.integers(1, 3))):
        candidates = paths(data)
        if not candidates:
            break
        path = draw(st.sampled_from(candidates))
        parent, key = parent_and_key(data, path)
        action = draw(st.sampled_from(["drop", "rename", "retype"]))
        if action == "drop":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[str(key) + draw(st.sampled_from(["x", "_", "s", ""])) + "1"] = parent.pop(key)
        else:
            parent[key] = draw(values)
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    text = out.getvalue()
    if draw(st.booleans()):  # break the YAML text itself
        pos = draw(st.integers(0, max(0, len(text) - 1)))
        text = text[:pos] + draw(st.sampled_from(["\t", ":", "'", '"', "[", "{", " ", "\n  ", "- ", "#", "\x00"])) + text[pos:]
    return name, text


@pytest.fixture
def workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_mutated_inputs_never_crash(case, workspace, monkeypatch, capsys):
    import shutil

    name, text = case
    target = workspace / "ws"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(REPO / "inputs", target / "inputs")
    (target / "inputs" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(target)
    monkeypatch.setattr(sys, "argv", ["cchc-docs", "validate", "q3"])
    with pytest.raises(SystemExit) as info:
        cli.main()
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "lỗi không lường trước" not in err and "unexpected error" not in err, err
    assert info.value.code in (0, 1), err
    if info.value.code == 1:
        lines = err.strip().splitlines()
        assert lines and all(LOCATED.match(line) for line in lines), err
        assert any(re.match(r"^\S+\.yaml:\d+", line) for line in lines), err
