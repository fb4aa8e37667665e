"""The media types of the files the API takes and gives (no FastAPI here: pure renderers use them too)."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
CSV_UTF8 = "text/csv; charset=utf-8"
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
