"""Build examples/tong-hop/: an office's workspace with 12 schools and the Q3 2023 reports they sent.

Each school's report is made the way a school makes it: its own inputs (the
repository's sample Q3 report with the school's names and its own figures,
varied from a fixed seed within the magnitudes of spec/inputs.md), then
`cchc-docs build q3`. Then what happens in a real quarter: two schools send
after the office's deadline, one does not send, one edits its report in Word
after building it. tests/test_tong_hop.py checks that the committed sample is
what this script makes.

Usage: python tools/make_tong_hop_sample.py [OUT_DIR]
"""
from __future__ import annotations

import io
import random
import shutil
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "examples" / "tong-hop"
SEED = 2023
TRUONG = [  # ky_hieu, ten, địa danh
    ("THCSBM", "Trường THCS Bình Minh", "Bình Minh"),
    ("THCSTH", "Trường THCS Tam Hưng", "Tam Hưng"),
    ("THCSTC", "Trường THCS Thanh Cao", "Thanh Cao"),
    ("THCSCK", "Trường THCS Cự Khê", "Cự Khê"),
    ("THCSBH", "Trường THCS Bích Hòa", "Bích Hòa"),
    ("THCSCV", "Trường THCS Cao Viên", "Cao Viên"),
    ("THCSTT", "Trường THCS Thanh Thùy", "Thanh Thùy"),
    ("THCSTV", "Trường THCS Thanh Văn", "Thanh Văn"),
    ("THCSDD", "Trường THCS Đỗ Động", "Đỗ Động"),
    ("THCSKA", "Trường THCS Kim An", "Kim An"),
    ("THCSPT", "Trường THCS Phương Trung", "Phương Trung"),
    ("THCSDH", "Trường THCS Dân Hòa", "Dân Hòa"),
]
LATE = {"THCSCK": date(2023, 9, 6), "THCSKA": date(2023, 9, 11)}
MISSING = "THCSDH"
EDITED = "THCSTV"
IN_SUBFOLDER = {"THCSTT", "THCSPT"}  # saved from a second e-mail into its own folder
LINH_VUC = [
    "Chuyển trường đối với học sinh trung học cơ sở",
    "Miễn, giảm học phí, hỗ trợ chi phí học tập",
    "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    "Xét tuyển sinh vào lớp 6",
]
HINH_THUC = ["Hội nghị", "Trang thông tin điện tử", "Bảng tin", "Zalo", "Họp cha mẹ học sinh", "Loa phát thanh", "Pano, áp phích"]


def figures(rng: random.Random) -> dict:
    """Returns one school's Q3 figures, within the magnitudes of spec/inputs.md, every rule of validation kept."""
    rows = []
    for linh_vuc in rng.sample(LINH_VUC, rng.randint(1, 3)):
        online, direct = rng.randint(0, 9), rng.randint(0, 4)
        before = rng.choice([0, 0, 0, 1])
        total = before + online + direct
        pending = rng.choice([0, 0, 0, 1]) if total else 0
        late = 1 if total - pending > 2 and rng.random() < 0.1 else 0
        early = rng.randint(0, total - pending - late)
        rows.append({"linh_vuc": linh_vuc, "tu_ky_truoc": before, "truc_tuyen": online, "truc_tiep": direct,
                     "truoc_han": early, "dung_han": total - pending - late - early, "qua_han": late,
                     "dang_trong_han": pending, "dang_qua_han": 0})
    forms = rng.randint(50, 200)
    den, di = rng.randint(120, 300), rng.randint(30, 90)
    staff = rng.randint(35, 70)
    leaders = rng.randint(2, 4)
    pakn = rng.randint(0, 2)
    conclusions = rng.choice([0, 0, 2, 3, 5])
    transfers = rng.randint(3, 15)
    return {
        "tthc": rows,
        "khao_sat": {"so_phieu": forms, "hai_long": round(forms * rng.uniform(0.88, 1.0))},
        "van_ban": {"den": den, "den_tren_mang": round(den * rng.uniform(0.8, 1.0)), "di": di,
                    "di_tren_mang": round(di * rng.uniform(0.75, 1.0))},
        "pakn": {"tiep_nhan": pakn, "da_xu_ly": pakn - (1 if pakn and rng.random() < 0.2 else 0)},
        "kien_nghi_thanh_tra": {"tong": conclusions, "da_thuc_hien": max(0, conclusions - rng.choice([0, 0, 1]))},
        "chuyen_truong": {"tong": transfers, "dung_tien_do": transfers - rng.choice([0, 0, 0, 1])},
        "tuyen_truyen": {"hinh_thuc": rng.sample(HINH_THUC, rng.randint(3, 6)), "so_lan": rng.randint(8, 20)},
        "boi_duong": {"tong_so": staff, "van_hoa_giao_tiep": staff - rng.choice([0, 0, 1, 2]),
                      "ky_nang_so": round(staff * rng.uniform(0.2, 0.5)), "lanh_dao": leaders, "lanh_dao_quan_triet": leaders},
    }


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def _load(path: Path):
    return _yaml().load(path.read_text(encoding="utf-8"))


