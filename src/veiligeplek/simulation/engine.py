"""One replication of the capacity model, in SimPy: what a worker process runs.

Only the standard library and SimPy: a worker imports this module and not the domain (whose
SciPy takes seconds to import), since ``model.compile_model`` has already asked the domain
everything (``Model``). The rules are in ``model.py``.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

import simpy
from simpy.events import Timeout

from veiligeplek.domain.enums import PlaceCategory

CATEGORIES: tuple[PlaceCategory, ...] = tuple(PlaceCategory)
DAYS_PER_YEAR = 365.25
Distribution = Literal["exponential", "lognormal", "empirical", "fixed"]


@dataclass(frozen=True)
class Stay:
    distribution: Distribution
    mean_days: float
    sd_days: float = 0.0
    days: tuple[float, ...] = ()


@dataclass(frozen=True)
class Profile:
    """What the domain decided for one stream, kept for the whole run."""

    name: str
    per_day: float
    seasonal: tuple[float, ...]
    national_gap: bool
    order: tuple[int, ...]  # eligible groups, in the app's ranking
    categories: tuple[int, ...]  # indices into CATEGORIES with an eligible group: waiting lists
    weights: tuple[tuple[float, ...], ...]  # [days waited 0..60][group]: priority x fit
    reflection_days: int | None  # aliens-law track: the reflection period


@dataclass(frozen=True)
class Model:
    """A scenario compiled for replication: plain tuples, cheap to send to a worker."""

    capacity: tuple[int, ...]
    category_of: tuple[int, ...]
    max_stay: tuple[float, ...]
    profiles: tuple[Profile, ...]
    waiting_for: tuple[tuple[int, ...], ...]  # per group: the profiles eligible for it
    stays: tuple[Stay, ...]  # per category (CATEGORIES order)
    ad_hoc_after: float  # math.inf: never
    drop_out_per_day: float
    decline_share: float
    report_filed_share: float
    end: float  # days
    warm_up: float  # days
    ramp_to: float
    ramp_days: float
    start_month: int  # 0..11


# --- one replication --------------------------------------------------------------------------


class _Person:
    __slots__ = ("arrival", "leave", "left_by_reflection", "profile")

    def __init__(self, arrival: float, profile: int, leave: float, by_reflection: bool) -> None:
        self.arrival = arrival
        self.profile = profile
        self.leave = leave  # when the person leaves the waiting list unplaced (inf: never)
        self.left_by_reflection = by_reflection


@dataclass
class Tally:
    """One replication's counts over the measured period (arrivals after the warm-up)."""

    arrivals: list[int]  # per profile
    placed: list[int]
    no_place_free: list[int]
    ad_hoc: list[int]
    drop_outs: list[int]
    reflection_ended: list[int]
    declined: list[int]
    still_waiting: list[int]
    waiting_days: list[float]  # per profile: person-days on the waiting list in the period
    waits_by_profile: list[list[float]]  # emptied at the end: only the summaries travel
    waits_by_category: list[list[float]]
    busy_days: list[float]  # per category: bed-days occupied in the period
    events: int
    # (placements, mean, median, p90) of the waits, per profile, per category, of all
    summary_by_profile: list[WaitSummary] = field(default_factory=list)
    summary_by_category: list[WaitSummary] = field(default_factory=list)
    summary_all: WaitSummary = (0, math.nan, math.nan, math.nan)


WaitSummary = tuple[int, float, float, float]


def summarise_waits(waits: Sequence[float]) -> WaitSummary:
    """(n, mean, median, p90), percentiles interpolated linearly as NumPy's default does."""
    if not waits:
        return (0, math.nan, math.nan, math.nan)
    ordered = sorted(waits)
    return (len(ordered), math.fsum(ordered) / len(ordered), _percentile(ordered, 0.5),
            _percentile(ordered, 0.9))  # fmt: skip


def _percentile(ordered: Sequence[float], q: float) -> float:
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def seeds_for(seed: int, replication: int) -> tuple[str, str]:
    """Two independent seeds for replication ``replication``: arrivals, and everything else.
    They depend on the seed and the index only, never on the number of workers; ``Random``
    hashes a text seed with SHA-512, so neighbouring indices give unrelated streams."""
    return f"{seed}:{replication}:arrivals", f"{seed}:{replication}:other"


def run_chunk(model: Model, seed: int, replications: Sequence[int]) -> list[Tally]:
    """Some replications, in order (one joblib task)."""
    return [run_replication(model, seed, i) for i in replications]


def run_replication(model: Model, seed: int, replication: int) -> Tally:
    arrival_seed, other_seed = seeds_for(seed, replication)
    # Not for secrets: reproducible samples from a seed are the point (S311).
    sim = _Replication(model, random.Random(arrival_seed), random.Random(other_seed))  # noqa: S311
    return sim.run()


