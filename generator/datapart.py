"""The data a report carries inside its .docx: a Custom XML part in the namespace ``urn:cchc-docs:bao-cao:1``.

Both sides of the contract of spec/tong-hop.md live here: :func:`report_data`
and :meth:`DataPart.attach` write the part when ``build`` renders a report;
:func:`read_data` and :func:`visible_text` read it back when ``tong-hop``
receives the report. The part holds values only (attributes and text, never
markup to interpret), and is always parsed with :func:`parse_xml`.

Security boundary (the reading side): a received file is untrusted. XML is
parsed without DTDs, entities or network access, and any document that
declares a DTD or an entity is refused before parsing; the caller
(:mod:`generator.receive`) bounds the size of what reaches the parser.
"""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from fractions import Fraction

from generator import __version__
from generator.models import CONTROL_CHARS

NAMESPACE = "urn:cchc-docs:bao-cao:1"
ITEM_CONTENT_TYPE = "application/xml"
PROPS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GUID_NAMESPACE = uuid.UUID("5b0d3c61-5bd6-4f4e-9d43-7a3a0c5f2a11")
"""Seeds the itemID of the part: derived from its content, so that equal builds stay byte-identical."""

COUNT_GROUPS = ("khao_sat", "van_ban", "pakn", "kien_nghi_thanh_tra", "chuyen_truong", "boi_duong")
BIEU06_COUNTS = ("tu_ky_truoc", "truc_tuyen", "truc_tiep", "truoc_han", "dung_han", "qua_han", "dang_trong_han", "dang_qua_han")


class UnsafeXml(ValueError):
    """The XML declares a DTD or an entity, or cannot be parsed: it is refused, never expanded."""


def parse_xml(data: bytes):
    """Returns the root element of ``data``, parsed with no DTD, no entity and no network; raises UnsafeXml.

    A DOCTYPE or ENTITY declaration is refused outright (a "billion laughs"
    document never reaches the parser); lxml's own limits on depth and text
    size stay on (huge_tree off).
    """
    from lxml import etree

    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UnsafeXml("DTD or entity declaration")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml(str(exc)) from None


def visible_text(body) -> str:
    """Returns the text a reader sees in a document body: each non-empty paragraph, spaces collapsed, one a line.

    Tables are read in document order. Run boundaries, formatting and empty
    paragraphs do not count, so Word re-saving an unchanged document keeps it.
    """
    return "\n".join(visible_lines(body))


def visible_lines(body):
    """Yields the line :func:`visible_text` has of each paragraph with text."""
    return (line for p in body.iter(f"{{{W}}}p") if (line := paragraph_line(p)))


def paragraph_line(p) -> str:
    """Returns the text of one paragraph as :func:`visible_text` counts it: its w:t joined, spaces collapsed ("" if none)."""
    return " ".join("".join(p.itertext(f"{{{W}}}t", with_tail=False)).split())


def text_hash(body) -> str:
    """Returns the SHA-256 (hex) of :func:`visible_text`."""
    return hash_of_lines(visible_lines(body))


def hash_of_lines(lines) -> str:
    """Returns the SHA-256 (hex) of the visible text made of ``lines`` (one a line, UTF-8), as :func:`text_hash`."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _clean(value) -> str:
    """Returns ``value`` as text XML can hold: control characters (warned about at validation) left out."""
    return str(value) if type(value) is int else CONTROL_CHARS.sub("", str(value))  # a count has none


def _number(value: Fraction) -> str:
    """Returns an exact number: "141", or "92/7" for the weeks of a window."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class DataPart:
    """The data of one report, ready to be attached to its rendered document."""

    don_vi: dict
    ky: dict
    so_lieu: dict | None
    chi_tieu: list[dict]

    def xml(self, sha256: str) -> bytes:
        """Returns the content of customXml/item*.xml, the hash of the visible text included."""
        from lxml import etree

        def el(parent, tag, attrs=None, text=None):
            # the attributes in one call: a Biểu 06 of 10,000 rows has 90,000 of them
            attrib = {k: _clean(v) for k, v in (attrs or {}).items() if v is not None}
            child = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attrib) if parent is not None else etree.Element(
                f"{{{NAMESPACE}}}{tag}", attrib, nsmap={None: NAMESPACE})
            if text is not None:
                child.text = _clean(text)
            return child

        root = el(None, "bao_cao", {"phien_ban": __version__})
        el(root, "don_vi", self.don_vi)
        el(root, "ky", self.ky)
        if self.so_lieu is not None:
            figures = el(root, "so_lieu")
            tthc = el(figures, "tthc")
            for row in self.so_lieu["tthc"]:
                el(tthc, "dong", row)
            for group in COUNT_GROUPS[:5]:
                el(figures, group, self.so_lieu[group])
            tt = self.so_lieu["tuyen_truyen"]
            forms = el(figures, "tuyen_truyen", {"so_lan": tt["so_lan"]})
            for form in tt["hinh_thuc"]:
                el(forms, "hinh_thuc", text=form)
            el(figures, "boi_duong", self.so_lieu["boi_duong"])
        targets = el(root, "chi_tieu")
        for item in self.chi_tieu:
            el(targets, "muc", item)
        el(root, "van_ban", {"sha256": sha256})
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def attach(self, document, sha256: str) -> None:
        """Adds the part (and its itemProps part) to a rendered python-docx Document, related from the main part.

        ``sha256`` is the :func:`text_hash` of the document as it will be
        written. The itemID is derived from the content, so that the same
        report gives the same bytes.
        """
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        main = document.part
        content = self.xml(sha256)
        item_name = main.package.next_partname("/customXml/item%d.xml")
        number = item_name[len("/customXml/item"):-len(".xml")]
        item_id = "{" + str(uuid.uuid5(GUID_NAMESPACE, hashlib.sha256(content).hexdigest())).upper() + "}"
        props = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ds:datastoreItem ds:itemID="{item_id}" '
            f'xmlns:ds="{DS}"><ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
        ).encode("utf-8")
        item = Part(PackURI(item_name), ITEM_CONTENT_TYPE, content, main.package)
        item.relate_to(Part(PackURI(f"/customXml/itemProps{number}.xml"), PROPS_CONTENT_TYPE, props, main.package),
                       RT.CUSTOM_XML_PROPS)
        main.relate_to(item, RT.CUSTOM_XML)


