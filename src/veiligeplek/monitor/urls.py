from django.urls import path

from veiligeplek.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.monitor_dashboard, name="dashboard"),
]
