"""The one way the program adds an element to WordprocessingML: at its place in the schema's sequence.

Word reads an element out of its schema order as damage: it drops it without a
word (a border, a run property) or asks the reader to "recover" the document.
LibreOffice forgives both, so an error here shows only in Word. Every element
the templates or the rendering add goes through :func:`get_or_add`, which finds
the child or inserts it before the first sibling that the schema puts after it
(python-docx's ``insert_element_before``).

The sequences are those of the ECMA-376 transitional schema (Office 2016+), for
the parents we write into.
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SEQUENCES = {
    "w:rPr": (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
        "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
        "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    ),
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
        "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
        "w:sectPr", "w:pPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
        "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
        "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
    ),
    # trPr is a choice in the schema; one fixed order keeps the output stable.
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange"),
    "w:sectPr": (
        "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
        "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
        "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
    ),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:tblBorders": ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH", "w:insideV"),
    "w:tblCellMar": ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"),
}
SEQUENCES_BY_TAG = {qn(parent): tuple(qn(t) for t in tags) for parent, tags in SEQUENCES.items()}


def get_or_add(parent, tag: str):
    """Returns the first child ``tag`` ("w:sz") of ``parent``, added at its schema place when there is none.

    Raises ValueError for a parent or a child this module has no sequence for:
    an element added blind is exactly what it exists to prevent.
    """
    sequence = SEQUENCES_BY_TAG.get(parent.tag)
    wanted = qn(tag)
    if sequence is None or wanted not in sequence:
        raise ValueError(f"no schema sequence for {tag!r} in {parent.tag!r}")
    found = parent.find(wanted)
    if found is not None:
        return found
    element = OxmlElement(tag)
    after = set(sequence[sequence.index(wanted) + 1:])
    successor = next((c for c in parent.iterchildren() if c.tag in after), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        parent.append(element)
    return element
