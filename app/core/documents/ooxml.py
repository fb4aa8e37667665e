"""The WordprocessingML python-docx has no API for (pure): borders, fields, fixed table widths, and the
template's leftovers. ``app.core.documents.nd30`` lays documents out with them."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph


def child(element: object, tag: str, **attrs: str) -> object:
    """Adds (or finds) child ``tag`` of ``element`` and sets ``attrs`` (as ``w:`` attributes)."""
    found = element.find(qn(tag))  # type: ignore[attr-defined]
    if found is None:
        found = OxmlElement(tag)
        element.append(found)  # type: ignore[attr-defined]
    for name, value in attrs.items():
        found.set(qn(f"w:{name}"), value)
    return found


def border(paragraph: Paragraph, side: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = child(p_pr, "w:pBdr")
    child(borders, f"w:{side}", val="single", sz="6", space="1", color="000000")


def field(paragraph: Paragraph, instruction: str, size_pt: int) -> None:
    """A simple field (``PAGE``) whose shown value Word and LibreOffice compute; "1" until they do."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")  # before the text, as the schema orders a run's children
    child(r_pr, "w:sz", val=str(size_pt * 2))
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


# Parts python-docx's template carries that would speak for it: a thumbnail of another document, and
# Word 2010's copy of the styles (in en-US), which Word 2010 would read instead of ours.
_TEMPLATE_LEFTOVERS = ("/thumbnail", "/stylesWithEffects")


def drop_template_leftovers(doc: DocxDocument) -> None:
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(_TEMPLATE_LEFTOVERS):
                del rels[r_id]


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = child(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        child(borders, f"w:{side}", val="nil")


def widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths: the grid, the table, and every cell (Word reads the cells, LibreOffice the
    grid)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    child(tbl_pr, "w:tblW", w=str(int(Mm(sum(widths_mm)).twips)), type="dxa")
    child(tbl_pr, "w:tblLayout", type="fixed")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        grid_col.w = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
