"""tong-hop: the office's report and workbook from the schools' .docx files (spec/tong-hop.md)."""
from __future__ import annotations

import importlib.util
import io
import re
import shutil
import struct
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import REPO
from generator.check import check_document
from generator.pipeline import Delivery, Options
from generator.tong_hop import run

SAMPLE = REPO / "examples" / "tong-hop"
spec = importlib.util.spec_from_file_location("make_tong_hop_sample", REPO / "tools" / "make_tong_hop_sample.py")
sample_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sample_script)

DOCX = "outputs/2023/BC-CCHC-Q3-2023-PGDDT.docx"
XLSX = "outputs/2023/TH-CCHC-Q3-2023-PGDDT.xlsx"


def office_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "phong"
    shutil.copytree(SAMPLE / "inputs", folder / "inputs")
    shutil.copytree(SAMPLE / "nop", folder / "nop")
    return folder


def run_in(folder: Path, period="q3", received=None):
    return run(period, received, Options(inputs=folder / "inputs", templates=REPO / "templates", outputs=folder / "outputs"),
               Delivery())


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    folder = office_copy(tmp_path_factory.mktemp("tong-hop"))
    result, th = run_in(folder)
    return folder, result, th


# The sample ---------------------------------------------------------------------------------------------


def content(folder: Path) -> dict[str, bytes]:
    """Returns the sample's content: input texts, and of each .docx its data part and its document text (not zip bytes)."""
    found = {}
    for path in sorted([*(folder / "inputs").rglob("*"), *(folder / "nop").rglob("*")]):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".yaml":
            found[rel] = path.read_bytes()
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.startswith("customXml/item") or name == "word/document.xml":
                        found[f"{rel}!{name}"] = z.read(name)
    return found


@pytest.mark.slow
def test_committed_sample_is_what_the_script_makes(tmp_path):
    sample_script.main(tmp_path)
    made, committed = content(tmp_path), content(SAMPLE)
    assert made.keys() == committed.keys()
    differ = [k for k in made if made[k] != committed[k]]
    assert not differ, f"examples/tong-hop differs from tools/make_tong_hop_sample.py: {differ[:5]} (run the script)"


def test_sample_summary_statuses_and_clean_layout(sample_run):
    folder, result, th = sample_run
    status = {t.ky_hieu: t.trang_thai for t in th.truong}
    assert status["THCSDH"] == ("chua_nop",)
    assert status["THCSCK"] == status["THCSKA"] == ("nop_muon",)
    assert status["THCSTV"] == ("da_nop", "da_sua")
    assert sum(1 for t in th.truong if t.bao_cao) == 11
    assert check_document(folder / DOCX) == [] and result.layout == []
    text = "\n".join(p.text for p in Document(folder / DOCX).paragraphs)
    assert "Có 11/12 trường đã gửi báo cáo, trong đó 2 trường gửi sau thời hạn." in text
    assert "Chưa gửi báo cáo: Trường THCS Dân Hòa." in text
    assert "Trường THCS Thanh Văn" in text.split("cần đối chiếu số liệu")[1]
    for annex in ("Phụ lục I", "Phụ lục II", "Phụ lục III"):
        assert annex in text


def test_the_same_inputs_give_the_same_bytes(tmp_path, sample_run):
    folder = office_copy(tmp_path)
    run_in(folder)
    for name in (DOCX, XLSX):
        assert (folder / name).read_bytes() == (sample_run[0] / name).read_bytes(), name


# Every figure recomputed from the school inputs ---------------------------------------------------------

BIEU06 = ("tu_ky_truoc", "truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han", "dang_trong_han", "dang_qua_han")


