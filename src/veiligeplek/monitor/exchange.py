"""What leaves the system for others: the HTCDS 2.0 export of pseudonymised cases (CoMensha and
administrators, with a purpose, audited per case) and the open-data tables for the Nationaal
Rapporteur (the catalogue through the disclosure control, as CSV with a README).

The export's pseudonym is a keyed hash of the case number (the key derived from ``SECRET_KEY``),
the same in every export, so that a recipient can update its records without ever seeing the
case number the professionals use; rotating the secret key changes every pseudonym.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.cases import monitoring as cases_door
from veiligeplek.domain import htcds
from veiligeplek.domain.enums import Exploitation, Gender, LegalBasis, PlaceCategory, Track
from veiligeplek.domain.opendata import opendata_files
from veiligeplek.domain.periods import Period
from veiligeplek.monitor.figures import bounds
from veiligeplek.monitor.labels import DIMENSION_TITLES
from veiligeplek.monitor.models import CaseFlow
from veiligeplek.monitor.scope import Scope
from veiligeplek.monitor.services import case_flows_refresh
from veiligeplek.monitor.statistics import TITLES, statistics_for

EXPORT_ROLES = frozenset({Role.COMENSHA, Role.ADMINISTRATOR})


class ExportRefusedError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def pseudonym(number: str) -> str:
    key = hashlib.sha256(f"htcds-export:{settings.SECRET_KEY}".encode()).digest()
    return "NL-" + hmac.new(key, number.encode(), hashlib.sha256).hexdigest()[:16].upper()


def _date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _case(record: cases_door.ExportRecord, flow: CaseFlow | None) -> htcds.HtcdsCase:
    facts, decision = record.facts, record.decision
    reflection = decision.get("reflection_period") or {}
    ends = dt.date.fromisoformat(reflection["ends_on"]) if reflection.get("ends_on") else None
    starts = ends - dt.timedelta(days=int(reflection["days"])) if ends else None
    category = flow.category if flow and flow.category in PlaceCategory else None
    gender = str(facts.get("gender") or "")
    return htcds.HtcdsCase(
        pseudonym=pseudonym(record.number),
        signal_on=timezone.localdate(flow.signal_at if flow else record.created_at),
        case_status=record.status,
        birth_year=record.birth_year,
        age_at_identification=facts.get("age"),
        gender=Gender(gender) if gender in set(Gender) else None,
        nationality=facts.get("nationality"),
        exploitation=tuple(Exploitation(e) for e in facts.get("exploitation") or []),
        picked_up_on=_date(flow.picked_up_at) if flow else None,
        first_referral_on=_date(flow.referred_at) if flow else None,
        first_placement_on=_date(flow.first_placement_at) if flow else None,
        suitable_placement_on=_date(flow.suitable_placement_at) if flow else None,
        closed_on=_date(flow.closed_at) if flow else None,
        referral_decline_reasons=record.decline_reasons,
        track=Track(record.track) if record.track in Track else None,
        legal_basis=LegalBasis(decision["legal_basis"])
        if decision.get("legal_basis") in LegalBasis
        else None,
        reflection_start=starts,
        reflection_end=ends,
        dublin=bool(facts.get("dublin_indication")),
        b8=facts.get("residence_permit") == "b8",
        responsible_municipality=record.responsible_municipality or None,
        placement_category=PlaceCategory(category) if category else None,
        placed_suitably=bool(flow and flow.suitable_placement_at),
        placed_ad_hoc=bool(flow and flow.ad_hoc_at),
        national_gap=record.national_gap,
        municipality_found=facts.get("found_municipality"),
    )


def htcds_rows(
    period: Period,
) -> tuple[list[cases_door.ExportRecord], list[dict[str, htcds.Cell]]]:
    case_flows_refresh()
    start, end = bounds(period)
    records = cases_door.export_records(start, end)
    flows = CaseFlow.objects.in_bulk([r.pk for r in records])
    return records, [htcds.htcds_row(_case(r, flows.get(r.pk))) for r in records]


@transaction.atomic
def htcds_export(*, ctx: AuditContext, period: Period, purpose: str, file_format: str) -> bytes:
    """The export for one period; refused without an allowed role or a purpose. One audit
    event per exported case, with the purpose, in the same transaction."""
    if ctx.user.role not in EXPORT_ROLES or not ctx.user.is_active:
        raise ExportRefusedError("role", "alleen CoMensha en beheerders exporteren casusgegevens")
    if len(purpose.strip()) < 10:
        raise ExportRefusedError("purpose", "geef het doel van de export (minstens 10 tekens)")
    if file_format not in {"csv", "xlsx"}:
        raise ExportRefusedError("format", "kies csv of xlsx")
    records, rows = htcds_rows(period)
    context = AuditContext(user=ctx.user, client_address=ctx.client_address, purpose=purpose)
    for record in records:
        audit_record(
            context,
            action=Action.EXPORT,
            object_type="case",
            object_pseudonym=record.number,
            section="htcds-export",
            purpose=purpose.strip()[:200],
        )
    if file_format == "csv":
        return htcds.htcds_csv(rows).encode("utf-8")
    return _xlsx(rows)


def _xlsx(rows: list[dict[str, htcds.Cell]]) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "htcds"
    sheet.append(list(htcds.HTCDS_COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in htcds.HTCDS_COLUMNS])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def opendata_zip(period: Period, scope: Scope) -> bytes:
    """The catalogue's tables as CSV with a README, through the disclosure control."""
    stats = statistics_for(period, scope, exact=False, max_age=0)
    files = opendata_files(
        stats.tables,
        threshold=stats.threshold,
        period=period.label,
        scope=scope.code,
        titles={k: str(v) for k, v in TITLES.items()},
        dimension_labels={k: str(v) for k, v in DIMENSION_TITLES.items()},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            archive.writestr(f"veiligeplek-{period.label}-{scope.code}/{name}", text)
    return buffer.getvalue()


def opendata_download(*, ctx: AuditContext, period: Period, scope: Scope) -> bytes:
    """``opendata_zip`` for a user (the API), with an audit event: who took which tables."""
    content = opendata_zip(period, scope)
    with transaction.atomic():
        audit_record(
            ctx,
            action=Action.EXPORT,
            object_type="opendata",
            object_pseudonym=f"opendata-{period.label}-{scope.code}",
            section=f"{period.label} {scope.code}",
            purpose="open data",
        )
    return content


__all__ = ["EXPORT_ROLES", "htcds_export", "opendata_download", "opendata_zip", "pseudonym"]