def _dump(data, path: Path) -> None:
    out = io.StringIO()
    _yaml().dump(data, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")


HIEU_TRUONG = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Đỗ Thị Hoa",
               "Vũ Văn Hải", "Bùi Thị Lan"]


def school_reports() -> dict[str, dict]:
    """Returns what each school that sends puts in its Q3 report (number, date, signer, figures), from the fixed seed."""
    rng = random.Random(SEED)
    reports = {}
    for code, _ten, _dia_danh in TRUONG:
        school = random.Random(rng.random())
        reports[code] = {"ho_ten": school.choice(HIEU_TRUONG), "so": school.randint(18, 40),
                         "ngay": LATE.get(code, date(2023, 8, school.randint(24, 31))), "so_lieu": figures(school)}
    del reports[MISSING]
    return reports


def school_inputs(folder: Path, code: str, ten: str, dia_danh: str, plan: dict) -> None:
    """Writes a school's workspace inputs: the repository sample's, with the school's names, number, date and figures."""
    sample = REPO / "inputs"
    don_vi = _load(sample / "don-vi.yaml")
    don_vi.update(ten_don_vi=ten.upper(), ten_goi=ten, ky_hieu=code, dia_danh=dia_danh)
    don_vi["nguoi_ky"]["hieu_truong"]["ho_ten"] = plan["ho_ten"]
    _dump(don_vi, folder / "don-vi.yaml")
    ke_hoach = _load(sample / "2023" / "ke-hoach.yaml")
    del ke_hoach["van_ban"]
    _dump(ke_hoach, folder / "2023" / "ke-hoach.yaml")
    report = _load(sample / "2023" / "q3.yaml")
    report.update(so=plan["so"], ngay=plan["ngay"], so_lieu=plan["so_lieu"])
    text = io.StringIO()
    _yaml().dump(report, text)
    (folder / "2023").mkdir(parents=True, exist_ok=True)
    (folder / "2023" / "q3.yaml").write_text(text.getvalue().replace("THCSBM", code), encoding="utf-8")


def edit_in_word(path: Path) -> None:
    """Changes a sentence of a built report as a clerk editing in Word would, keeping its data part (as Word does)."""
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "word/document.xml":
                data = data.replace("Ban Giám hiệu".encode(), "Ban Giám hiệu nhà trường".encode(), 1)
            z.writestr(info, data)
    path.write_bytes(out.getvalue())


