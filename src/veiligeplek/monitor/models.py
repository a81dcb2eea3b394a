"""The monitoring's one derived table: a ``CaseFlow`` per case, recomputed from the case's
timeline and facts by ``monitor.services.case_flows_refresh`` (never typed in, never edited).

It exists for speed: every dashboard table is one ``GROUP BY`` over this table instead of a walk
through millions of timeline events (ADR 0013). It holds codes and times only, no number, name
or free text, and is rebuilt from the timeline at any moment without loss.
"""

from __future__ import annotations

import uuid

from django.db import models

from veiligeplek.cases.models import Case


class CaseFlow(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="+")
    signal_at = models.DateTimeField()
    signal_month = models.CharField(max_length=7)  # YYYY-MM, for portable grouping
    picked_up_at = models.DateTimeField(null=True)
    routed_at = models.DateTimeField(null=True)
    referred_at = models.DateTimeField(null=True)
    accepted_at = models.DateTimeField(null=True)
    first_placement_at = models.DateTimeField(null=True)
    suitable_placement_at = models.DateTimeField(null=True)
    ad_hoc_at = models.DateTimeField(null=True)
    waiting_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    handed_over_at = models.DateTimeField(null=True)  # first handover to another holder
    handovers = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=20)
    outcome = models.CharField(max_length=20)
    shelter = models.CharField(max_length=10)
    # Where the case belongs: the care region, its central municipality and the police unit of
    # the responsible municipality (the municipality where found on the aliens-law track).
    region = models.CharField(max_length=8)
    central_municipality = models.CharField(max_length=6)
    police_unit = models.CharField(max_length=4)
    found_municipality = models.CharField(max_length=6)
    # Profile.
    exploitation = models.CharField(max_length=20)
    gender = models.CharField(max_length=10)
    age_group = models.CharField(max_length=10)
    nationality_group = models.CharField(max_length=15)
    track = models.CharField(max_length=20)
    category = models.CharField(max_length=20)  # suitable placement's, else the routing's first
    gap_profile = models.CharField(max_length=20)
    national_gap = models.BooleanField()
    # Derived durations (days) and the move from where found to the suitable place.
    days_to_pickup = models.FloatField(null=True)
    days_to_first_placement = models.FloatField(null=True)
    days_to_suitable_placement = models.FloatField(null=True)
    distance_km = models.FloatField(null=True)
    outside_region = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["signal_at"]),
            models.Index(fields=["region", "signal_at"]),
            models.Index(fields=["central_municipality", "signal_at"]),
            models.Index(fields=["police_unit", "signal_at"]),
        ]

    def __str__(self) -> str:
        return f"flow {self.case_id} {self.step}/{self.outcome}"


class FlowWatermark(models.Model):
    """The last timeline event taken into ``CaseFlow``: a refresh recomputes only the cases
    with a newer event (or none yet)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(default=0)
    version = models.BigIntegerField(default=0)  # raised by every refresh that changed a row
    # New with every change too: a restored database (or a test's rollback) that repeats a
    # version number never hits an answer cached for other data.
    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return f"monitor tot gebeurtenis {self.last_event_id}"


class ReportRun(models.Model):
    """One periodic report asked for (or scheduled), made in the background by the worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", "in de wachtrij"
        RUNNING = "running", "wordt gemaakt"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for the scheduled quarterly report
    period = models.CharField(max_length=30)
    scope = models.CharField(max_length=10)
    file_format = models.CharField(max_length=4)
    language = models.CharField(max_length=5, default="nl")
    exact = models.BooleanField(default=False)
    scheduled = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=7)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)  # never personal data

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "scope", "file_format", "language"],
                condition=models.Q(scheduled=True),
                name="one_scheduled_report_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"rapport {self.period} {self.scope} {self.file_format} ({self.status})"

    @property
    def filename(self) -> str:
        return f"veiligeplek-rapport-{self.period}-{self.scope}.{self.file_format}"


class SimulationRun(models.Model):
    """One scenario run by the worker for the simulation page (docs/adr/0011)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "in de wachtrij"
        RUNNING = "running", "loopt"
        DONE = "done", "klaar"
        FAILED = "failed", "mislukt"

    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)  # the scenario's name
    source = models.CharField(max_length=100)  # a shipped file name, or "upload"
    scenario_text = models.TextField()  # the TOML as run (uploads included), never personal data
    replications = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=1)
    result = models.JSONField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"simulatie {self.name} ({self.status})"


class FlowCount(models.Model):
    """Monthly summary counts of the ``CaseFlow`` tables (``monitor.summary``, ADR 0016): per
    catalogue table, month, care region and police unit, the number of cases with the values
    ``a`` and ``b`` of the table's other dimensions. Derived from ``CaseFlow`` only, kept in step
    by the refresh, refilled by ``flow_counts_rebuild``."""

    table_id = models.CharField(max_length=60)
    month = models.CharField(max_length=7)  # YYYY-MM, local time
    region = models.CharField(max_length=8)
    police_unit = models.CharField(max_length=4)
    a = models.CharField(max_length=40)
    b = models.CharField(max_length=40)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["table_id", "month", "region", "police_unit", "a", "b"],
                name="monitor_flowcount_cell",
            )
        ]
        indexes = [models.Index(fields=["month", "region"])]

    def __str__(self) -> str:
        return f"{self.table_id} {self.month} {self.region} {self.a}/{self.b}: {self.n}"


class StoredStatistics(models.Model):
    """A published catalogue (``statistics_for``) as computed for one period, scope and kind of
    reader at one version of the flows: readers get it from here instead of waiting for the
    count, and the worker keeps the ones read lately current (ADR 0019). Language-free: titles
    are added when it is shown."""

    period = models.CharField(max_length=24)  # as written: 2026, 2026-Q3, 2026-07, a..b
    period_start = models.DateField()
    period_end = models.DateField()
    scope = models.CharField(max_length=12)
    exact = models.BooleanField()
    insider = models.CharField(max_length=8, blank=True)  # the reader's own care region
    threshold = models.PositiveSmallIntegerField()
    version = models.BigIntegerField()  # FlowWatermark.version and .token it was computed at
    token = models.UUIDField()
    computed_at = models.DateTimeField()
    read_at = models.DateTimeField()  # last given to a reader (to the minute)
    body = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "scope", "exact", "insider", "threshold"],
                name="monitor_storedstatistics_key",
            )
        ]
        indexes = [models.Index(fields=["read_at"])]

    def __str__(self) -> str:
        return f"statistieken {self.scope} {self.period} v{self.version}"
