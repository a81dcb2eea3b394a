from django.urls import include, path

from veiligeplek.api.v1 import api

urlpatterns = [
    path("", include("veiligeplek.accounts.urls")),
    path("", include("veiligeplek.registry.urls")),
    path("", include("veiligeplek.cases.urls")),
    path("", include("veiligeplek.infosheet.urls")),
    path("audit/", include("veiligeplek.audit.urls")),
    path("monitor/", include("veiligeplek.monitor.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
