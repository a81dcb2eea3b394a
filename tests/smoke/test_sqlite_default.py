"""The embedded default works: a server set up like `make run` (SQLite, demo data) renders the
main pages for every demo role, and the map draws without any network."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.live import LiveApp

pytestmark = pytest.mark.slow

PAGES_BY_USER = {
    "demo-politie": ["/", "/routering/"],
    "demo-zc-flevoland": ["/", "/routering/", "/overzicht/", "/overzicht/kaart.svg"],
    "demo-comensha": ["/", "/overzicht/"],
    "demo-nla": ["/", "/routering/"],
    "demo-opvang-ctm": ["/", "/beschikbaarheid/", "/overzicht/"],
    "demo-beleid": ["/", "/overzicht/"],
    "demo-beheer": ["/", "/beheer/regios/", "/beheer/landschap/", "/beheer/landschap/export.csv"],
    "demo-privacy": ["/"],
}


class Session:
    def __init__(self, app: LiveApp) -> None:
        self.app = app
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.app.url + path, timeout=20) as response:
            return int(response.status), str(response.read().decode("utf-8"))

    def post_form(self, path: str, page: str, fields: dict[str, str]) -> tuple[str, str]:
        """Post ``fields`` with the CSRF token of ``page``; returns the final URL and page."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(  # noqa: S310 - the loopback test server
            self.app.url + path, data=data, headers={"Referer": self.app.url + path}
        )
        with self.opener.open(request, timeout=20) as response:
            return str(response.url), str(response.read().decode("utf-8"))

    def login(self, username: str) -> str:
        """Password, then (for roles that need it) the code of the demo authenticator."""
        _, page = self.get("/inloggen/")
        fields = {"username": username, "password": self.app.demo_password}
        url, page = self.post_form("/inloggen/", page, fields)
        if urllib.parse.urlsplit(url).path == "/inloggen/code/":
            code = {"code": self.app.otp_code(username), "next": "/"}
            url, page = self.post_form("/inloggen/code/", page, code)
        assert urllib.parse.urlsplit(url).path == "/", url
        return page


@pytest.mark.parametrize(("username", "paths"), PAGES_BY_USER.items())
def test_every_demo_role_sees_its_main_pages_on_the_sqlite_default(
    live_app: LiveApp, username: str, paths: list[str]
) -> None:
    session = Session(live_app)
    home = session.login(username)
    assert "Demo-omgeving" in home
    assert "Uitloggen" in home
    for path in paths:
        status, body = session.get(path)
        assert status == 200, path
        assert "Bron: CBS / PDOK" in body or path.endswith((".svg", ".csv"))


def test_the_overview_on_a_fresh_install_shows_the_reports_totals(live_app: LiveApp) -> None:
    session = Session(live_app)
    session.login("demo-beleid")
    _, html = session.get("/overzicht/")
    for testid, value in {
        "capacity-cosm": "51",
        "capacity-omm": "31",
        "capacity-wmo": "38–42",
        "capacity-nla": "20",
        "capacity-mannenopvang": "18",
        "capacity-total": "158–162",
    }.items():
        assert f'data-testid="{testid}">{value}<' in html


def test_static_assets_are_served_by_the_app_itself(live_app: LiveApp) -> None:
    session = Session(live_app)
    _, page = session.get("/inloggen/")
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        status, _ = session.get(asset)
        assert status == 200, asset
