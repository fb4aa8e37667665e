"""Dossier documents (issue 13): what an upload is, sniffed from its bytes, and where its bytes are kept."""
