"""A fictitious, labelled history of years of cases, made through the real services.

``veiligeplek load-demo --history-years N`` lets about 900 signals a year (868 registered
victims, report ch. 5, plus signals that turn out not to be trafficking) go the way the report
describes: picked up (some only after escalation), routed, searched for (every search recorded
with the stale availability it showed), referred, accepted or declined with a reason, placed
for months and leaving with an outflow, or put on a waiting list (OMM, the NLA and the men's
places fill up), placed ad hoc, dropped out or closed without a placement. Criminal exploitation
and minors find no place in the country: a national gap, always ad hoc. Shelters confirm their
availability irregularly, so that some of it is stale when a coordinator searches. Some victims
on the aliens-law track file a report: the corrected facts re-route them (B8) and the case is
handed over to the region, as the handover service does for any re-routing.

Every event goes through the services that the web pages use, at its own moment: one global,
time-ordered queue of events, and the process clock moved to each event's time
(``time-machine``, docs/adr/0014-demo-history-clock.md), so that timestamps, the timeline and
the audit chain are in order. The history is one transaction: all of it or nothing. It begins
no earlier than the first day on which a routing rule set and the care regions are valid (the
services refuse to route before it), and is skipped when a history is already there. Same seed,
same history.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import time_machine
from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from veiligeplek.accounts.models import User
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.models import (
    Case,
    Deadline,
    MatchSearch,
    Notification,
    Placement,
    Referral,
)
from veiligeplek.cases.routing import routing_decide
from veiligeplek.cases.services import closing, deadlines, intake, placement, waiting
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.services.searches import match_search_record
from veiligeplek.cases.tasks import process_due_deadlines
from veiligeplek.demo import mix
from veiligeplek.demo.cast import LABEL, PREFIX, Cast, cast_load
from veiligeplek.domain.matching import MatchResult
from veiligeplek.domain.rules import load_rulesets
from veiligeplek.registry.models import CareRegion, Location, Municipality, PlaceGroup
from veiligeplek.registry.services import (
    group_set_other_target_group,
    location_confirm_availability,
)

DEFAULT_SEED = 20250868
SIGNALS_PER_YEAR = round(mix.REGISTERED_PER_YEAR / (1 - mix.NOT_A_VICTIM_SHARE))
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
H, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)


@dataclass(frozen=True)
class HistorySummary:
    start: dt.datetime | None
    end: dt.datetime | None
    signals: int
    skipped: bool = False
    clamped: bool = False  # began later than asked: no rule set or regions valid before


def history_exists() -> bool:
    return Case.objects.filter(created_by__username__startswith=PREFIX).exists()


def earliest_start() -> dt.date | None:
    """The first day on which the services can route: a rule set and every region valid."""
    rulesets = load_rulesets()
    firsts = CareRegion.objects.values("code").annotate(first=Min("valid_from"))
    days = [r.valid_from for r in rulesets[:1]] + [f["first"] for f in firsts]
    return max(days) if rulesets and firsts else None


def demo_history_load(
    *,
    years: int,
    seed: int = DEFAULT_SEED,
    per_year: int = SIGNALS_PER_YEAR,
    days: int = 0,
    end: dt.datetime | None = None,
) -> HistorySummary:
    """``years`` of history ending at ``end`` (default: now; ``days`` instead of years, if
    given). The same seed over the same period gives the same history."""
    if history_exists():
        return HistorySummary(None, None, 0, skipped=True)
    end = end or timezone.now().replace(second=0, microsecond=0)
    start = end - dt.timedelta(days=days or round(365.25 * years))
    first = earliest_start()
    if first is None:
        raise ValueError("geen referentiedata: laad eerst load-reference-data en import-places")
    zone = timezone.get_current_timezone()
    first_moment = dt.datetime.combine(first, dt.time(0, 5), tzinfo=zone)
    clamped = start < first_moment
    start = max(start, first_moment)
    with _past_clock(start) as clock, transaction.atomic():
        rng = random.Random(seed)  # noqa: S311 - fictitious demo data, not security
        history = _History(rng, start, end, clock)
        history.run(per_year)
        _tidy(start, end)
    return HistorySummary(start, end, history.signals, clamped=clamped)


@contextmanager
def _past_clock(start: dt.datetime) -> Iterator[time_machine.Traveller]:
    # No mail for events long past; the inbox rows are kept (and marked read by ``_tidy``).
    with override_settings(MAILERS=MAILERS), time_machine.travel(start, tick=False) as clock:
        yield clock


def _tidy(start: dt.datetime, end: dt.datetime) -> None:
    """What the past leaves behind for the present: past messages read, past wake-ups gone
    (the history ran every sweep at its time; the worker must not run them all again)."""
    Notification.objects.filter(
        created_at__gte=start, created_at__lt=end, read_at__isnull=True
    ).update(read_at=F("created_at"))
    DBTaskResult.objects.filter(enqueued_at__gte=start, run_after__lt=end).delete()
    if Deadline.objects.filter(done_at__isnull=True, due_at__lt=end).exists():
        # Due in the last hours of the history (an unanswered referral's hold): one wake-up.
        process_due_deadlines.enqueue()


@dataclass
class _Story:
    """One case's plan and state, kept by the generator (the database holds the truth)."""

    case: Case
    profile: mix.Profile
    patience: dt.datetime | None = None  # when a waiting case gives up
    declined: set[int] = field(default_factory=set)  # groups that declined this case
    attempts: int = 0
    waiting_for: str = ""


