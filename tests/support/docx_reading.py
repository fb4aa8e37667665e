"""Generated documents read back: paragraphs in reading order, and each data table as rows."""

from __future__ import annotations

from io import BytesIO

import docx

from tests.support.documents import data_tables, reading_order


class Doc:
    def __init__(self, content: bytes) -> None:
        self.document = docx.Document(BytesIO(content))
        self.paragraphs = [p.text for p in reading_order(self.document)]
        self.text = "\n".join(self.paragraphs)
        self.tables = [[[c.text for c in row.cells] for row in t.rows] for t in data_tables(self.document)]

    def after(self, start: str) -> list[str]:
        """The paragraphs that follow the first one starting with ``start``."""
        at = next(i for i, p in enumerate(self.paragraphs) if p.startswith(start))
        return self.paragraphs[at + 1 :]

    def one(self, start: str) -> str:
        found = [p for p in self.paragraphs if p.startswith(start)]
        assert len(found) == 1, (start, found)
        return found[0]
