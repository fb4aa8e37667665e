"""Operations on a whole database, outside any request: backup and restore (``thidua backup``,
``thidua restore``). No FastAPI here; the CLI turns ``BackupError`` into a message and an exit code."""
