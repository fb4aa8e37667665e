"""The bloc's year in one document (issue #6): members, pledge signatures, reports, ranking, ballot
sessions and awards, as JSON, an XLSX workbook or the leader's year report (DOCX, in Vietnamese)."""