class _Replication:
    """One run. The hot paths (an arrival, a placement, an end of stay) are written out in
    full, with the model's tuples in locals, and the arrival streams are chains of SimPy
    timeouts with a callback rather than SimPy processes (no generator to resume per
    arrival): the same events in the same order, with the same random numbers, as the
    process-per-stream version (``tests/simulation/test_golden_samples.py``)."""

    def __init__(self, model: Model, arrivals_rng: random.Random, rng: random.Random) -> None:
        self.m = model
        self.env = simpy.Environment()
        self.arrivals_rng = arrivals_rng
        self.rng = rng
        n, c = len(model.profiles), len(CATEGORIES)
        self.free = list(model.capacity)
        self.queues: list[deque[_Person]] = [deque() for _ in range(n)]
        self.busy = [0] * c
        self.busy_since = [0.0] * c
        self.t = Tally(
            arrivals=[0] * n, placed=[0] * n, no_place_free=[0] * n, ad_hoc=[0] * n,
            drop_outs=[0] * n, reflection_ended=[0] * n, declined=[0] * n, still_waiting=[0] * n,
            waiting_days=[0.0] * n, waits_by_profile=[[] for _ in range(n)],
            waits_by_category=[[] for _ in range(c)], busy_days=[0.0] * c, events=0,
        )  # fmt: skip
        self._stays = tuple(self._sampler(stay) for stay in model.stays)

    def run(self) -> Tally:
        for k, profile in enumerate(self.m.profiles):
            if profile.per_day > 0:
                self._stream(k)
        self.env.run(until=self.m.end)
        self._finish()
        t = self.t
        t.summary_by_profile = [summarise_waits(w) for w in t.waits_by_profile]
        t.summary_by_category = [summarise_waits(w) for w in t.waits_by_category]
        t.summary_all = summarise_waits([w for ws in t.waits_by_profile for w in ws])
        t.waits_by_profile = [[] for _ in t.waits_by_profile]
        t.waits_by_category = [[] for _ in t.waits_by_category]
        return t

    # --- arrivals ---------------------------------------------------------------------------

    def _stream(self, k: int) -> None:
        """Profile ``k``'s Poisson stream: each arrival's timeout schedules the next one
        (thinned from the peak rate when demand is seasonal or rising). ``-log(1 - U) / rate``
        is ``Random.expovariate`` written out (Python 3.12's own formula, same numbers)."""
        m, env = self.m, self.env
        uniform = self.arrivals_rng.random
        profile = m.profiles[k]
        rate = profile.per_day
        arrive = self._arrive
        log = math.log
        if not (profile.seasonal or (m.ramp_to != 1.0 and m.ramp_days > 0)):

            def steady(_: simpy.Event) -> None:
                arrive(k)
                Timeout(env, -log(1.0 - uniform()) / rate).callbacks.append(steady)

            Timeout(env, -log(1.0 - uniform()) / rate).callbacks.append(steady)
            return
        peak = rate * (max(profile.seasonal) if profile.seasonal else 1.0) * max(1.0, m.ramp_to)
        factor = self._factor

        def thinned(_: simpy.Event) -> None:
            if uniform() * peak <= rate * factor(profile, env.now):
                arrive(k)
            Timeout(env, -log(1.0 - uniform()) / peak).callbacks.append(thinned)

        Timeout(env, -log(1.0 - uniform()) / peak).callbacks.append(thinned)

    def _factor(self, profile: Profile, now: float) -> float:
        m = self.m
        factor = 1.0
        if profile.seasonal:
            month = (m.start_month + int(now / (DAYS_PER_YEAR / 12))) % 12
            factor = profile.seasonal[month]
        if m.ramp_days > 0:
            factor *= 1.0 + (m.ramp_to - 1.0) * min(now / m.ramp_days, 1.0)
        return factor

    def _arrive(self, k: int) -> None:
        m, now, t = self.m, self.env.now, self.t
        t.events += 1
        profile = m.profiles[k]
        counted = now >= m.warm_up
        if counted:
            t.arrivals[k] += 1
        if profile.national_gap:
            if counted:
                t.no_place_free[k] += 1
                t.ad_hoc[k] += 1
            return
        person = self._person(k, profile, now)
        # the first free eligible group in the app's order that does not decline
        free, decline = self.free, m.decline_share
        for g in profile.order:
            if free[g] > 0:
                if decline and self.rng.random() < decline:
                    if counted:
                        t.declined[k] += 1
                    continue
                self._place(person, g)
                return
        if counted:
            t.no_place_free[k] += 1
        self.queues[k].append(person)

    def _person(self, k: int, profile: Profile, now: float) -> _Person:
        """When the person would leave the list unplaced (drop-out, reflection period)."""
        m, rng = self.m, self.rng
        leave = now + rng.expovariate(m.drop_out_per_day) if m.drop_out_per_day > 0 else math.inf
        by_reflection = False
        if profile.reflection_days is not None and rng.random() >= m.report_filed_share:
            expires = now + profile.reflection_days
            if expires < leave:
                leave, by_reflection = expires, True
        return _Person(now, k, leave, by_reflection)

    # --- beds -------------------------------------------------------------------------------

    def _occupy(self, category: int, delta: int) -> None:
        now, warm_up = self.env.now, self.m.warm_up
        if now > warm_up:
            self.t.busy_days[category] += self.busy[category] * (
                now - max(self.busy_since[category], warm_up)
            )
        self.busy_since[category] = now
        self.busy[category] += delta

    def _place(self, person: _Person, g: int) -> None:
        m, env, t = self.m, self.env, self.t
        now, warm_up = env.now, m.warm_up
        self.free[g] -= 1
        category = m.category_of[g]
        # the category's bed-days so far, then one bed more (``_occupy`` written out)
        busy = self.busy
        if now > warm_up:
            since = self.busy_since[category]
            start = since if since > warm_up else warm_up
            t.busy_days[category] += busy[category] * (now - start)
        self.busy_since[category] = now
        busy[category] += 1
        k = person.profile
        arrival = person.arrival
        if arrival >= warm_up:
            wait = now - arrival
            t.placed[k] += 1
            t.waits_by_profile[k].append(wait)
            t.waits_by_category[category].append(wait)
            if wait > m.ad_hoc_after:
                t.ad_hoc[k] += 1
        start = arrival if arrival > warm_up else warm_up  # ``_waited`` written out
        if now > start:
            t.waiting_days[k] += now - start
        stay = min(self._stays[category](), m.max_stay[g])
        if person.left_by_reflection:  # no report: the stay ends with the reflection period
            stay = min(stay, max(person.leave - now, 0.0))
        Timeout(env, stay, g).callbacks.append(self._released)

    def _sampler(self, stay: Stay) -> Callable[[], float]:
        """A draw of ``stay``'s distribution, decided once instead of at every placement."""
        rng = self.rng
        if stay.distribution == "exponential":
            rate, uniform, log = 1.0 / stay.mean_days, rng.random, math.log
            return lambda: -log(1.0 - uniform()) / rate  # ``expovariate`` written out
        if stay.distribution == "lognormal":
            sigma2 = math.log(1.0 + (stay.sd_days / stay.mean_days) ** 2)
            mu, sigma = math.log(stay.mean_days) - sigma2 / 2, math.sqrt(sigma2)
            return lambda: rng.lognormvariate(mu, sigma)
        if stay.distribution == "empirical":
            days = stay.days
            return lambda: rng.choice(days)
        mean = stay.mean_days
        return lambda: mean

    def _released(self, event: simpy.Event) -> None:
        g = cast(int, event.value)
        m, now = self.m, self.env.now
        self.t.events += 1
        self.free[g] += 1
        self._occupy(m.category_of[g], -1)
        waiting_for = m.waiting_for[g]
        if not waiting_for:
            return
        decline = m.decline_share
        tried: set[int] = set()
        while True:
            k = self._best_waiting(g, now, tried)
            if k is None:
                return
            person = self.queues[k][0]
            if decline and self.rng.random() < decline:
                if person.arrival >= m.warm_up:
                    self.t.declined[k] += 1
                tried.add(k)
                continue
            self.queues[k].popleft()
            self._place(person, g)
            return

    def _best_waiting(self, g: int, now: float, tried: set[int]) -> int | None:
        """The profile whose first waiting person weighs most for group ``g``."""
        best, best_weight, best_arrival = None, -1.0, math.inf
        queues, profiles = self.queues, self.m.profiles
        for k in self.m.waiting_for[g]:
            queue = queues[k]
            if not queue:
                continue
            while queue and queue[0].leave <= now:
                self._leave(queue.popleft())
            if not queue or k in tried:
                continue
            head = queue[0]
            weights = profiles[k].weights  # one row per day waited, the last saturated
            days = int(now - head.arrival)
            weight = weights[days if days < len(weights) else len(weights) - 1][g]
            if weight > best_weight or (weight == best_weight and head.arrival < best_arrival):
                best, best_weight, best_arrival = k, weight, head.arrival
        return best

    # --- leaving the list unplaced ----------------------------------------------------------

    def _leave(self, person: _Person) -> None:
        m, t = self.m, self.t
        self._waited(person, person.leave)
        if person.arrival < m.warm_up:
            return
        k = person.profile
        if person.left_by_reflection:
            t.reflection_ended[k] += 1
        else:
            t.drop_outs[k] += 1
        if person.leave - person.arrival > m.ad_hoc_after:
            t.ad_hoc[k] += 1

    def _waited(self, person: _Person, until: float) -> None:
        start = max(person.arrival, self.m.warm_up)
        if until > start:
            self.t.waiting_days[person.profile] += until - start

    def _finish(self) -> None:
        m, t = self.m, self.t
        for category in range(len(CATEGORIES)):
            self._occupy(category, 0)
        for queue in self.queues:
            for person in queue:
                if person.leave <= m.end:
                    self._leave(person)
                    continue
                self._waited(person, m.end)
                if person.arrival >= m.warm_up:
                    t.still_waiting[person.profile] += 1
                    if m.end - person.arrival > m.ad_hoc_after:
                        t.ad_hoc[person.profile] += 1
