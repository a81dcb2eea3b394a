"""The environment of a throwaway demo database for the benchmarks that time commands on
SQLite (``demo_history.py``, ``report.py``): a fresh clone has no ``.env``, so every setting
the app requires with ``DEBUG`` off is given here (bench-only values, never a real key)."""

from __future__ import annotations

import os
from pathlib import Path


def environment(var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var}/db.sqlite3",
        "VAR_DIR": str(var),
        "DEMO_MODE": "true",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "AUDIT_HMAC_KEY": "bench-only-audit-key-not-for-production-0123456789",
        "DJANGO_SETTINGS_MODULE": "veiligeplek.conf.settings.base",
    }
