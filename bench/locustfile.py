"""The busiest realistic mix of Veilige Plek, for locust (started by ``bench/load.py``).

Not meant to be run on its own: ``bench/load.py`` prepares the database and the credentials
(``VP_LOAD_CREDENTIALS``, a JSON file) and sets the offered rate per simulated user
(``VP_LOAD_USER_RATE``, requests per second). Every user draws its next request from ``MIX``
(the shares derived in ``bench/load.py``, ``request_mix``), so the offered load is
``users x rate`` requests per second; a user whose answers take longer than ``1 / rate`` falls
behind, which is what saturation looks like.

Request types (the names in the report):

- ``signal``: a signaller submits a signal (``POST /api/v1/cases``, bearer token).
- ``search``: a coordinator searches places for a case's facts (``POST /api/v1/matches``).
- ``case``: a coordinator reads a case of her last list (``GET /api/v1/cases/{number}``); a 404
  for a case that left her scope since (handed over after an outflow) is an answer of the
  system, counted as ``case (left scope)``, not an error.
- ``cases``: a coordinator's list of cases (``GET /api/v1/cases``).
- ``place``: a coordinator places a case submitted in this run on the first eligible free
  group of its search (``POST /api/v1/cases/{number}/placements``); a 409 (someone was first,
  or no bed is free) is an answer of the system, counted as ``place (refused)``, not an error;
  so is a 404 for a case that is not hers (the municipal track goes to the region's
  coordinator, not to CoMensha), counted as ``place (not in scope)``.
- ``outflow``: a placement of this run ends (``POST /api/v1/placements/{id}/end``), so that
  beds come free again as in real life.
- ``availability``: a shelter's availability page (``GET /beschikbaarheid/``, session).
- ``bed``: a shelter marks a bed free or occupied (``POST /beschikbaarheid/bed/{id}/``).
- ``confirm``: a shelter confirms "everything still right" for a location.
- ``monitor``: a policy officer's dashboard page (``GET /monitor/``, session).
- ``statistics``: the monitoring's figures (``GET /api/v1/statistics``, bearer token).
"""

from __future__ import annotations

import collections
import itertools
import json
import os
import random
import re
from typing import Any

from locust import HttpUser, constant_throughput, task
from locust.clients import HttpSession

