"""The documents of a commendation proposal the system writes (issue 13): the submission and the
achievement-report skeleton, the council's minutes, the decisions. Pure DOCX builders over plain frozen
dataclasses (no database, no HTTP), laid out by ``app.core.documents.nd30``."""
