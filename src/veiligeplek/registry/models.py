"""The national registry: reference geography, organisations, locations and places.

Integrity rules live in the database (unique and check constraints). Writes go only through
``services.py``; reads through ``selectors.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veiligeplek.domain.enums import (
    AUTHORITY_LABELS_NL,
    CATEGORY_LABELS_NL,
    Phase,
    PlaceCategory,
    PlacementAuthority,
    RegionBindingKind,
)


def _choices(enum: Any, labels: Mapping[Any, str] | None = None) -> list[tuple[str, str]]:
    return [(m.value, (labels or {}).get(m, m.value)) for m in enum]


class Province(models.Model):
    code = models.CharField(primary_key=True, max_length=4)  # PV27
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliceUnit(models.Model):
    code = models.CharField(primary_key=True, max_length=4)  # RE07
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SafetyRegion(models.Model):
    code = models.CharField(primary_key=True, max_length=4)  # VR17
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (CBS Gemeentelijke indeling 1-1-2025), label point for maps and distances."""

    code = models.CharField(primary_key=True, max_length=6)  # GM0363
    cbs_code = models.CharField(max_length=4, unique=True)
    official_name = models.CharField(max_length=100)
    display_name = models.CharField(max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT)
    police_unit = models.ForeignKey(PoliceUnit, on_delete=models.PROTECT)
    safety_region = models.ForeignKey(SafetyRegion, on_delete=models.PROTECT)
    vt_region_code = models.CharField(max_length=4)  # Veilig Thuis region (CBS)
    vt_region_name = models.CharField(max_length=100)
    label_lat = models.FloatField()
    label_lon = models.FloatField()
    area_km2 = models.FloatField()

    class Meta:
        ordering = ["display_name"]
        verbose_name_plural = "municipalities"

    def __str__(self) -> str:
        return self.display_name


