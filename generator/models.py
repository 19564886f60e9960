"""The domain: what a valid input file says, as frozen dataclasses.

Names follow spec/inputs.md (Vietnamese keys without diacritics). Models hold
data and the sums that follow from it; the rules that relate several files or
need a message for the clerk live in :mod:`generator.validate`, and the
indicators in :mod:`generator.compute`.

The shapes are declared once, here, and read two ways: by the small validator
of :mod:`generator.fields` on the path of valid input (it builds these objects
in microseconds, without importing pydantic), and by pydantic, which validates
the same dataclasses whenever anything is wrong or unusual and words the
clerk's messages. The constraints below are markers both understand; the
models keep pydantic's names (``model_validate``, ``model_fields``,
``model_dump``). The annotations are evaluated when the classes are made (no
``from __future__ import annotations``), so that reading them costs nothing.
"""
import copy
import dataclasses
import re
import unicodedata

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from generator.fields import NON_NEGATIVE, STRICT, Before, MinLength, Pattern, validate_model


def is_control(ch: str) -> bool:
    """Returns whether ``ch`` cannot stand in a document's text: a control character (C0, DEL, C1),
    a lone surrogate (typed as "\\uD800" in YAML) or one of the non-characters XML 1.0 forbids."""
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff"


CONTROL_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""The characters of :func:`is_control` (categories Cc and Cs are exactly these ranges), to search a whole text at once."""


def _colon_text(value):
    """Returns "Lưu: VT" for the mapping {"Lưu": "VT"}: YAML reads a line with ": " inside (or ending with ":") as a key; the clerk meant text."""
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if isinstance(key, str) and inner is None:
            return f"{key}:"  # "- Kết quả như sau:" ends with a colon
        if isinstance(key, str) and isinstance(inner, (str, int, float)) and not isinstance(inner, bool):
            return f"{key}: {inner}"
    return value


Dem = Annotated[int, STRICT, NON_NEGATIVE]
"""A count: a whole number ≥ 0, typed as a YAML integer (not "12", not 12.0)."""

Text = Annotated[str, STRICT, Before(_colon_text)]
Doan = list[Text]
"""A list of paragraphs, each one line of text in the report."""

QUARTERS = ("q1", "q2", "q3", "q4")
PERIODS = QUARTERS + ("nam",)
Period = Literal["q1", "q2", "q3", "q4", "nam"]

ChiSo = Literal[
    "ty_le_hai_long",
    "tthc_dung_han",
    "tthc_truoc_han",
    "tthc_truc_tuyen",
    "van_ban_tren_mang",
    "boi_duong_van_hoa",
    "boi_duong_ky_nang_so",
    "lanh_dao_quan_triet",
    "pakn_xu_ly",
    "kien_nghi_thanh_tra",
    "chuyen_truong",
    "tuyen_truyen_hinh_thuc",
    "tuyen_truyen_tan_suat",
]


class _ModelType(type):
    @property
    def model_fields(cls) -> dict[str, dataclasses.Field]:
        """The fields of the model, by name, in order."""
        return cls._fields_by_name


class Model(metaclass=_ModelType):
    """Base of the models: a dataclass whose keys are all known (an unknown key is an error), frozen once made."""

    __pydantic_config__ = {"extra": "forbid"}

    def __setattr__(self, name, value):
        # Frozen, as dataclass(frozen=True) makes it but at a third of its cost at import: each field is set once, in __init__.
        if name in self.__dict__ or name not in type(self).__dataclass_fields__:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in cls.__dict__.get("__annotations__", {}):
            default = cls.__dict__.get(name, dataclasses.MISSING)
            if isinstance(default, (list, dict, Model)):  # "= []", "= KetQua()": a fresh one for each object
                setattr(cls, name, dataclasses.field(default_factory=lambda d=default: copy.deepcopy(d)))
        dataclasses.dataclass(kw_only=True)(cls)  # kw_only: a required key may follow one with a default
        cls._fields_by_name = {f.name: f for f in dataclasses.fields(cls)}

    @classmethod
    def model_construct(cls, **values):
        """Returns the model made of ``values``, one for each field, already valid (pydantic's name): set at once,
        without the check of each assignment that __init__ makes, most of the cost of a Biểu 06 row."""
        if values.keys() != cls._fields_by_name.keys():
            raise TypeError(f"{cls.__name__} needs exactly its fields, got {sorted(values)!r}")
        built = object.__new__(cls)
        built.__dict__.update({name: values[name] for name in cls._fields_by_name})
        return built

    @classmethod
    def model_validate(cls, data):
        """Returns the model built from plain data; raises fields.Invalid (pydantic's errors) when it does not fit."""
        return validate_model(cls, data)

    def model_dump(self) -> dict:
        """Returns the model as plain data, as ``dataclasses.asdict`` does, without its deep copy of every value
        (the values are immutable: a Biểu 06 of 10,000 rows has 90,000 of them)."""
        return {name: _dumped(getattr(self, name)) for name in type(self)._fields_by_name}


def _dumped(value):
    if isinstance(value, Model):
        return value.model_dump()
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value


class NguoiKy(Model):
    chuc_vu: Text
    ho_ten: Text
    ky_thay: Text | None = None


class DonVi(Model):
    """don-vi.yaml: who we are."""

    co_quan_chu_quan: Text | None = None
    ten_don_vi: Text
    ten_goi: Text
    ky_hieu: Annotated[str, STRICT, Pattern(r"^[A-ZĐ0-9]+$")]
    dia_danh: Text
    kinh_gui: Text | None = None
    nguoi_ky: Annotated[dict[str, NguoiKy], MinLength(1)]
    nguoi_ky_mac_dinh: Text
    noi_nhan_bao_cao: list[Text] = []
    email_nhan: Text | None = None


class ChiTieu(Model):
    """One target of the plan. With ``chi_so`` it is assessed from the figures, else by hand."""

    ma: Text
    noi_dung: Text
    chi_so: ChiSo | None = None
    muc_tieu: Decimal | Text | None = None
    so_sanh: Literal[">", ">="] = ">="


DongKeHoach = Text | list[Text]
"""A paragraph of the plan; a nested list is a run of "- " items."""


class Diem(Model):
    """điểm a), b), … of a khoản."""

    ten: Text
    doan: list[DongKeHoach] = []


class Khoan(Model):
    """khoản 1., 2., … of a mục."""

    ten: Text
    doan: list[DongKeHoach] = []
    diem: list[Diem] = []


class Muc(Model):
    """mục I., II., … of the plan."""

    ten: Text
    doan: list[DongKeHoach] = []
    khoan: list[Khoan] = []


TARGET_MARK = re.compile(r"\(\((\w+)(?::(\d+))?\)\)")
"""((ma)) or ((ma:02)) in the plan's text: the muc_tieu of the target ``ma``, optionally zero-padded."""


class VanBanKeHoach(Model):
    """The plan's full text: căn cứ, opening sentence, the outline, closing sentence.

    Numbers (I., 1., a)) are added by the program. In a paragraph, ((ma)) prints
    the muc_tieu of the target ``ma`` of chi_tieu, so that a target is typed once;
    ((ma:02)) pads it to two digits.
    """

    can_cu: list[Text] = []
    mo_dau: Text | None = None
    muc: list[Muc] = []
    ket_luan: Text


class KeHoach(Model):
    """<year>/ke-hoach.yaml: the year's plan, its targets and its reporting calendar."""

    so: Dem | None = None
    ngay: date
    trich_yeu: Text
    chi_tieu: list[ChiTieu] = []
    bao_cao: dict[Period, date] = {}
    noi_nhan: list[Text] = []
    nguoi_ky: Text | None = None
    van_ban: VanBanKeHoach | None = None
    han_truong_nop: dict[Period, date] = {}
    """The office's plan only (tong-hop.md): the day by which its schools must send each report."""


class BieuTthcRow(Model):
    """One row of Biểu 06 (results of administrative procedures), one lĩnh vực."""

    linh_vuc: Text
    tu_ky_truoc: Dem
    truc_tuyen: Dem
    truc_tiep: Dem
    truoc_han: Dem
    dung_han: Dem
    qua_han: Dem
    dang_trong_han: Dem
    dang_qua_han: Dem

    @property
    def tong_nhan(self) -> int:
        return self.tu_ky_truoc + self.truc_tuyen + self.truc_tiep

    @property
    def da_giai_quyet(self) -> int:
        return self.truoc_han + self.dung_han + self.qua_han

    @property
    def dang_giai_quyet(self) -> int:
        return self.dang_trong_han + self.dang_qua_han


class KhaoSat(Model):
    so_phieu: Dem
    hai_long: Dem


class VanBan(Model):
    den: Dem
    den_tren_mang: Dem
    di: Dem
    di_tren_mang: Dem


class Pakn(Model):
    tiep_nhan: Dem
    da_xu_ly: Dem


class KienNghiThanhTra(Model):
    tong: Dem
    da_thuc_hien: Dem


class ChuyenTruong(Model):
    tong: Dem
    dung_tien_do: Dem


class TuyenTruyen(Model):
    hinh_thuc: list[Text] = []
    so_lan: Dem


class BoiDuong(Model):
    """People trained from 1 January to the end of the window (a stock, not a flow)."""

    tong_so: Dem
    van_hoa_giao_tiep: Dem
    ky_nang_so: Dem
    lanh_dao: Dem
    lanh_dao_quan_triet: Dem


class Figures(Model):
    """so_lieu: the figures of one report's data window."""

    tthc: list[BieuTthcRow] = []
    khao_sat: KhaoSat
    van_ban: VanBan
    pakn: Pakn
    kien_nghi_thanh_tra: KienNghiThanhTra
    chuyen_truong: ChuyenTruong
    tuyen_truyen: TuyenTruyen
    boi_duong: BoiDuong


class KetQua(Model):
    """II. results, one list of paragraphs per reform area, in the order of the report."""

    the_che: Doan = []
    tthc: Doan = []
    bo_may: Doan = []
    cong_vu: Doan = []
    tai_chinh: Doan = []
    chinh_quyen_so: Doan = []


class DanhGia(Model):
    uu_diem: Doan = []
    ton_tai: Doan = []
    nguyen_nhan: Doan = []


class ChiTieuThuCong(Model):
    """The result of a target assessed by hand (one without chi_so)."""

    ma: Text
    ket_qua: Text
    danh_gia: Literal["dat", "chua_dat", "khong_phat_sinh"]


class Report(Model):
    """q1.yaml … q4.yaml, nam.yaml: one report."""

    so: Dem | None = None
    ngay: date
    nguoi_ky: Text | None = None
    tu_ngay: date | None = None
    den_ngay: date | None = None
    uoc_tinh: bool = False
    chi_dao_dieu_hanh: Doan = []
    ket_qua: KetQua = KetQua()
    so_lieu: Figures | None = None
    danh_gia: DanhGia = DanhGia()
    phuong_huong: Doan = []
    kien_nghi: Doan = []
    chi_tieu_thu_cong: list[ChiTieuThuCong] = []


class Truong(Model):
    """One school of the office's roster (truong.yaml)."""

    ky_hieu: Annotated[str, STRICT, Pattern(r"^[A-ZĐ0-9]+$")]
    ten: Text


class DanhSachTruong(Model):
    """truong.yaml: the office's schools, in the order it lists them."""

    truong: Annotated[list[Truong], MinLength(1)]


class Received(Model):
    """A received report's data part: values written by another version of the program may add keys."""

    __pydantic_config__ = {"extra": "ignore"}


class DonViGui(Received):
    ten_don_vi: Text
    ten_goi: Text
    ky_hieu: Text


class KyGui(Received):
    ky: Period
    nam: int
    tu_ngay: date
    den_ngay: date
    so: int | None = None
    ngay: date


class BaoCaoGui(Received):
    """The data part of a report a school sent (spec/tong-hop.md)."""

    phien_ban: str | None = None
    don_vi: DonViGui
    ky: KyGui
    so_lieu: Figures | None = None
    sha256: str | None = None
