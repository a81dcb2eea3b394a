"""Test settings: the base settings with fast hashing, outbox e-mail and immediate tasks.

The test client speaks plain http, so the https redirect is off; everything else about
authentication (lockout, MFA, session clock, headers) stays as in production.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")  # noqa: S105
os.environ.setdefault("AUDIT_HMAC_KEY", "test-only-audit-key-not-for-production")

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from veiligeplek.conf.settings.base import *  # noqa: E402, F403

# Checkpoints of the audit chain go to a file of this test run, never into the checkout's var/.
AUDIT_CHECKPOINT_FILE = (
    Path(tempfile.gettempdir()) / f"veiligeplek-test-checkpoints-{os.getpid()}.jsonl"
)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks go nowhere, unless a test's own server asks for the database queue that a worker reads
# (tests/browser/test_report_page.py): the same world, only the task backend differs.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TEST_TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend"),
        "QUEUES": ["default"],
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Tasks go nowhere here (no worker): figures are always those of the newest data. The stored
# figures' age limit is tested with its own setting (tests/monitor/test_stored_statistics.py).
STATISTICS_MAX_AGE_SECONDS = 0
SECURE_SSL_REDIRECT = False
