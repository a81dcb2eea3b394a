from django.urls import path

from veiligeplek.registry import admin_views, views

app_name = "registry"
urlpatterns = [
    path("overzicht/", views.overview_page, name="overview"),
    path("overzicht/kaart.svg", views.overview_map, name="overview_map"),
    path("beschikbaarheid/", views.my_availability, name="my_availability"),
    path("beschikbaarheid/bed/<int:place_id>/", views.place_status, name="place_status"),
    path(
        "beschikbaarheid/groep/<int:group_id>/andere-doelgroep/",
        views.group_other,
        name="group_other",
    ),
    path(
        "beschikbaarheid/locatie/<int:location_id>/bevestig/",
        views.location_confirm,
        name="location_confirm",
    ),
    path("beheer/regios/", admin_views.regions, name="regions"),
    path("beheer/regios/<str:code>/", admin_views.region_revise, name="region_revise"),
    path("beheer/landschap/", admin_views.landscape, name="landscape"),
    path(
        "beheer/landschap/export.<str:fmt>", admin_views.landscape_export, name="landscape_export"
    ),
]
