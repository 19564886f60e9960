"""The fast YAML path (libyaml) against the reference path (ruamel.yaml): same data, same locations, same “# chưa điền” marks.

The fast path may decline a file (it then goes to ruamel.yaml, which costs only
time); when it reads one, it must read it exactly as ruamel.yaml does.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from generator.errors import InputError
from generator.load import read_libyaml, read_ruamel, read_source
from test_fuzz_inputs import mutated

SAMPLES = sorted(p for p in (REPO / "inputs").rglob("*.yaml")) + sorted((REPO / "generator" / "skeleton").glob("*.yaml"))


def same(a, b) -> bool:
    """Returns whether two plain YAML trees are equal, types included (1 is not True, 1.0 is not 1; nan equals nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def assert_read_alike(text: str) -> bool:
    """Asserts that the fast path reads ``text`` as ruamel.yaml does, or declines it; returns whether it read it."""
    fast = read_libyaml(text, Path("x.yaml"))
    if fast is None:
        return False
    reference = read_ruamel(text, Path("x.yaml"))
    assert same(fast.data, reference.data)
    assert fast.locations == reference.locations
    assert fast.unfilled == reference.unfilled
    return True


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_and_skeleton_file_takes_the_fast_path_and_reads_alike(path):
    text = path.read_text(encoding="utf-8").replace("{NAM}", "2023")  # as cchc-docs init writes the skeleton
    assert assert_read_alike(text), f"{path.name} was left to ruamel.yaml"


def test_the_skeleton_marks_are_found_on_the_fast_path():
    path = REPO / "generator" / "skeleton" / "q1.yaml"
    source = read_libyaml(path.read_text(encoding="utf-8").replace("{NAM}", "2023"), path)
    assert source is not None and len(source.unfilled) >= 3


ANCHORED = [
    "a: &x 1\nb: *x\n",
    "mac_dinh: &m {chuc_vu: Hiệu trưởng, ho_ten: A}  # chưa điền\nnguoi_ky:\n  hieu_truong: *m\n  pho: *m   # chưa điền\n",
    "- &a\n  k: 1.50 # chưa điền\n- *a\n- [*a, *a]\n",
    "a:\n  - &x\n    b: 1\n    c: &y [2]\n  - *x\nd: *y\n",
]


@pytest.mark.parametrize("text", ANCHORED)
def test_an_alias_is_read_on_the_fast_path_where_it_stands_as_ruamel_reads_it(text):
    """The fast path keeps no node tree: an alias reads its anchor's events again, nested anchors and marks included."""
    assert assert_read_alike(text)


@pytest.mark.parametrize("text", ["a: &x\n  b: *x\n", "a: *x\n", "a: &x 1\nb: &x 2\n", "&r a: 1\nb: *r\n", "a: 1\n---\nb: 2\n"])
def test_a_recursive_or_unknown_alias_an_anchor_twice_an_anchored_key_or_two_documents_go_to_ruamel(text):
    assert read_libyaml(text, Path("x.yaml")) is None


COMMENTS = ["  # chưa điền", " #chưa điền", "   # chưa điền rồi", "  # khác", "#chưa điền", "  # chưa điền\t"]


@st.composite
def commented(draw):
    """Returns a mutated sample file with comments, some of them “# chưa điền”, at the end of some lines."""
    _name, text = draw(mutated())
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        lines[i] += draw(st.sampled_from(COMMENTS))
    return "\n".join(lines)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(commented())
def test_the_fast_path_reads_the_fuzz_corpus_as_ruamel_does(text):
    assert_read_alike(text)


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "Yes", "012", "0o17", "0x1F", "1_000", "1:20", ".5", "1e3",
                                   "-.inf", ".nan", "=", "~", "null", "True", "FALSE", "-0", "12.50", "+3", "2023-08-28",
                                   "2023-02-30", "2023-8-1", "2023-08-28 10:00:00", "'12'", '"yes"', "[1, 2]  # chưa điền",
                                   "{a: 1}", "|\n  dòng một\n  dòng hai", ">-\n  gấp\n  lại", "  # chưa điền"])
def test_scalars_that_yaml_1_1_and_1_2_read_differently(value):
    """YAML 1.1 (libyaml's resolver) reads yes/on/012/1:20 as bool or number; the program reads YAML 1.2 as ruamel.yaml does."""
    text = f"so: 1\nx: {value}\ny:\n  - {value.splitlines()[0]}\n"
    try:
        read_ruamel(text, Path("x.yaml"))
    except InputError:  # a syntax error: the fast path must leave it to ruamel.yaml, which words it
        assert read_libyaml(text, Path("x.yaml")) is None
        return
    assert_read_alike(text)


@pytest.mark.parametrize("value, expected", [("yes", "yes"), ("off", "off"), ("12", 12), ("12.5", 12.5), ("~", None),
                                             ("true", True), ("1:20", "1:20"), ("012", 12)])
def test_yaml_1_2_values(value, expected):
    source = read_source_text(f"x: {value}\n")
    assert same(source.data["x"], expected)


def read_source_text(text: str):
    return read_libyaml(text, Path("x.yaml")) or read_ruamel(text, Path("x.yaml"))


MERGED = """\
mac_dinh: &hieu_truong
  chuc_vu: Hiệu trưởng
  ho_ten: Nguyễn Văn An
nguoi_ky:
  hieu_truong:
    <<: *hieu_truong
  pho:
    <<: *hieu_truong
    chuc_vu: Phó Hiệu trưởng   # chưa điền
  ban_sao: *hieu_truong
"""


def test_merge_keys_anchors_and_aliases_read_as_the_clerk_means(tmp_path):
    path = tmp_path / "don-vi.yaml"
    path.write_text(MERGED, encoding="utf-8")
    source = read_source(path, path)
    ky = source.data["nguoi_ky"]
    assert ky["hieu_truong"] == {"chuc_vu": "Hiệu trưởng", "ho_ten": "Nguyễn Văn An"}
    assert ky["pho"] == {"chuc_vu": "Phó Hiệu trưởng", "ho_ten": "Nguyễn Văn An"}
    assert ky["ban_sao"] == ky["hieu_truong"]
    assert source.locations[("nguoi_ky", "pho", "chuc_vu")] == (9, 5)
    assert source.locations[("nguoi_ky", "pho", "ho_ten")] == (8, 5)  # merged: where the mapping stands
    assert source.unfilled == {("nguoi_ky", "pho", "chuc_vu")}


def test_a_merge_key_in_don_vi_gives_located_messages_not_a_crash(tmp_path):
    from generator.load import load_inputs
    from generator.validate import validate

    inputs = tmp_path / "inputs"
    (inputs / "2023").mkdir(parents=True)
    for name in ("2023/ke-hoach.yaml", "2023/q3.yaml", "2023/q2.yaml", "2023/q1.yaml"):
        (inputs / name).write_text((REPO / "inputs" / name).read_text(encoding="utf-8"), encoding="utf-8")
    original = (REPO / "inputs" / "don-vi.yaml").read_text(encoding="utf-8")
    (inputs / "don-vi.yaml").write_text(original + "\nmau: &mau\n  chuc_vu: Hiệu trưởng\nthem:\n  <<: *mau\n  ho_ten: A\n",
                                        encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate(load_inputs(inputs, 2023, ["q3"]))
    lines = [str(p) for p in caught.value.problems]
    assert any("don-vi.yaml:" in line and "mau" in line for line in lines), lines
    assert not any("KeyError" in line for line in lines)