Action = Callable[[], None]


class _History:
    def __init__(
        self,
        rng: random.Random,
        start: dt.datetime,
        end: dt.datetime,
        clock: time_machine.Traveller,
    ) -> None:
        self.rng, self.start, self.end, self.clock = rng, start, end, clock
        self.queue: list[tuple[dt.datetime, int, Action]] = []
        self.order = itertools.count()
        self.cast: Cast = cast_load(start=start, end=end)
        self.geography = _geography()
        self.waiting: dict[str, list[_Story]] = {}
        self.groups = {g.external_id: g for g in PlaceGroup.objects.select_related("location")}
        self.shared: dict[int, list[PlaceGroup]] = {}  # location -> its multi-labelled groups
        for group in self.groups.values():
            if group.multi_labelled:
                self.shared.setdefault(group.location_id, []).append(group)
        self.signals = 0

    # --- the queue ------------------------------------------------------------------------

    def at(self, when: dt.datetime, action: Action) -> None:
        if self.start <= when < self.end:
            heapq.heappush(self.queue, (when, next(self.order), action))

    def run(self, per_year: int) -> None:
        self._plan_arrivals(per_year)
        self._plan_availability()
        self._plan_sweeps()
        while self.queue:
            when, _, action = heapq.heappop(self.queue)
            self.clock.move_to(when)
            action()
            _drop_commit_hooks()

    def now(self) -> dt.datetime:
        return timezone.now()

    def later(self, low: dt.timedelta, high: dt.timedelta) -> dt.datetime:
        seconds = self.rng.uniform(low.total_seconds(), high.total_seconds())
        return self.now() + dt.timedelta(seconds=round(seconds))

    def ctx(self, user: User) -> AuditContext:
        return AuditContext(user=user, client_address="demo", purpose=f"demogeschiedenis {LABEL}")

    def _female(self, story: _Story) -> bool:
        return bool(story.profile.facts["gender"] == "female")

    # --- plans ----------------------------------------------------------------------------

    def _plan_arrivals(self, per_year: int) -> None:
        for when in arrival_times(self.rng, self.start, self.end, per_year):
            profile = mix.draw_profile(self.rng, self.geography)
            self.at(when, partial(self.signal, profile))

    def _plan_availability(self) -> None:
        """Each location confirms its availability now and then; some rarely (stale)."""
        for location in Location.objects.filter(groups__isnull=False).distinct().order_by("pk"):
            sloppy = self.rng.random() < 0.3
            staff = self.cast.staff[location.organisation_id]
            when = self.start + dt.timedelta(hours=self.rng.uniform(1, 30))
            while when < self.end:
                self.at(when, partial(self.confirm, location, staff))
                hours = self.rng.uniform(72, 192) if sloppy else self.rng.uniform(12, 72)
                when += dt.timedelta(hours=hours)

    def _plan_sweeps(self) -> None:
        """The background worker's daily sweep: reminders, stale nudges, retention."""
        zone = timezone.get_current_timezone()
        day = self.start.astimezone(zone).date()
        while (when := dt.datetime.combine(day, dt.time(9, 0, 30), tzinfo=zone)) < self.end:
            self.at(when, self.sweep)
            day += DAY

    # --- events ---------------------------------------------------------------------------

    def sweep(self) -> None:
        deadlines.deadlines_process(now=self.now())

    def escalate(self, case: Case) -> None:
        """What the sweep does to a signal nobody picked up in time (its deadline is then
        closed by the next daily sweep, which finds the signal escalated)."""
        case = Case.objects.select_related("signal").get(pk=case.pk)
        if case.status == "new" and case.signal.escalated_at is None:
            reason = f"niet opgepakt binnen {settings.SIGNAL_ESCALATION_MINUTES} minuten"
            intake.escalate(case, reason=reason, by_system=True)

    def confirm(self, location: Location, user: User) -> None:
        location_confirm_availability(acting_user=user, location_id=location.pk)
        for group in self.shared.get(location.pk, []):
            if self.rng.random() < 0.2:
                shareable = group.places.filter(status__in=("free", "other_target_group")).count()
                wanted = self.rng.randint(0, max(0, group.capacity_max - group.capacity_min))
                group_set_other_target_group(
                    acting_user=user,
                    group_id=group.pk,
                    count=min(wanted, shareable),
                )

    def signal(self, profile: mix.Profile) -> None:
        signaller = self.cast.signallers[profile.signaller]
        self.signals += 1
        case = intake.signal_submit(
            ctx=self.ctx(signaller),
            facts_data=profile.facts,
            urgency=profile.urgency,
            callback_name=f"Fictieve melder {LABEL}",
            callback_phone="0900 000 0000",
            identity=intake.IdentityIn(full_name=f"Fictief persoon H-{self.signals:05d}"),
        )
        story = _Story(case, profile)
        minute = dt.timedelta(minutes=1)
        if self.rng.random() < mix.SLOW_PICKUP_SHARE:  # escalates first, as the sweep would
            self.at(self.now() + dt.timedelta(minutes=15, seconds=30), partial(self.escalate, case))
            when = self.later(20 * minute, 8 * H)
        else:
            when = self.later(minute, 14 * minute)
        if profile.not_a_victim:
            self.at(when, lambda: self.pick_up(story))
            self.at(when + self.rng.uniform(1, 6) * DAY, lambda: self.close(story, "not_a_victim"))
        else:  # the first search, and acting on its outcome picks the signal up
            self.at(when, lambda: self.search(story))
            if self.rng.random() < mix.REPORT_FILED_SHARE:
                days = self.rng.uniform(*mix.REPORT_FILED_DAYS)
                self.at(when + days * DAY, lambda: self.file_report(story))

    def pick_up(self, story: _Story) -> None:
        case = Case.objects.get(pk=story.case.pk)
        user = case.assigned_to or self.cast.comensha
        story.case = intake.signal_pick_up(ctx=self.ctx(user), case=case)

    def file_report(self, story: _Story) -> None:
        """The victim files a report: her holder corrects the facts through the real service,
        which re-routes the case (a B8 permit: the municipal track) and hands it over to the
        region when the holder changes (``cases.services.handover``)."""
        case = Case.objects.get(pk=story.case.pk)  # a placed victim files a report too
        if case.status in ("new", "closed") or case.track != "aliens_law":
            return
        user = case.assigned_to or self.cast.comensha
        try:
            story.case = intake.case_facts_correct(
                ctx=self.ctx(user), case=case, facts_data={**case.facts, "report_filed": True}
            )
        except CaseError:  # e.g. closed meanwhile: nothing to re-route
            return

    def _open(self, story: _Story) -> Case | None:
        case = Case.objects.get(pk=story.case.pk)
        story.case = case
        return None if case.status in ("closed", "placed") else case

    def _match(self, story: _Story, case: Case) -> MatchResult:
        user = self.cast.placer(case.placement_authority, case.care_region_code)
        routed = routing_decide(case.facts, today=timezone.localdate())
        result = match_routed(routed, now=self.now())
        match_search_record(
            result=result,
            channel=MatchSearch.Channel.CASE_PAGE,
            user=user,
            at=self.now(),
            case=case,
        )
        return result

    def search(self, story: _Story) -> None:
        case = self._open(story)
        if case is None or case.status == "referred":
            return
        result = self._match(story, case)
        if result.national_gap:
            self.ad_hoc(story, case)
            days = min(150.0, self.rng.lognormvariate(3.0, 0.8))
            self.at(self.now() + dt.timedelta(days=days), lambda: self.close_unplaced(story))
            return
        groups = self.groups
        options = [
            groups[m.place.id]
            for m in result.places
            if m.placeable and groups[m.place.id].pk not in story.declined
        ]
        if options and story.attempts < 3:
            self.refer(story, case, options[0])
        elif not story.waiting_for:
            self.wait(story, case, result)
        else:
            story.attempts = 0  # a new round at the next look at the waiting list
            self.at(self.later(4 * DAY, 10 * DAY), lambda: self.search(story))

    def refer(self, story: _Story, case: Case, group: PlaceGroup) -> None:
        user = self.cast.placer(group.placement_authority, case.care_region_code)
        try:
            referral = placement.referral_create(ctx=self.ctx(user), case=case, group=group)
        except CaseError:
            self.at(self.later(H, 6 * H), lambda: self.search(story))
            return
        story.attempts += 1
        if self.rng.random() < mix.UNANSWERED_SHARE:  # nobody answers: the hold expires
            expiry = referral.holds.get().expires_at
            self.at(expiry + dt.timedelta(seconds=30), self.sweep)
            self.at(expiry + self.rng.uniform(1, 4) * H, lambda: self.search(story))
            return
        when = self.later(dt.timedelta(minutes=15), dt.timedelta(minutes=110))
        self.at(when, lambda: self.answer(story, referral))

    def answer(self, story: _Story, referral: Referral) -> None:
        referral = Referral.objects.select_related("group__location").get(pk=referral.pk)
        if referral.status != Referral.Status.PENDING:
            return
        staff = self.cast.staff[referral.group.location.organisation_id]
        if self.rng.random() >= mix.DECLINE_SHARE:
            stay = placement.referral_accept(ctx=self.ctx(staff), referral=referral)
            low, high = mix.STAY_DAYS[referral.group.category]
            self.at(
                self.now() + self.rng.uniform(low, high) * DAY, lambda: self.outflow(story, stay)
            )
            self._left_waiting(story)
            return
        reason = self._decline_reason(story)
        text = "fictieve toelichting" if reason == "other" else ""
        placement.referral_decline(ctx=self.ctx(staff), referral=referral, reason=reason, text=text)
        story.declined.add(referral.group_id)
        self.at(self.later(dt.timedelta(minutes=30), 4 * H), lambda: self.search(story))

    def _decline_reason(self, story: _Story) -> str:
        facts = story.profile.facts
        if facts["contra_indications"] and self.rng.random() < 0.5:
            return "contra_indication"
        if facts["safety_risk"] == "high" and self.rng.random() < 0.4:
            return "safety"
        return mix.pick(self.rng, (("full", 0.35), ("group", 0.35), ("other", 0.3)))

    def wait(self, story: _Story, case: Case, result: MatchResult) -> None:
        eligible = [s.category.value for s in result.category_status if s.eligible_groups]
        category = next((c for c in case.place_categories if c in eligible), "")
        if not category:
            self.ad_hoc(story, case)
            self.at(self.later(7 * DAY, 40 * DAY), lambda: self.close_unplaced(story))
            return
        user = self.cast.placer(case.placement_authority, case.care_region_code)
        waiting.waiting_list_add(ctx=self.ctx(user), case=case, category=category)
        story.waiting_for, story.attempts = category, 0
        self.waiting.setdefault(category, []).append(story)
        if case.urgency == "crisis" or self.rng.random() < 0.5:
            self.ad_hoc(story, Case.objects.get(pk=case.pk))
        story.patience = self.now() + dt.timedelta(days=self.rng.expovariate(1 / 35))
        self.at(story.patience, lambda: self.close_unplaced(story))
        self.at(self.later(4 * DAY, 10 * DAY), lambda: self.search(story))

    def _left_waiting(self, story: _Story) -> None:
        if story.waiting_for and story in self.waiting.get(story.waiting_for, []):
            self.waiting[story.waiting_for].remove(story)

    def ad_hoc(self, story: _Story, case: Case) -> None:
        kinds = [k for k in mix.AD_HOC_KINDS if k[0] != "womens_shelter" or self._female(story)]
        user = case.assigned_to or self.cast.comensha
        waiting.ad_hoc_record(
            ctx=self.ctx(user),
            case=case,
            kind=mix.pick(self.rng, kinds),
            municipality=case.facts["found_municipality"],
            reason=f"Geen passende plek vrij of geen passende plek in het land {LABEL}",
        )

    def close_unplaced(self, story: _Story) -> None:
        self.close(story, mix.pick(self.rng, mix.CLOSE_UNPLACED))

    def close(self, story: _Story, reason: str) -> None:
        case = self._open(story)
        if case is None:
            return
        user = case.assigned_to or self.cast.comensha
        closing.case_close(ctx=self.ctx(user), case=case, reason=reason)
        self._left_waiting(story)

    def outflow(self, story: _Story, stay: Placement) -> None:
        stay = Placement.objects.select_related("place__group__location").get(pk=stay.pk)
        group = stay.place.group
        staff = self.cast.staff[group.location.organisation_id]
        outflow = mix.pick(self.rng, mix.OUTFLOW)
        placement.placement_end(ctx=self.ctx(staff), placement=stay, outflow=outflow)
        if outflow == "transfer":
            story.declined, story.attempts, story.waiting_for = set(), 0, ""
            self.at(self.later(2 * H, DAY), lambda: self.search(story))
        # A bed came free: the coordinators look at the waiting list for it.
        for waiting_story in self.waiting.get(group.category, [])[:2]:
            self.at(self.later(H, 8 * H), partial(self.search, waiting_story))


