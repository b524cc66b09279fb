"""The SQLite database: schema, migrations and every query (one module per subject)."""

from storage.database import Storage, StorageError, connect
from storage.transaction import transaction

__all__ = ["Storage", "StorageError", "connect", "transaction"]