def computed_data(c, don_vi) -> DataPart:
    """Returns the data part of a computed report (a :class:`generator.compute.Computed`): who, which period,
    the raw figures it shows and each target of the plan with its value and assessment."""
    targets = []
    for r in c.ket_qua_chi_tieu:
        t = r.chi_tieu
        item = {"ma": t.ma, "noi_dung": t.noi_dung, "chi_so": t.chi_so, "muc_tieu": t.muc_tieu, "so_sanh": t.so_sanh,
                "danh_gia": r.danh_gia}
        if r.indicator is not None:
            item.update(tu_so=_number(r.indicator.tu_so), mau_so=_number(r.indicator.mau_so))
        if r.thu_cong is not None:
            item["ket_qua"] = r.thu_cong.ket_qua
        targets.append(item)
    return DataPart(
        {"ten_don_vi": don_vi.ten_don_vi, "ten_goi": don_vi.ten_goi, "ky_hieu": don_vi.ky_hieu},
        {"ky": c.period, "nam": c.year, "tu_ngay": c.tu_ngay.isoformat(), "den_ngay": c.den_ngay.isoformat(),
         "so": c.report.so, "ngay": c.report.ngay.isoformat()},
        c.figures.model_dump() if c.figures is not None else None,
        targets,
    )


def _ints(attrs: dict, text_keys=()) -> dict:
    """Returns attributes with counts as int; a count that is not digits stays text, for validation to refuse."""
    return {k: (int(v) if k not in text_keys and v.isascii() and v.isdigit() else v) for k, v in attrs.items()}


def read_data(root) -> dict | None:
    """Returns the plain data of a parsed data part (the shape of :func:`report_data`), or None if it is not ours.

    Values are as found; validation (:mod:`generator.models`) decides whether they make a report.
    """
    if root.tag != f"{{{NAMESPACE}}}bao_cao":
        return None

    def find(parent, tag):
        return parent.find(f"{{{NAMESPACE}}}{tag}") if parent is not None else None

    def attrs(el) -> dict:
        return dict(el.attrib) if el is not None else {}

    data: dict = {"phien_ban": root.get("phien_ban"), "don_vi": attrs(find(root, "don_vi")),
                  "ky": attrs(find(root, "ky")), "sha256": attrs(find(root, "van_ban")).get("sha256")}
    figures = find(root, "so_lieu")
    if figures is not None:
        tthc = find(figures, "tthc")
        rows = [_ints(dict(r.attrib), ("linh_vuc",)) for r in (tthc.iterfind(f"{{{NAMESPACE}}}dong") if tthc is not None else [])]
        so_lieu: dict = {"tthc": rows}
        for group in COUNT_GROUPS:
            if find(figures, group) is not None:
                so_lieu[group] = _ints(attrs(find(figures, group)))
        tt = find(figures, "tuyen_truyen")
        if tt is not None:
            so_lieu["tuyen_truyen"] = {**_ints(attrs(tt)), "hinh_thuc": [h.text or "" for h in tt.iterfind(f"{{{NAMESPACE}}}hinh_thuc")]}
        data["so_lieu"] = so_lieu
    targets = find(root, "chi_tieu")
    data["chi_tieu"] = [dict(m.attrib) for m in targets.iterfind(f"{{{NAMESPACE}}}muc")] if targets is not None else []
    return data
