"""Two transactions racing with the same Idempotency-Key, on PostgreSQL (run by
test_idempotency_race.py in a database of its own: ``python -m tests.proof.idempotency_race``).

1. The constraint itself: two connections each read "no such key" (what a read-then-write would
   go by), then both insert. The second insert waits for the first transaction and is refused
   by the unique constraint, named in the error. ``--without-constraint`` drops it first: then
   both inserts succeed — the proof that the refusal is the constraint's, not the code's.
2. The service: N requests with one key at the same moment → one case, N equal answers.

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from typing import Any

CONSTRAINT = "idempotency_key_unique_per_user_scope"


def race_inserts(user_id: int) -> dict[str, Any]:
    from django.db import IntegrityError, connection, transaction
    from django.utils import timezone

    from veiligeplek.cases.models import IdempotencyKey

    barrier = threading.Barrier(2, timeout=30)
    seen: list[bool] = []
    outcomes: list[str] = []

    def racer() -> None:
        try:
            with transaction.atomic():
                key = {"user_id": user_id, "scope": "api:signal", "key": "race"}
                seen.append(IdempotencyKey.objects.filter(**key).exists())
                barrier.wait()
                IdempotencyKey.objects.create(
                    **key, fingerprint="f" * 64, created_at=timezone.now()
                )
                time.sleep(0.5)  # hold the row so the other insert really waits on it
            outcomes.append("inserted")
        except IntegrityError as error:
            name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", "")
            outcomes.append(f"refused:{name}")
        finally:
            connection.close()

    threads = [threading.Thread(target=racer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = IdempotencyKey.objects.filter(key="race").count()
    return {"both_read_none": seen == [False, False], "outcomes": sorted(outcomes), "rows": rows}


def race_service(user_id: int, clients: int) -> dict[str, Any]:
    from django.db import connection

    from veiligeplek.accounts.models import User
    from veiligeplek.audit.services import AuditContext
    from veiligeplek.cases.models import Case, IdempotencyKey
    from veiligeplek.cases.services.idempotency import answer_once
    from veiligeplek.cases.services.intake import signal_submit

    facts = {"found_municipality": "GM0363", "exploitation": ["sexual"], "gender": "female"}
    barrier = threading.Barrier(clients, timeout=30)
    answers: list[Any] = []
    errors: list[str] = []

    def client() -> None:
        try:
            user = User.objects.get(pk=user_id)
            ctx = AuditContext(user=user, client_address="127.0.0.1", purpose="race")

            def create() -> tuple[int, dict[str, Any], Case]:
                case = signal_submit(
                    ctx=ctx,
                    facts_data=facts,
                    urgency="crisis",
                    callback_name="Agent",
                    callback_phone="06 1234 5678",
                )
                return 201, {"number": case.number}, case

            barrier.wait()
            once = answer_once(
                ctx=ctx, scope="api:signal", key="same", payload=facts, create=create
            )
            answers.append((once.status_code, once.body, once.replayed))
        except Exception as error:  # noqa: BLE001 - reported, the test fails on it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "cases": Case.objects.count(),
        "keys": IdempotencyKey.objects.filter(key="same").count(),
        "distinct_answers": len({json.dumps(a[:2]) for a in answers}),
        "answers": len(answers),
        "replayed": sum(1 for a in answers if a[2]),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--without-constraint", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from veiligeplek.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if args.without_constraint:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE cases_idempotencykey DROP CONSTRAINT {CONSTRAINT}")
    user = User.objects.create_user("police", role="signaller")
    report = {"inserts": race_inserts(user.pk), "service": race_service(user.pk, args.clients)}
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