class CareRegion(models.Model):
    """One version of a care-coordination region, valid from a date until the next version.

    Regions are not defined uniformly (report ch. 3): administrators revise them; each revision
    is a new row, so a decision made last year can be reproduced with the regions of then.
    """

    code = models.CharField(max_length=8)
    name = models.CharField(max_length=100)
    valid_from = models.DateField()
    central_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+"
    )
    municipalities = models.ManyToManyField(Municipality, related_name="care_regions")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="care_region_version_unique"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(name)s (%(code)s, vanaf %(date)s)") % {
            "name": self.name,
            "code": self.code,
            "date": f"{self.valid_from:%d-%m-%Y}",
        }


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Opvangorganisatie")
        COMENSHA = "comensha", _("CoMensha")
        NLA = "nla", _("Nederlandse Arbeidsinspectie")
        POLICE = "police", _("Politie")
        KMAR = "kmar", _("Koninklijke Marechaussee")
        MUNICIPALITY = "municipality", _("Gemeente")
        CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
        MINISTRY = "ministry", _("Ministerie")
        CARE = "care", _("Zorg- of hulpverlening")
        OTHER = "other", _("Overig")

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_demo = models.BooleanField(default=False, help_text="Fictief, alleen voor demonstratie")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A shelter location. Street address and 24/7 phone are confidential: victims hide there."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="locations"
    )
    name = models.CharField(max_length=150)  # e.g. "Humanitas ESSM, Rotterdam"
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    municipality_label = models.CharField(max_length=150)  # town as in the source
    street_address = models.CharField(max_length=200, blank=True)  # confidential
    phone_24_7 = models.CharField(max_length=40, blank=True)  # confidential
    stale_reminded_at = models.DateTimeField(null=True, blank=True)  # last "please update" nudge

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="location_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PlaceGroup(models.Model):
    """Beds with the same admission criteria at one location (a row of the landscape file).
    Matching reads it as ``domain.places.GroupProfile`` (``registry.matching_cache.to_domain``)."""

    external_id = models.SlugField(max_length=64, unique=True)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="groups")
    category = models.CharField(max_length=20, choices=_choices(PlaceCategory, CATEGORY_LABELS_NL))
    placement_authority = models.CharField(
        max_length=30, choices=_choices(PlacementAuthority, AUTHORITY_LABELS_NL)
    )
    capacity_min = models.PositiveSmallIntegerField()
    capacity_max = models.PositiveSmallIntegerField()
    genders = models.JSONField(default=list, blank=True)  # [] = any
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    exploitation_served = models.JSONField(default=list)
    contra_indications_excluded = models.JSONField(default=list, blank=True)
    multi_problem_accepted = models.BooleanField(default=False)
    children_allowed = models.BooleanField(default=False)
    region_binding_kind = models.CharField(
        max_length=20, blank=True, choices=_choices(RegionBindingKind)
    )
    region_binding_code = models.CharField(max_length=8, blank=True)
    phase = models.CharField(max_length=10, blank=True, choices=_choices(Phase))
    max_stay_days = models.PositiveSmallIntegerField(null=True, blank=True)
    multi_labelled = models.BooleanField(default=False)
    criteria_source = models.CharField(max_length=20, default="assumed")
    location_assumed = models.BooleanField(
        default=False,
        help_text="Plaats van deze plekken niet in het rapport vermeld; te bevestigen",
    )
    notes_nl = models.TextField(blank=True)
    availability_updated_at = models.DateTimeField(null=True, blank=True)
    availability_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["category", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_min__lte=models.F("capacity_max")) & Q(capacity_max__gte=1),
                name="group_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="group_age_range",
            ),
            models.CheckConstraint(
                condition=Q(region_binding_kind="", region_binding_code="")
                | (~Q(region_binding_kind="") & ~Q(region_binding_code="")),
                name="group_region_binding_complete",
            ),
        ]
        # Matching reads every group's update time for every case (selectors, LIVE_SQL): on
        # PostgreSQL an index-only scan in pk order, instead of reading the whole wide rows.
        indexes = [
            models.Index(
                fields=["id"], include=["availability_updated_at"], name="group_live_availability"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class Place(models.Model):
    """One bed (the name is historical: in this code a *place* is a bed, docs/glossary.md). A
    placement is bound to exactly one place. Not ``domain.places.GroupProfile``: that is a whole
    group of beds as matching sees it (the ``PlaceGroup`` model below, with live availability)."""

    class Status(models.TextChoices):
        FREE = "free", _("Vrij")
        OCCUPIED = "occupied", _("Bezet")
        OTHER_TARGET_GROUP = "other_target_group", _("Bezet door andere doelgroep")
        OUT_OF_SERVICE = "out_of_service", _("Buiten gebruik")

    group = models.ForeignKey(PlaceGroup, on_delete=models.PROTECT, related_name="places")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FREE)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="place_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="place_number_positive"),
        ]
        # Matching counts the free beds per group for every case (selectors, docs/benchmarks.md).
        indexes = [
            models.Index(fields=["group"], condition=Q(status="free"), name="place_free_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group.external_id} #{self.number}"


class AvailabilityChange(models.Model):
    """Append-only history of availability: who changed which bed, when, from what to what."""

    class Via(models.TextChoices):
        WEB = "web", _("Webformulier")
        CONFIRM = "confirm", _("Bevestiging zonder wijziging")
        IMPORT = "import", _("Import")
        DEMO = "demo", _("Demodata")
        API = "api", _("API")

    group = models.ForeignKey(PlaceGroup, on_delete=models.PROTECT, related_name="+")
    # A bed removed by a smaller import keeps its history here, without the bed.
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.CharField(max_length=10, choices=Via.choices)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["group", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.from_status} -> {self.to_status} ({self.changed_at})"


class RegistryGeneration(models.Model):
    """One row whose token changes with every change to what matching caches per process.

    Database triggers (migration 0003_matching_cache) give it a new random token on every
    insert, delete or update of place-group criteria, locations, organisations, municipalities,
    police units and care regions, in the transaction of the change, whichever code makes it;
    availability (bed statuses, ``availability_updated_*``) is not cached and does not change
    it. Random rather than counted: a rolled-back change must never leave a token that a later
    change reuses.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="registry_generation_one_row"),
        ]

    def __str__(self) -> str:
        return str(self.token)
