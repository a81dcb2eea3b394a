from django.urls import path

from veiligeplek.cases.views import case as case_views
from veiligeplek.cases.views import intake as intake_views
from veiligeplek.cases.views import routing as views
from veiligeplek.cases.views import search as search_views
from veiligeplek.cases.views import shelter as shelter_views
from veiligeplek.cases.views import waiting as waiting_views

app_name = "cases"
urlpatterns = [
    path("routering/", views.routing_page, name="routing"),
    path("zoeken/", search_views.search_page, name="search"),
    path("signaal/", intake_views.signal_new, name="signal_new"),
    path("signaal/<str:number>/", intake_views.signal_done, name="signal_done"),
    path("mijn-signalen/", intake_views.my_signals, name="my_signals"),
    path("inbox/", intake_views.inbox, name="inbox"),
    path("inbox/gelezen/", intake_views.inbox_read, name="inbox_read"),
    path("casussen/", case_views.case_list, name="list"),
    path("casussen/<str:number>/", case_views.case_detail, name="detail"),
    path("casussen/<str:number>/identiteit/", case_views.case_identity, name="identity"),
    path("casussen/<str:number>/feiten/", case_views.case_facts, name="facts"),
    path("casussen/<str:number>/oppakken/", case_views.case_pick_up, name="pick_up"),
    path("casussen/<str:number>/verwijzen/", case_views.case_refer, name="refer"),
    path("casussen/<str:number>/plaatsen/", case_views.case_place, name="place"),
    path("casussen/<str:number>/wachtlijst/", case_views.case_wait, name="wait"),
    path("casussen/<str:number>/van-wachtlijst/", case_views.case_unwait, name="unwait"),
    path("casussen/<str:number>/ad-hoc/", case_views.case_ad_hoc, name="ad_hoc"),
    path("casussen/<str:number>/uitstroom/", case_views.case_outflow, name="outflow"),
    path("casussen/<str:number>/afsluiten/", case_views.case_close_view, name="close"),
    path("casussen/<str:number>/adres/", case_views.case_address, name="address"),
    path("noodtoegang/", case_views.break_glass, name="break_glass"),
    path("verwijzingen/", shelter_views.referrals, name="referrals"),
    path(
        "verwijzingen/<int:referral_id>/accepteren/",
        shelter_views.referral_accept_view,
        name="referral_accept",
    ),
    path(
        "verwijzingen/<int:referral_id>/afwijzen/",
        shelter_views.referral_decline_view,
        name="referral_decline",
    ),
    path("wachtlijst/", waiting_views.waiting_list, name="waiting_list"),
    path("wachtlijst/bevestigen/", waiting_views.waiting_confirm, name="waiting_confirm"),
    path("rooster/", waiting_views.roster, name="roster"),
    path("rooster/<int:shift_id>/verwijderen/", waiting_views.roster_remove, name="roster_remove"),
]
