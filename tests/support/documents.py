"""Documents the API serves, read back the way a person reads them."""

from __future__ import annotations

import re
from io import BytesIO

import docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Read:
    """What a person reading the minutes sees: the paragraphs, and the candidates' table as rows."""

    def __init__(self, content: bytes) -> None:
        document = docx.Document(BytesIO(content))
        self.paragraphs = [p.text for p in document.paragraphs]
        self.text = "\n".join(self.paragraphs)
        (table,) = document.tables
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        self.header, self.rows = rows[0], rows[1:]

    def value(self, label: str) -> str:
        """The value after ``label:`` on its own line."""
        found = [p.split(":", 1)[1].strip() for p in self.paragraphs if p.startswith(f"{label}:")]
        assert len(found) == 1, (label, found)
        return found[0]

    def number(self, label: str) -> int:
        return int(self.value(label))

    def table(self) -> dict[str, tuple[int, str, str]]:
        """unit name → (votes, share as written, outcome); STT numbers 1..n in order."""
        assert [r[0] for r in self.rows] == [str(i) for i in range(1, len(self.rows) + 1)]
        return {r[1]: (int(r[2]), r[3], r[4]) for r in self.rows}

    def listed_after(self, heading_start: str) -> list[str]:
        """The numbered items ("1. …") that follow the paragraph starting with ``heading_start``."""
        start = next(i for i, p in enumerate(self.paragraphs) if p.startswith(heading_start))
        items = []
        for p in self.paragraphs[start + 1 :]:
            m = re.match(r"^\d+\. (.+)$", p)
            if not m:
                break
            items.append(m.group(1))
        return items