def expected_pairs(s: dict) -> dict[str, tuple[Fraction, Fraction]]:
    """Returns numerator and denominator of each indicator from one school's raw YAML figures, by plain arithmetic."""
    col = {c: sum(r[c] for r in s["tthc"]) for c in BIEU06}
    resolved = col["truoc_han"] + col["dung_han"] + col["qua_han"]
    b, v = s["boi_duong"], s["van_ban"]
    return {
        "ty_le_hai_long": (s["khao_sat"]["hai_long"], s["khao_sat"]["so_phieu"]),
        "tthc_dung_han": (col["truoc_han"] + col["dung_han"], resolved),
        "tthc_truoc_han": (col["truoc_han"], resolved),
        "tthc_truc_tuyen": (col["truc_tuyen"], col["truc_tuyen"] + col["truc_tiep"]),
        "van_ban_tren_mang": (v["den_tren_mang"] + v["di_tren_mang"], v["den"] + v["di"]),
        "boi_duong_van_hoa": (b["van_hoa_giao_tiep"], b["tong_so"]),
        "boi_duong_ky_nang_so": (b["ky_nang_so"], b["tong_so"]),
        "lanh_dao_quan_triet": (b["lanh_dao_quan_triet"], b["lanh_dao"]),
        "pakn_xu_ly": (s["pakn"]["da_xu_ly"], s["pakn"]["tiep_nhan"]),
        "kien_nghi_thanh_tra": (s["kien_nghi_thanh_tra"]["da_thuc_hien"], s["kien_nghi_thanh_tra"]["tong"]),
        "chuyen_truong": (s["chuyen_truong"]["dung_tien_do"], s["chuyen_truong"]["tong"]),
        "tuyen_truyen_hinh_thuc": (len({h.casefold() for h in s["tuyen_truyen"]["hinh_thuc"]}), 1),
        "tuyen_truyen_tan_suat": (s["tuyen_truyen"]["so_lan"], Fraction(92, 7)),  # 15/6–14/9: 92 days
    }


def shown_percent(num, den) -> float:
    """Half-up to one decimal, as the report shows."""
    return float(int(Fraction(num) * 1000 / Fraction(den) + Fraction(1, 2))) / 10


def test_every_summed_figure_and_indicator_recomputed_from_the_school_inputs(sample_run):
    folder, _result, th = sample_run
    schools = sample_script.school_reports()
    assert len(schools) == 11
    wb = load_workbook(folder / XLSX)
    # Biểu 06 by lĩnh vực, every column summed over the schools
    rows = {}
    for s in schools.values():
        for r in s["so_lieu"]["tthc"]:
            rows.setdefault(r["linh_vuc"], [0] * 8)
            rows[r["linh_vuc"]] = [a + r[c] for a, c in zip(rows[r["linh_vuc"]], BIEU06)]
    sheet = {row[0]: row[1:] for row in wb["Bieu 06"].iter_rows(min_row=2, values_only=True)}
    for name, (before, online, direct, early, on_time, late, pending, overdue) in rows.items():
        # the columns of Thông tư 01/2020/TT-VPCP: (3) total, (4) online, (5) in person, (6) from before, …
        assert sheet[name] == (before + online + direct, online, direct, before, early + on_time + late, early, on_time, late,
                               pending + overdue, pending, overdue), name
    assert sheet["Tổng cộng"] == tuple(sum(v[i] for v in sheet.values() if v is not sheet.get("Tổng cộng")) for i in range(11))
    # each raw count per school, as the So lieu sheet holds it
    head, *data = list(wb["So lieu"].iter_rows(values_only=True))
    for row in data:
        s = schools[row[0]]["so_lieu"]
        for key, value in zip(head[2:], row[2:]):
            group, name = key.split(".")
            if group == "tthc":
                assert value == sum(r[name] for r in s["tthc"]), key
            elif name == "hinh_thuc":
                assert value == "; ".join(s[group][name])
            else:
                assert value == s[group][name], (row[0], key)
    # each school's indicators, and the whole as summed numerators over summed denominators
    pairs = {code: expected_pairs(s["so_lieu"]) for code, s in schools.items()}
    head, *data = list(wb["Chi tieu"].iter_rows(values_only=True))
    for row in data:
        for key, value in zip(head[2::2], row[2::2]):
            chi_so = key.split(" ")[0]
            num, den = pairs[row[0]][chi_so]
            if den == 0:
                assert value is None
            elif chi_so == "tuyen_truyen_hinh_thuc":
                assert value == num
            elif chi_so == "tuyen_truyen_tan_suat":
                assert value == float(int(Fraction(num) * 10 / den + Fraction(1, 2))) / 10
            else:
                assert value == shown_percent(num, den), (row[0], chi_so)
    targets_table = next(t for t in Document(folder / DOCX).tables if t.rows[0].cells[-1].text == "Đánh giá")
    assert len(targets_table.rows) == len(th.targets) + 1 == 14
    averages_differ = []
    for target, table_row in zip(th.targets, targets_table.rows[1:]):
        num = sum(Fraction(p[target.chi_so][0]) for p in pairs.values())
        den = sum(Fraction(p[target.chi_so][1]) for p in pairs.values())
        cells = [c.text for c in table_row.cells]
        value = num / den * (100 if target.chi_so not in ("tuyen_truyen_hinh_thuc", "tuyen_truyen_tan_suat") else 1)
        met = value > target.muc_tieu if target.so_sanh == ">" else value >= target.muc_tieu
        assert cells[4] == ("Đạt" if met else "Chưa đạt"), cells
        if target.chi_so not in ("tuyen_truyen_hinh_thuc", "tuyen_truyen_tan_suat"):
            shown = f"{shown_percent(num, den):g}".replace(".", ",")
            dots = lambda n: f"{int(n):,}".replace(",", ".")  # noqa: E731
            assert cells[3] == f"{shown}% ({dots(num)}/{dots(den)})", cells
            # never the average of the schools' percentages (they differ here, so the test can tell)
            mean = sum(Fraction(p[target.chi_so][0], p[target.chi_so][1]) for p in pairs.values()
                       if p[target.chi_so][1]) / len([p for p in pairs.values() if p[target.chi_so][1]])
            if shown_percent(mean.numerator, mean.denominator) != shown_percent(num, den):
                averages_differ.append(target.chi_so)
    assert len(averages_differ) >= 5, averages_differ


