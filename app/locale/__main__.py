"""``python -m app.locale``: compile the catalogue (thidua.po) to thidua.mo beside it."""

from app.locale import CATALOGUE, compiled

target = CATALOGUE.with_suffix(".mo")
target.write_bytes(compiled())
print(f"wrote {target}")