CREDENTIALS: dict[str, Any] = json.loads(
    open(os.environ["VP_LOAD_CREDENTIALS"], encoding="utf-8").read()  # noqa: SIM115
)
USER_RATE = float(os.environ.get("VP_LOAD_USER_RATE", "0.5"))
MIX: dict[str, float] = CREDENTIALS["mix"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Fictitious profiles (the report's four people and two common ones); found municipalities
# across the country so that routing spreads over the care regions.
PROFILES: list[dict[str, Any]] = [
    {
        "found_municipality": "GM0363",
        "exploitation": ["sexual"],
        "gender": "female",
        "age": 29,
        "residence_permit": "none",
        "languages": ["es"],
    },
    {
        "found_municipality": "GM1783",
        "exploitation": ["labour"],
        "gender": "male",
        "age": 38,
        "nationality": "PL",
        "languages": ["pl"],
    },
    {
        "found_municipality": "GM0363",
        "registered_municipality": "GM0034",
        "exploitation": ["sexual"],
        "gender": "female",
        "age": 24,
        "nationality": "NL",
    },
    {
        "found_municipality": "GM0599",
        "exploitation": ["sexual"],
        "gender": "female",
        "age": 33,
        "nationality": "NG",
        "residence_permit": "none",
    },
    {
        "found_municipality": "GM0772",
        "registered_municipality": "GM0772",
        "exploitation": ["criminal"],
        "gender": "male",
        "age": 19,
        "nationality": "NL",
    },
]

# Shared by all users of this locust process: cases submitted and placements made in this run.
SUBMITTED: collections.deque[tuple[str, dict[str, Any]]] = collections.deque(maxlen=500)
PLACED: collections.deque[int] = collections.deque(maxlen=500)
# The cases of the coordinator's last list (``cases``): what she can open.
VISIBLE: list[str] = list(CREDENTIALS["cases"])
_profiles = itertools.cycle(PROFILES)


def bearer(role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {CREDENTIALS['tokens'][role]}"}


class Mixed(HttpUser):
    """One person at a time of the mix: each request drawn by its share of the busy hour."""

    wait_time = constant_throughput(USER_RATE)

    def on_start(self) -> None:
        self.names = list(MIX)
        self.weights = [MIX[name] for name in self.names]
        # One HTTP session per person on the web pages, each with only its own cookies (its
        # session and CSRF cookie); the API calls (self.client) carry a bearer token only.
        self.browsers = {
            role: HttpSession(self.host, self.environment.events.request, self)
            for role in CREDENTIALS["sessions"]
        }
        for role, browser in self.browsers.items():
            browser.cookies.set(
                CREDENTIALS["session_cookie"], CREDENTIALS["sessions"][role], domain="127.0.0.1"
            )

    @task
    def one_request(self) -> None:
        name = random.choices(self.names, self.weights)[0]
        getattr(self, f"do_{name}")()

    # --- signallers and coordinators (API) -------------------------------------------------

    def do_signal(self) -> None:
        facts = next(_profiles)
        body = {
            "facts": facts,
            "urgency": random.choice(["crisis", "normal"]),
            "callback_name": "Agent Fictief (belastingtest)",
            "callback_phone": "06 1234 5678",
        }
        with self.client.post(
            "/api/v1/cases",
            json=body,
            headers=bearer("signaller"),
            name="signal",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")
                return
            SUBMITTED.append((response.json()["number"], facts))

    def _search(self, facts: dict[str, Any]) -> dict[str, Any] | None:
        with self.client.post(
            "/api/v1/matches",
            json=facts,
            headers=bearer("coordinator"),
            name="search",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            result: dict[str, Any] = response.json()
            return result

    def do_search(self) -> None:
        self._search(random.choice(PROFILES))

    def do_case(self) -> None:
        if not VISIBLE:
            self.do_cases()
            return
        with self.client.get(
            f"/api/v1/cases/{random.choice(VISIBLE)}",
            headers=bearer("coordinator"),
            name="case",
            catch_response=True,
        ) as response:
            if response.status_code == 404:
                response.request_meta["name"] = "case (left scope)"
                response.success()
            elif response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    def do_cases(self) -> None:
        with self.client.get(
            "/api/v1/cases", headers=bearer("coordinator"), name="cases", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            VISIBLE[:] = [c["number"] for c in response.json()][:500]

    def do_place(self) -> None:
        if not SUBMITTED:
            self.do_search()
            return
        number, facts = SUBMITTED.popleft()
        result = self._search(facts)
        if result is None:
            return
        free = [p for p in result["places"] if p.get("eligible") and p.get("available", 0) > 0]
        if not free:
            return  # nothing free that fits: the coordinator puts the case on a waiting list
        with self.client.post(
            f"/api/v1/cases/{number}/placements",
            json={"place_group": free[0]["id"]},
            headers=bearer("coordinator"),
            name="place",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                PLACED.append(int(response.json()["id"]))
            elif response.status_code in (409, 422):
                response.request_meta["name"] = "place (refused)"
                response.success()
            elif response.status_code == 404:
                response.request_meta["name"] = "place (not in scope)"
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    def do_outflow(self) -> None:
        if not PLACED:
            self.do_cases()
            return
        placement = PLACED.popleft()
        self.client.post(
            f"/api/v1/placements/{placement}/end",
            json={"outflow": "second_phase"},
            headers=bearer("coordinator"),
            name="outflow",
        )

    def do_statistics(self) -> None:
        self.client.get(
            "/api/v1/statistics",
            params={"period": CREDENTIALS["period"], "scope": "national"},
            headers=bearer("policy"),
            name="statistics",
        )

    # --- shelters and dashboards (web pages, session) --------------------------------------

    def _page(self, role: str, path: str, name: str) -> str | None:
        with self.browsers[role].get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            return str(response.text)

    def _post(self, role: str, path: str, data: dict[str, str], name: str) -> None:
        page = self._page(role, "/beschikbaarheid/", "availability")
        token = CSRF.search(page or "")
        if token is None:
            return
        headers = {"Referer": f"{self.host}/beschikbaarheid/"}
        with self.browsers[role].post(
            path,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 302):  # 302: back to the page with a message
                response.failure(f"HTTP {response.status_code}")

    def do_availability(self) -> None:
        self._page(random.choice(CREDENTIALS["shelters"]), "/beschikbaarheid/", "availability")

    def do_bed(self) -> None:
        shelter = random.choice(CREDENTIALS["shelters"])
        bed = random.choice(CREDENTIALS["beds"][shelter])
        status = random.choice(["free", "occupied"])
        self._post(shelter, f"/beschikbaarheid/bed/{bed}/", {"status": status}, "bed")

    def do_confirm(self) -> None:
        shelter = random.choice(CREDENTIALS["shelters"])
        location = random.choice(CREDENTIALS["locations"][shelter])
        self._post(shelter, f"/beschikbaarheid/locatie/{location}/bevestig/", {}, "confirm")

    def do_monitor(self) -> None:
        self._page("policy", "/monitor/", "monitor")