# The workbook --------------------------------------------------------------------------------------------


def test_workbook_sheets_numbers_frozen_headers_widths(sample_run):
    wb = load_workbook(sample_run[0] / XLSX)
    assert wb.sheetnames == ["Tinh hinh nop", "Chi tieu", "Bieu 06", "So lieu"]
    nop = wb["Tinh hinh nop"]
    assert [c.value for c in nop[1]] == ["ky_hieu", "ten", "file", "so", "ngay", "status"]
    assert [r[0] for r in nop.iter_rows(min_row=2, values_only=True)] == [c for c, _t, _d in sample_script.TRUONG]
    assert nop["F13"].value == "chưa nộp" and nop["D2"].data_type == "n" and nop["E2"].is_date
    for ws in wb:
        assert ws.freeze_panes in ("B2", "C2")
        assert all(c.data_type == "n" for row in ws.iter_rows(min_row=2) for c in row
                   if isinstance(c.value, (int, float)))
        for column in ws.iter_cols():
            longest = max(len(str(c.value)) for c in column if c.value is not None and not c.is_date)
            assert ws.column_dimensions[column[0].column_letter].width >= min(longest, 58)


# The office's workspace ----------------------------------------------------------------------------------


def run_cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    from generator.cli import main

    monkeypatch.setattr("sys.argv", ["cchc-docs", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    out = capsys.readouterr()
    return exit_.value.code, out.out, out.err


def test_init_tong_hop_makes_a_workspace_that_validate_status_and_tong_hop_accept(tmp_path, monkeypatch, capsys):
    def cli(*args):
        return run_cli(monkeypatch, capsys, *args)

    code, out, _err = cli("init", "--tong-hop", str(tmp_path / "phong"), "--year", "2026")
    assert code == 0
    for path in ("inputs/don-vi.yaml", "inputs/truong.yaml", "inputs/2026/ke-hoach.yaml", "inputs/2026/tong-hop-q1.yaml",
                 "templates/tong-hop.docx", "nop/2026/q1", "nop/2026/q3", "outputs"):
        assert (tmp_path / "phong" / path).exists(), path
    monkeypatch.chdir(tmp_path / "phong")
    code, out, err = cli("validate")
    assert code == 1 and "inputs/truong.yaml:4:5" in err and "chưa điền" in err  # no placeholder reaches a signed report
    code, out, err = cli("status", "--today", "2026-03-05")
    assert code == 0 and "q1   hạn các trường nộp 01/03/2026" in out and "0 đã nộp" in out
    code, out, err = cli("tong-hop", "q1")
    assert code == 1 and "--draft" in err
    code, out, err = cli("tong-hop", "q1", "--draft")
    assert code == 0, err
    assert "không tìm thấy báo cáo nào của các trường" in err
    assert (tmp_path / "phong" / "outputs" / "2026" / "TH-CCHC-Q1-2026-PGDDT.xlsx").is_file()


def test_tong_hop_in_a_school_workspace_says_what_to_do(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "inputs", tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run_cli(monkeypatch, capsys, "tong-hop", "q3")
    assert code == 1
    assert "inputs/truong.yaml: không tìm thấy tệp" in err and "cchc-docs init --tong-hop" in err
    assert not (tmp_path / "outputs").exists()
    code, _out, err = run_cli(monkeypatch, capsys, "tong-hop", "ke-hoach")
    assert code == 2 and "q1, q2, q3, q4" in err


def test_a_report_outside_the_roster_counts_and_is_listed(tmp_path):
    folder = office_copy(tmp_path)
    roster = folder / "inputs" / "truong.yaml"
    roster.write_text(roster.read_text(encoding="utf-8").replace("  - {ky_hieu: THCSKA, ten: Trường THCS Kim An}\n", ""),
                      encoding="utf-8")
    result, th = run_in(folder)
    row = next(t for t in th.truong if t.ky_hieu == "THCSKA")
    assert row.trang_thai[0] == "ngoai_danh_sach" and th.truong[-1] is row
    assert sum(1 for t in th.truong if t.bao_cao) == 11
    assert any("THCSKA" in str(w) and "truong.yaml" in str(w) for w in result.warnings)


# Hostile and wrong files ---------------------------------------------------------------------------------


def rewrite(source: Path, target: Path, change) -> None:
    """Writes a copy of the .docx ``source`` with ``change(name, bytes)`` applied to each member."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, change(info.filename, z.read(info.filename)))


def data_part_change(old: bytes, new: bytes):
    return lambda name, data: data.replace(old, new) if re.fullmatch(r"customXml/item\d+\.xml", name) else data


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
          + b']><bao_cao xmlns="urn:cchc-docs:bao-cao:1">&lol9;</bao_cao>')


def hostile_cases(folder: Path) -> dict[str, tuple[Path, str]]:
    """Adds a hostile or wrong file for each case to the received folder; returns case → (file, expected message part)."""
    received = folder / "nop" / "2023" / "q3"
    school = received / "BC-CCHC-Q3-2023-THCSBM.docx"
    odd = received / "la"
    odd.mkdir()
    cases = {}

    def add(case, name, expected):
        cases[case] = (odd / name, expected)
        return odd / name

    with zipfile.ZipFile(add("zip bomb (1 GB of zeros in the data part)", "bom.docx", "zip bomb"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        with z.open("customXml/item1.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 24)
            for _ in range(64):
                f.write(chunk)
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("customXml/item1.xml", b"\0" * (64 << 20))
    data = bytearray(lying.getvalue())
    for header, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # declare 1 KB in both headers
        at = data.find(header, data.find(b"customXml/item1.xml") - 46 if header == b"PK\x03\x04" else data.rfind(header))
        struct.pack_into("<I", data, at + size_at, 1024)
    add("zip bomb declaring 1 KB for 64 MB", "bom-noi-doi.docx", "hỏng").write_bytes(bytes(data))
    rewrite(school, add("billion laughs in the data part", "laughs.docx", "DTD"),
            lambda name, data: LAUGHS if re.fullmatch(r"customXml/item\d+\.xml", name) and b"urn:cchc-docs" in data else data)
    rewrite(school, add("entities in the document text", "entity-text.docx", "DTD"),
            lambda name, data: data.replace(b"<w:document ", b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ', 1)
            if name == "word/document.xml" else data)
    with add("200 MB attachment", "lon.docx", "200").open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk used
    add("renamed PDF", "scan.docx", "PDF").write_bytes(b"%PDF-1.7\n" + b"x" * 2000)
    add("a PDF", "bao-cao.pdf", ".docx").write_bytes(b"%PDF-1.7\n")
    add("a damaged .docx (cut short)", "cut.docx", "").write_bytes(school.read_bytes()[:3000])
    Document().save(add("a .docx not made by cchc-docs", "word.docx", "cchc-docs"))
    shutil.copyfile(school, add("the same report twice", "BC-CCHC-Q3-2023-THCSBM (1).docx", "THCSBM"))
    rewrite(school, add("a report of another period", "q2.docx", "q2"), data_part_change(b'ky="q3"', b'ky="q2"'))
    rewrite(school, add("damaged counts in the data part", "so-lieu.docx", "so_lieu"),
            data_part_change(b'so_phieu="', b'so_phieu="-'))
    return cases


@pytest.mark.slow
def test_hostile_and_wrong_files_are_left_out_with_a_warning_naming_them(tmp_path, sample_run):
    import time

    folder = office_copy(tmp_path)
    cases = hostile_cases(folder)
    start = time.perf_counter()
    result, th = run_in(folder)
    assert time.perf_counter() - start < 30
    warnings = [str(w) for w in result.warnings]
    for case, (path, expected) in cases.items():
        said = [w for w in warnings if str(path) in w]
        assert said and expected in said[0], (case, said)
    assert sum(1 for t in th.truong if t.bao_cao) == 11
    assert (folder / DOCX).is_file() and (folder / XLSX).is_file()
    # the hostile files changed nothing: the figures are the sample's
    assert load_workbook(folder / XLSX)["Bieu 06"]["B2"].value == load_workbook(sample_run[0] / XLSX)["Bieu 06"]["B2"].value


def test_a_report_built_by_build_carries_its_data(built):
    from generator.datapart import NAMESPACE
    from generator.receive import read_report

    received = read_report(built["q3"])
    assert received.data["don_vi"]["ky_hieu"] == "THCSBM" and received.data["ky"]["ky"] == "q3"
    assert received.data["so_lieu"]["khao_sat"] == {"so_phieu": 150, "hai_long": 141}
    assert not received.edited
    with zipfile.ZipFile(built["q3"]) as z:
        props = [z.read(n) for n in z.namelist() if n.startswith("customXml/itemProps")]
    assert any(NAMESPACE.encode() in p for p in props)


@pytest.mark.slow
def test_libreoffice_keeps_the_data_part_and_the_text_hash(built, tmp_path):
    import subprocess

    from conftest import soffice_or_skip
    from generator.receive import read_report

    exe = soffice_or_skip()
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(tmp_path / "resaved"), str(built["q3"])], check=True, capture_output=True, timeout=240)
    resaved = read_report(tmp_path / "resaved" / built["q3"].name)
    assert resaved.data == read_report(built["q3"]).data
    assert not resaved.edited


def test_the_data_part_adds_no_open_xml_schema_finding(built):
    """openxml-audit (when installed) finds nothing in our parts; findings elsewhere belong to the templates."""
    import json
    import subprocess

    exe = shutil.which("openxml-audit")
    if exe is None:
        pytest.skip("openxml-audit is not installed")
    out = subprocess.run([exe, "-o", "json", "-m", "0", str(built["q3"])], capture_output=True, text=True, timeout=120).stdout
    report = json.loads(out)[0]
    assert report["file"] == str(built["q3"])
    assert [f for f in report["errors"] if f["type"] == "schema" and f["part_uri"].startswith("/customXml/")] == []