def _drop_commit_hooks() -> None:
    """What a commit would run is messages only (mail, a freed bed's waiting-list proposal to
    whoever is on duty): not for a past that nobody is on duty in any more, and not all at once
    at the end of the one transaction that the whole history is. The generator itself looks
    at the waiting list when a bed frees up (``_History.outflow``)."""
    transaction.get_connection().run_on_commit.clear()


def arrival_times(
    rng: random.Random, start: dt.datetime, end: dt.datetime, per_year: int
) -> list[dt.datetime]:
    """``per_year`` signals a year, spread over the period, more by day than by night."""
    days = (end - start).total_seconds() / 86400
    count = round(per_year * days / 365.25)
    times = []
    for _ in range(count):
        moment = start + dt.timedelta(days=rng.uniform(0, days))
        if rng.random() < 0.6:  # most signals come in during office hours
            moment = moment.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
        times.append(min(max(moment, start), end - dt.timedelta(minutes=1)))
    return sorted(times)


def _geography() -> mix.Geography:
    big = {code for code, _ in mix.BIG_CITIES}
    rows = Municipality.objects.order_by("code").values_list("code", "province_id")
    randstad = [c for c, p in rows if p in mix.RANDSTAD_PROVINCES and c not in big]
    elsewhere = [c for c, p in rows if p not in mix.RANDSTAD_PROVINCES]
    return mix.Geography(randstad=randstad, elsewhere=elsewhere)
