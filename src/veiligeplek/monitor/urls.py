from django.urls import path

from veiligeplek.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.monitor_dashboard, name="dashboard"),
    path("rapportage/", views.report_new, name="reports"),
    path("simulatie/", views.simulation_page, name="simulations"),
    path("rapportage/<int:run_id>/", views.report_status, name="report"),
    path("rapportage/<int:run_id>/bestand/", views.report_file, name="report_file"),
]
