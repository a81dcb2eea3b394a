"""Placement under contention: N concurrent attempts to place different cases on a few beds.

Target (ARCHITECTURE.md): 0 double bookings with 100+ concurrent attempts on a few beds.

Runs against a PostgreSQL server (``DATABASE_URL``, postgres://…) in a fresh database of its own
(``veiligeplek_contention_<pid>``, dropped afterwards): migrate, load the reference data and the
landscape, create N cases, then N threads — each with its own connection — try at the same
moment to place their case on one of the same K beds. Prints a JSON report. Also checks that
the database itself refuses a second active placement on a bed, bypassing the services (the
partial unique index), so that the guarantee does not rest on the lock alone.

    DATABASE_URL=postgres://… python bench/contention.py --attempts 100 --beds 3
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def fresh_database(url: str) -> tuple[str, str]:
    """Create an empty database next to the one in ``url``; return its URL and name."""
    import psycopg

    parts = urlsplit(url)
    name = f"veiligeplek_contention_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(url: str, name: str, *, tries: int = 30) -> None:
    """Drop the database, ending its sessions. A session this role may not end (autovacuum,
    started on the freshly written database, belongs to the superuser) is waited for."""
    import time

    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for attempt in range(tries):
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except psycopg.errors.InsufficientPrivilege:
                if attempt == tries - 1:
                    raise
                time.sleep(1)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


def prepare(attempts: int, beds: int) -> tuple[list[int], list[int], int]:
    from veiligeplek.accounts.models import User
    from veiligeplek.audit.services import AuditContext
    from veiligeplek.cases.services.intake import signal_submit
    from veiligeplek.data.landscape import shipped_landscape
    from veiligeplek.registry.models import Place, PlaceGroup
    from veiligeplek.registry.services import landscape_import

    landscape_import(acting_user=None, rows=shipped_landscape())
    police = User.objects.create_user("police", role="signaller")
    comensha = User.objects.create_user("comensha", role="comensha")
    facts = {
        "found_municipality": "GM0363",
        "exploitation": ["sexual"],
        "gender": "female",
        "nationality": "CO",
        "residence_permit": "none",
    }
    context = AuditContext(user=police, client_address="127.0.0.1", purpose="benchmark")
    cases = [
        signal_submit(
            ctx=context,
            facts_data=facts,
            urgency="normal",
            callback_name="Bench",
            callback_phone="0900 000 0000",
        ).pk
        for _ in range(attempts)
    ]
    group = PlaceGroup.objects.get(external_id="cosm-ctm-v")
    places = list(Place.objects.filter(group=group).order_by("number").values_list("pk", flat=True))
    return cases, places[:beds], comensha.pk


def attempt_all(cases: list[int], places: list[int], user_id: int) -> dict[str, Any]:
    from django.db import connection

    from veiligeplek.accounts.models import User
    from veiligeplek.audit.services import AuditContext
    from veiligeplek.cases.models import Case
    from veiligeplek.cases.services.common import CaseError
    from veiligeplek.cases.services.placement import placement_create
    from veiligeplek.registry.models import Place

    barrier = threading.Barrier(len(cases))
    outcomes: list[str] = []
    durations: list[float] = []
    lock = threading.Lock()

    def run(index: int, case_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            case = Case.objects.get(pk=case_id)
            place = Place.objects.get(pk=places[index % len(places)])
            context = AuditContext(user=user, client_address="127.0.0.1", purpose="benchmark")
            barrier.wait()
            started = time.perf_counter()
            try:
                placement_create(ctx=context, case=case, place=place)
                outcome = "placed"
            except CaseError as error:
                outcome = f"conflict:{error.status}"
            with lock:
                outcomes.append(outcome)
                durations.append(time.perf_counter() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(cases)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "wall_seconds": round(time.perf_counter() - started, 3),
        "outcomes": {o: outcomes.count(o) for o in sorted(set(outcomes))},
        "slowest_attempt_seconds": round(max(durations), 3),
    }


def double_bookings() -> int:
    from django.db.models import Count

    from veiligeplek.cases.models import Placement

    busy = Placement.objects.filter(ended_at__isnull=True).values("place").annotate(n=Count("id"))
    return busy.filter(n__gt=1).count()


def database_refuses_a_second_active_placement() -> bool:
    """Bypass the services: insert a second active placement on an occupied bed directly."""
    from django.db import IntegrityError, transaction

    from veiligeplek.cases.models import Case, Placement

    taken = Placement.objects.filter(ended_at__isnull=True).first()
    other = Case.objects.filter(placements__isnull=True).first()
    if taken is None or other is None:
        return False
    try:
        with transaction.atomic():
            Placement.objects.create(
                case=other,
                place=taken.place,
                started_at=taken.started_at,
                created_by=taken.created_by,
            )
    except IntegrityError:
        return True
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100)
    parser.add_argument("--beds", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("contention: DATABASE_URL must point to PostgreSQL", file=sys.stderr)
        return 2
    db_url, name = fresh_database(url)
    try:
        setup_django(db_url)
        cases, places, user_id = prepare(args.attempts, args.beds)
        report = attempt_all(cases, places, user_id)
        report |= {
            "attempts": args.attempts,
            "beds": args.beds,
            "double_bookings": double_bookings(),
            "database_refuses_double_booking": database_refuses_a_second_active_placement(),
        }
        print(json.dumps(report))
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url, name)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    raise SystemExit(main())
