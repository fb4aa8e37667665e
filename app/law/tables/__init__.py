"""The catalogue's data, per title and form, per regime (law.md sections 2 and 3). Read through
``app.law.catalogue``."""
