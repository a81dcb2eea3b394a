"""Security headers on every response, and templates that a strict CSP can serve as they are."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.PACKAGE_DIR) / "templates"
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


def assert_security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = csp(response)
    for directive, value in EXPECTED_CSP.items():
        assert policy[directive] == value, directive
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_the_login_page_carries_every_security_header_and_is_not_cached() -> None:
    response = Client().get(reverse("accounts:login"))
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.REGIONAL_COORDINATOR, "cases:list"),
        (Role.SHELTER_STAFF, "registry:my_availability"),
        (Role.POLICY_OFFICER, "registry:overview"),
        (Role.SIGNALLER, "cases:my_signals"),
    ],
)
def test_authenticated_pages_are_never_cached(
    client_for: Callable[..., Client], role: Role, url: str
) -> None:
    response = client_for(role).get(reverse(url))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert_security_headers(response)


def test_api_answers_are_never_cached(client_for: Callable[..., Client]) -> None:
    response = client_for(Role.COMENSHA).get("/api/v1/me")
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_hsts_is_sent_over_https_with_a_long_max_age() -> None:
    response = Client().get(reverse("accounts:login"), secure=True)
    if settings.SECURE_HSTS_SECONDS:
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in Client().get(reverse("accounts:login"))


def test_static_files_get_the_csp_but_keep_their_caching() -> None:
    response = Client().get("/static/veiligeplek/app.css")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response.get("Cache-Control", "") != "no-store"


def _template_sources() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(TEMPLATES)), path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".svg"}
    ]


def test_no_template_has_inline_script_style_or_event_handlers() -> None:
    """What the CSP above forbids; a nonce would be needed for any of these."""
    offences = []
    for name, source in _template_sources():
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", source):
            offences.append(f"{name}: inline <script>")
        if re.search(r"<style\b", source):
            offences.append(f"{name}: <style> element")
        if re.search(r"\sstyle=", source):
            offences.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+=", source):
            offences.append(f"{name}: event handler attribute")
        if re.search(r"\bhx-on\b|hx-on:|hx-vals='js:|hx-vars", source):
            offences.append(f"{name}: htmx attribute that evaluates script")
        if re.search(r"(?:src|href)=\"(?:https?:)?//", source):
            offences.append(f"{name}: resource from another origin")
    assert offences == []


def test_htmx_runs_without_inline_styles_or_eval() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base
    assert '"allowEval": false' in base
