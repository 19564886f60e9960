"""The fast validator (plain Python) against pydantic on the same models: where the fast path builds a model, pydantic builds the same one."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conftest import REPO
from generator import fields
from generator.errors import InputError
from generator.load import read_source
from generator.models import DonVi, Figures, KeHoach, Report
from test_fuzz_inputs import mutated

MODEL_OF = {"don-vi.yaml": DonVi, "ke-hoach.yaml": KeHoach}
SAMPLES = sorted((REPO / "inputs").rglob("*.yaml"))


def model_of(name: str):
    return MODEL_OF.get(Path(name).name, Report)


def fast(model, data):
    """Returns what the fast path builds, or None where it leaves the data to pydantic."""
    try:
        return fields._build(model, data)
    except fields._Declined:
        return None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_file_is_built_by_the_fast_path_as_pydantic_builds_it(path):
    data = read_source(path, path).data
    built = fast(model_of(path.name), data)
    assert built is not None, f"{path.name} was left to pydantic"
    assert repr(built) == repr(fields.pydantic_only(model_of(path.name), data))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_on_the_fuzz_corpus_the_fast_path_builds_what_pydantic_builds_or_leaves_it_to_pydantic(case):
    name, text = case
    try:
        data = read_source_text(text)
    except InputError:
        return
    built = fast(model_of(name), data)
    if built is None:
        return
    assert repr(built) == repr(fields.pydantic_only(model_of(name), data))  # raises if pydantic refuses it


def read_source_text(text: str):
    from generator.load import read_libyaml, read_ruamel

    source = read_libyaml(text, Path("x.yaml")) or read_ruamel(text, Path("x.yaml"))
    return source.data


@pytest.mark.parametrize("value", [86, "86", 12.5, True, None, "tăng bậc", {"Lưu": "VT"}, [1]])
def test_a_target_takes_the_type_pydantic_gives_it(value):
    data = {"ma": "x", "noi_dung": "y", "muc_tieu": value}
    from generator.models import ChiTieu

    try:
        expected = repr(fields.pydantic_only(ChiTieu, data))
    except Exception:
        with pytest.raises(fields.Invalid):
            ChiTieu.model_validate(data)
        return
    assert repr(ChiTieu.model_validate(data)) == expected


@pytest.mark.parametrize("value", [0, 3, -1, True, 1.0, "3", None])
def test_a_count_is_a_plain_whole_number(value):
    data = {"so_phieu": value, "hai_long": 0}
    from generator.models import KhaoSat

    if type(value) is int and value >= 0:
        assert KhaoSat.model_validate(data).so_phieu == value
        assert fast(KhaoSat, data) is not None
    else:
        with pytest.raises(fields.Invalid):
            KhaoSat.model_validate(data)


def test_figures_validate_without_importing_pydantic():
    import subprocess
    import sys

    code = ("import sys; from generator.models import Figures; from generator.load import read_source; from pathlib import Path; "
            f"d = read_source(Path({str(REPO / 'inputs' / '2023' / 'q3.yaml')!r}), Path('q3.yaml')).data['so_lieu']; "
            "Figures.model_validate(d); print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert out.strip() == "False"
    assert Figures.model_fields  # the models keep pydantic's names


def test_a_model_is_frozen_once_made():
    import dataclasses

    from generator.models import KhaoSat

    made = KhaoSat.model_validate({"so_phieu": 3, "hai_long": 2})
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.so_phieu = 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.other = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.hai_long
    assert (made.so_phieu, made.hai_long) == (3, 2)