OFFICE = {
    "don-vi.yaml": """\
# Thông tin về cơ quan tổng hợp: dùng cho phần đầu văn bản, chữ ký và nơi nhận.
co_quan_chu_quan: UBND HUYỆN THANH OAI          # cơ quan chủ quản (dòng trên, không in đậm)
ten_don_vi: PHÒNG GIÁO DỤC VÀ ĐÀO TẠO            # cơ quan ban hành văn bản (in hoa, đậm)
ten_goi: Phòng Giáo dục và Đào tạo huyện Thanh Oai   # tên cơ quan khi viết trong câu văn
ky_hieu: PGDĐT                                   # chữ viết tắt trong số ký hiệu, ví dụ "Số: 15/BC-PGDĐT"
dia_danh: Thanh Oai                              # địa danh ở dòng ngày tháng
kinh_gui: Ủy ban nhân dân huyện Thanh Oai        # dòng "Kính gửi:" của báo cáo
nguoi_ky:                                        # những người được ký văn bản
  truong_phong: {chuc_vu: Trưởng phòng, ho_ten: Nguyễn Thị Thu Hà}
  pho_truong_phong: {chuc_vu: Phó Trưởng phòng, ho_ten: Lê Minh Đức, ky_thay: Trưởng phòng}
nguoi_ky_mac_dinh: truong_phong                  # người ký khi báo cáo không ghi nguoi_ky
noi_nhan_bao_cao:                                # nơi nhận của báo cáo, theo thứ tự
  - UBND huyện (để b/c)
  - Phòng Nội vụ huyện
  - Các trường THCS
  - Lưu: VT
email_nhan: cchc@thanhoai.example.gov.vn         # địa chỉ nhận báo cáo qua thư điện tử
""",
    "2023/ke-hoach.yaml": """\
# Kế hoạch CCHC năm 2023 của Phòng: chỉ tiêu, hạn gửi báo cáo của Phòng và hạn nộp của các trường.
so: 73                                   # số của Kế hoạch → "Số: 73/KH-PGDĐT"
ngay: 2023-02-06                         # ngày ban hành Kế hoạch
trich_yeu: Cải cách hành chính nhà nước ngành Giáo dục và Đào tạo năm 2023
chi_tieu:                                # chỉ tiêu tính từ số liệu các trường gửi (mỗi chỉ tiêu cần chi_so)
  - ma: hai_long
    noi_dung: Mức độ hài lòng của người dân về giải quyết TTHC của ngành GDĐT
    chi_so: ty_le_hai_long
    muc_tieu: 86
    so_sanh: ">"
  - ma: tthc_dung_han
    noi_dung: Tỷ lệ TTHC được giải quyết và trả kết quả đúng hạn
    chi_so: tthc_dung_han
    muc_tieu: 100
  - ma: tthc_truoc_han
    noi_dung: Tỷ lệ TTHC được trả kết quả trước hạn
    chi_so: tthc_truoc_han
    muc_tieu: 50
  - ma: tthc_truc_tuyen
    noi_dung: Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến
    chi_so: tthc_truc_tuyen
    muc_tieu: 70
  - ma: van_ban_tren_mang
    noi_dung: Tỷ lệ văn bản được xử lý trên môi trường mạng
    chi_so: van_ban_tren_mang
    muc_tieu: 80
  - ma: boi_duong_van_hoa
    noi_dung: CB, CC, VC được bồi dưỡng về văn hóa giao tiếp, ứng xử
    chi_so: boi_duong_van_hoa
    muc_tieu: 100
  - ma: boi_duong_ky_nang_so
    noi_dung: CB, CC, VC được tập huấn kỹ năng số
    chi_so: boi_duong_ky_nang_so
    muc_tieu: 30
  - ma: lanh_dao_quan_triet
    noi_dung: Lãnh đạo các trường được quán triệt về công tác CCHC
    chi_so: lanh_dao_quan_triet
    muc_tieu: 100
  - ma: pakn
    noi_dung: Phản ánh, kiến nghị được xử lý kịp thời
    chi_so: pakn_xu_ly
    muc_tieu: 100
  - ma: kien_nghi_thanh_tra
    noi_dung: Kết luận sau thanh tra được thực hiện
    chi_so: kien_nghi_thanh_tra
    muc_tieu: 90
  - ma: chuyen_truong
    noi_dung: Hồ sơ chuyển trường trên CSDL ngành được giải quyết đúng tiến độ
    chi_so: chuyen_truong
    muc_tieu: 100
  - ma: tuyen_truyen_hinh_thuc
    noi_dung: Số hình thức tuyên truyền về CCHC của mỗi trường
    chi_so: tuyen_truyen_hinh_thuc
    muc_tieu: 5
  - ma: tuyen_truyen_tan_suat
    noi_dung: Tần suất tuyên truyền về CCHC của mỗi trường
    chi_so: tuyen_truyen_tan_suat
    muc_tieu: 1
bao_cao:                                 # hạn Phòng gửi báo cáo lên UBND huyện
  q1: 2023-03-10
  q2: 2023-06-10
  q3: 2023-09-10
  nam: 2023-12-10
han_truong_nop:                          # hạn các trường gửi báo cáo về Phòng
  q1: 2023-03-01
  q2: 2023-06-01
  q3: 2023-09-01
  q4: 2023-12-01
  nam: 2023-12-01
noi_nhan: [UBND huyện (để b/c), Các trường (để thực hiện), Lưu: VT]
""",
    "2023/tong-hop-q3.yaml": """\
# Báo cáo tổng hợp CCHC quý III năm 2023 của Phòng. Số liệu lấy từ báo cáo các trường gửi (thư mục nop/2023/q3).
so: 15                                   # số của báo cáo → "Số: 15/BC-PGDĐT"
ngay: 2023-09-08                         # ngày của báo cáo
nguoi_ky: truong_phong                   # người ký (theo don-vi.yaml)
chi_dao_dieu_hanh:
  - Phòng GDĐT ban hành văn bản hướng dẫn các trường triển khai nhiệm vụ CCHC quý III; tổ chức kiểm tra công tác CCHC tại 04 trường THCS.
ket_qua:
  the_che:
    - Các trường rà soát, cập nhật quy chế nội bộ, quy chế chi tiêu nội bộ, quy chế dân chủ cơ sở theo quy định mới.
  tthc:
    - Các trường niêm yết công khai TTHC đúng quy định; tiếp tục hướng dẫn cha mẹ học sinh nộp hồ sơ trực tuyến trên Cổng dịch vụ công.
  bo_may:
    - Các trường kiện toàn tổ chuyên môn, tổ văn phòng cho năm học 2023-2024.
  cong_vu:
    - Thực hiện nghiêm kỷ luật, kỷ cương hành chính; đánh giá, xếp loại viên chức hằng tháng gắn với kết quả CCHC.
  tai_chinh:
    - Các trường thực hiện công khai tài chính, quyết toán kinh phí đúng quy định.
  chinh_quyen_so:
    - 100% trường sử dụng phần mềm quản lý văn bản và hồ sơ công việc; triển khai học bạ số ở cấp THCS.
danh_gia:
  uu_diem:
    - Các trường triển khai đầy đủ nhiệm vụ CCHC; tỷ lệ xử lý văn bản trên môi trường mạng cao.
  ton_tai:
    - Một số trường gửi báo cáo chậm so với thời hạn; tỷ lệ hồ sơ trực tuyến ở một số trường còn thấp.
  nguyen_nhan:
    - Cha mẹ học sinh còn quen nộp hồ sơ trực tiếp; một số trường chưa phân công người theo dõi, tổng hợp số liệu.
phuong_huong:
  - Đôn đốc các trường gửi báo cáo đúng hạn; đẩy mạnh tiếp nhận hồ sơ trực tuyến trong đợt chuyển trường đầu năm học.
kien_nghi: []
""",
}


