from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from veiligeplek.api.v1 import api


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on their own: answer with the icon, not a 404."""
    return HttpResponsePermanentRedirect(static("veiligeplek/favicon.svg"))


urlpatterns = [
    path("", include("veiligeplek.accounts.urls")),
    path("", include("veiligeplek.registry.urls")),
    path("", include("veiligeplek.cases.urls")),
    path("", include("veiligeplek.infosheet.urls")),
    path("audit/", include("veiligeplek.audit.urls")),
    path("monitor/", include("veiligeplek.monitor.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", favicon),
]
