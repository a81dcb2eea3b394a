"""Cases and everything that happens to them: signals, routing decisions, referrals, holds,
placements, the waiting list, ad hoc placements, outflow, deadlines and the timeline.

Personal data is kept apart: ``CaseIdentity`` holds the identity details, shown only to roles
that need them; the case itself carries a pseudonymous number and the case facts.
Integrity lives in the database: a bed has at most one active placement and at most one active
hold, a case at most one active placement and one active waiting-list entry per category.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory
from veiligeplek.registry.models import Place, PlaceGroup

USER = settings.AUTH_USER_MODEL


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Geen direct gevaar")
    CRISIS = "crisis", _("Direct gevaar: crisisopvang nodig")


class Case(models.Model):
    number = models.CharField(max_length=16, unique=True)  # pseudonym, e.g. VP-K7M3-Q9TX
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    facts = models.JSONField()  # the routing contract's case facts, current version
    # From the latest routing decision, kept here for access checks and lists.
    track = models.CharField(max_length=20)
    responsible_municipality = models.CharField(max_length=6, blank=True)
    care_region_code = models.CharField(max_length=8, blank=True)
    placement_authority = models.CharField(max_length=30)
    case_owner = models.CharField(max_length=30)
    place_categories = models.JSONField(default=list)
    national_gap = models.BooleanField(default=False)
    reflection_ends_on = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    identity_removed_at = models.DateTimeField(null=True, blank=True)  # retention, first stage
    anonymised_at = models.DateTimeField(null=True, blank=True)  # retention, second stage
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["care_region_code", "status"]),
            models.Index(fields=["placement_authority", "status"]),
        ]

    def __str__(self) -> str:
        return self.number


class CaseIdentity(models.Model):
    """Who the victim is. Special-category personal data: only for roles that need it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    bsn = models.CharField(max_length=9, blank=True)
    v_number = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"identiteit {self.case.number}"


class Signal(models.Model):
    """A signal submitted 24/7 by police, NLA, KMar or a care worker; it opens a case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="signal")
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="signals")
    submitted_at = models.DateTimeField()
    organisation = models.CharField(max_length=150)
    callback_name = models.CharField(max_length=150)
    callback_phone = models.CharField(max_length=40)
    note = models.TextField(blank=True)  # no names of victims: the form says so
    picked_up_at = models.DateTimeField(null=True, blank=True)
    picked_up_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"signaal {self.case.number}"


class RoutingRecord(models.Model):
    """Every routing decision made for a case, with the facts and rule-set version of then."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=100)
    facts = models.JSONField()
    decision = models.JSONField()
    ruleset_version = models.CharField(max_length=20)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.decided_at:%Y-%m-%d %H:%M} ({self.ruleset_version})"


class OnCallShift(models.Model):
    """Who is on duty for a region (regional coordinators) or a national authority."""

    class Scope(models.TextChoices):
        REGION = "region", _("Regio")
        COMENSHA = "comensha", _("CoMensha (landelijk)")
        NLA = "nla", _("NLA (landelijk)")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    care_region_code = models.CharField(max_length=8, blank=True)
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(scope="region", care_region_code__gt="") | ~Q(scope="region"),
                name="region_shift_has_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.care_region_code} {self.user} {self.starts_at:%d-%m %H:%M}"


class Referral(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op antwoord")
        ACCEPTED = "accepted", _("Geaccepteerd")
        DECLINED = "declined", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")
        EXPIRED = "expired", _("Verlopen")

    class DeclineReason(models.TextChoices):
        FULL = "full", _("Vol")
        CONTRA_INDICATION = "contra_indication", _("Contra-indicatie")
        SAFETY = "safety", _("Veiligheid")
        GROUP = "group", _("Past niet bij de groep")
        OTHER = "other", _("Anders")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    group = models.ForeignKey(PlaceGroup, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    referred_at = models.DateTimeField()
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    override_reason = models.CharField(max_length=300, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    decline_text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-referred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "group"],
                condition=Q(status="pending"),
                name="one_pending_referral_per_case_and_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.group.external_id} ({self.status})"


class Hold(models.Model):
    """A bed reserved for a case while the shelter decides; it expires by itself."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="holds")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="holds")
    referral = models.ForeignKey(
        Referral, null=True, on_delete=models.CASCADE, related_name="holds"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(released_at__isnull=True),
                name="one_open_hold_per_place",
            ),
        ]

    def __str__(self) -> str:
        return f"hold {self.place} for {self.case.number}"


class Outflow(models.TextChoices):
    SECOND_PHASE = "second_phase", _("Tweedefaseplek")
    OWN_HOUSING = "own_housing", _("Eigen woonruimte")
    RETURN = "return", _("Terugkeer naar land van herkomst")
    TRANSFER = "transfer", _("Overplaatsing naar andere opvang")
    DROPPED_OUT = "dropped_out", _("Vertrokken, verblijfplaats onbekend")
    OTHER = "other", _("Anders")


class Placement(models.Model):
    """A case bound to exactly one bed. At most one active placement per bed and per case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="placements")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    expected_end = models.DateField(null=True, blank=True)
    override_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outflow = models.CharField(max_length=20, choices=Outflow.choices, blank=True)
    outflow_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(ended_at__isnull=True),
                name="one_active_placement_per_place",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_at__isnull=True),
                name="one_active_placement_per_case",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} @ {self.place}"


class WaitingListEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="waiting")
    category = models.CharField(
        max_length=20, choices=[(c.value, CATEGORY_LABELS_NL[c]) for c in PlaceCategory]
    )
    group = models.ForeignKey(
        PlaceGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "category"],
                condition=Q(removed_at__isnull=True),
                name="one_active_wait_per_case_and_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} wacht op {self.category}"