def roster_yaml() -> str:
    lines = ["# Danh sách các trường gửi báo cáo về Phòng, theo thứ tự Phòng liệt kê.", "truong:"]
    return "\n".join(lines + [f"  - {{ky_hieu: {code}, ten: {ten}}}" for code, ten, _d in TRUONG]) + "\n"


def main(out_dir=OUT) -> None:
    from generator.pipeline import Options, build

    out_dir = Path(out_dir)
    for sub in ("inputs", "nop", "outputs"):
        shutil.rmtree(out_dir / sub, ignore_errors=True)
    for name, text in OFFICE.items():
        (out_dir / "inputs" / name).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / "inputs" / name).write_text(text, encoding="utf-8")
    (out_dir / "inputs" / "truong.yaml").write_text(roster_yaml(), encoding="utf-8")
    received = out_dir / "nop" / "2023" / "q3"
    reports = school_reports()
    with tempfile.TemporaryDirectory() as tmp:
        for code, ten, dia_danh in TRUONG:
            if code not in reports:
                continue
            work = Path(tmp) / code
            school_inputs(work / "inputs", code, ten, dia_danh, reports[code])
            built = build("q3", Options(inputs=work / "inputs", templates=REPO / "templates", outputs=work / "outputs"))
            target = received / ("email-2" if code in IN_SUBFOLDER else "") / built.written[0].name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built.written[0], target)
            if code == EDITED:
                edit_in_word(target)


if __name__ == "__main__":
    main(*sys.argv[1:])
