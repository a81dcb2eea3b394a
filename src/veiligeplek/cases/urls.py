from django.urls import path

from veiligeplek.cases import views

app_name = "cases"
urlpatterns = [
    path("routering/", views.routing_page, name="routing"),
]