class AdHocPlacement(models.Model):
    class Kind(models.TextChoices):
        HOTEL = "hotel", _("Hotel")
        GENERAL_SHELTER = "general_shelter", _("Algemene (maatschappelijke) opvang")
        WOMENS_SHELTER = "womens_shelter", _("Vrouwenopvang")
        MENTAL_HEALTH = "mental_health", _("GGZ-instelling")
        OTHER = "other", _("Anders")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ad_hoc")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    municipality = models.CharField(max_length=6)
    reason = models.CharField(max_length=300)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.case.number} ad hoc {self.kind}"


class Deadline(models.Model):
    class Kind(models.TextChoices):
        SIGNAL_PICKUP = "signal_pickup", _("Signaal niet opgepakt")
        REFLECTION_REMINDER = "reflection_reminder", _("Bedenktijd loopt af")
        HOLD_EXPIRY = "hold_expiry", _("Reservering verloopt")
        MAX_STAY = "max_stay", _("Maximale verblijfsduur bereikt")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    due_at = models.DateTimeField()
    rule = models.CharField(max_length=200)  # why this moment, e.g. the holiday shift
    detail = models.JSONField(default=dict)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["done_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind} {self.due_at:%Y-%m-%d %H:%M}"


class TimelineEvent(models.Model):
    """One step of a case, with time, actor and organisation. Metrics are derived from it."""

    class Kind(models.TextChoices):
        SIGNAL = "signal", _("Signaal gemeld")
        ROUTED = "routed", _("Route bepaald")
        ASSIGNED = "assigned", _("Toegewezen")
        PICKED_UP = "picked_up", _("Opgepakt")
        ESCALATED = "escalated", _("Geëscaleerd")
        FACTS_CORRECTED = "facts_corrected", _("Feiten gecorrigeerd")
        HANDED_OVER = "handed_over", _("Overgedragen")
        REFERRED = "referred", _("Verwezen")
        ACCEPTED = "accepted", _("Verwijzing geaccepteerd")
        DECLINED = "declined", _("Verwijzing afgewezen")
        WITHDRAWN = "withdrawn", _("Verwijzing ingetrokken")
        HOLD_EXPIRED = "hold_expired", _("Reservering verlopen")
        PLACED = "placed", _("Geplaatst")
        WAITING = "waiting", _("Op wachtlijst")
        WAITING_REMOVED = "waiting_removed", _("Van wachtlijst")
        AD_HOC = "ad_hoc", _("Ad hoc geplaatst")
        OUTFLOW = "outflow", _("Uitstroom")
        REMINDER = "reminder", _("Herinnering")
        CLOSED = "closed", _("Afgesloten")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_organisation = models.CharField(max_length=150, blank=True)
    detail = models.JSONField(default=dict)  # codes and ids only: never personal data

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """The in-app inbox. Messages name the case number, never the person."""

    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    message = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.message[:40]}"


class BreakGlassGrant(models.Model):
    """Emergency access to a case outside one's scope, with a reason; flagged in the audit log
    and reported to the privacy officer. It expires by itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"noodtoegang {self.case.number} door {self.user}"


class AccessReason(models.Model):
    """A reason typed for a sensitive look (a shelter's address, break-the-glass). Kept here,
    not in the append-only audit log, so that retention can erase what someone typed; the audit
    event refers to it by number."""

    class Kind(models.TextChoices):
        ADDRESS = "address", _("Adres opvang")
        BREAK_GLASS = "break_glass", _("Noodtoegang")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_reasons")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"reden #{self.pk} ({self.kind}) {self.case.number}"


class MatchSearch(models.Model):
    """One search for places by someone who places (the search page, a case's page): what the
    registry showed at that moment, for the freshness figures ("how often was availability stale
    when a coordinator searched"). Counts and codes only: never facts or personal data."""

    class Channel(models.TextChoices):
        SEARCH_PAGE = "search_page", _("Zoekpagina")
        CASE_PAGE = "case_page", _("Casuspagina")

    at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="searches"
    )
    care_region_code = models.CharField(max_length=8, blank=True)  # the case's, else the user's
    role = models.CharField(max_length=30)  # of whoever searched
    groups = models.PositiveIntegerField()  # place groups listed (the whole registry)
    eligible_groups = models.PositiveIntegerField()
    placeable_groups = models.PositiveIntegerField()  # eligible with a bed free
    stale_groups = models.PositiveIntegerField()  # availability older than the freshness window
    stale_eligible_groups = models.PositiveIntegerField()
    stale_locations = models.PositiveIntegerField()  # locations with at least one stale group
    national_gap = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["care_region_code", "at"])]

    def __str__(self) -> str:
        return f"zoekactie {self.at:%Y-%m-%d %H:%M} ({self.stale_groups} verouderd)"


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` for a signal (the API header, the signal form's hidden
    token): the fingerprint of the first request and the answer it got, so that a retry with
    the same key gets that answer again instead of a second case. One per user, scope and key —
    a unique constraint, so that two racing requests cannot both create a case (the second
    insert waits for the first and is refused). Kept at least ``IDEMPOTENCY_KEY_HOURS``
    (``veiligeplek idempotency-purge``). Holds no personal data: a hash and the case number."""

    class Scope(models.TextChoices):
        API_SIGNAL = "api:signal", "POST /api/v1/cases"
        FORM_SIGNAL = "form:signal", _("Signaalformulier")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the canonical request body
    created_at = models.DateTimeField(db_index=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="idempotency_key_unique_per_user_scope"
            )
        ]

    def __str__(self) -> str:
        return f"idempotentiesleutel {self.scope} ({self.created_at:%Y-%m-%d %H:%M})"
