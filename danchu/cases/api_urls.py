from django.urls import path

from . import api

STEPS = api.ACTION_VIEWS  # the steps on a letter (cases/actions.py), one endpoint each

urlpatterns = [
    path("cases/reception-sessions/", api.SessionListApi.as_view(), name="api-cases-sessions"),
    path("cases/reception-sessions/<int:pk>/book/", api.BookApi.as_view(), name="api-cases-book"),
    path("cases/reception-sessions/<int:pk>/cancel/", api.SessionCancelApi.as_view(), name="api-cases-session-cancel"),
    path("cases/reception-sessions/<int:pk>/bookings/", api.SessionBookingsApi.as_view(),
         name="api-cases-session-bookings"),
    path("cases/bookings/mine/", api.MyBookingsApi.as_view(), name="api-cases-my-bookings"),
    path("cases/bookings/cancel/", api.BookingCancelApi.as_view(), name="api-cases-booking-cancel"),
    path("cases/letters/", api.LetterRecordApi.as_view(), name="api-cases-letters"),
    path("cases/track/", api.TrackApi.as_view(), name="api-cases-track"),
    path("cases/reception-entries/", api.EntryListApi.as_view(), name="api-cases-entries"),
    path("cases/reception-entries/<int:pk>/", api.EntryDetailApi.as_view(), name="api-cases-entry"),
    path("cases/", api.CaseListApi.as_view(), name="api-cases"),
    path("cases/<int:pk>/", api.CaseDetailApi.as_view(), name="api-case"),
    path("cases/<int:pk>/accept/", STEPS["accept"].as_view(), name="api-case-accept"),
    path("cases/<int:pk>/several-places/", STEPS["several_places"].as_view(), name="api-case-several-places"),
    path("cases/<int:pk>/reject/", STEPS["reject"].as_view(), name="api-case-reject"),
    path("cases/<int:pk>/transfer/", STEPS["transfer"].as_view(), name="api-case-transfer"),
    path("cases/<int:pk>/extend/", STEPS["extend"].as_view(), name="api-case-extend"),
    path("cases/<int:pk>/decide/", STEPS["decide"].as_view(), name="api-case-decide"),
    path("cases/<int:pk>/send/", STEPS["send"].as_view(), name="api-case-send"),
    path("cases/<int:pk>/publish/", STEPS["publish"].as_view(), name="api-case-publish"),
    path("cases/<int:pk>/terminate/", STEPS["terminate"].as_view(), name="api-case-terminate"),
    path("cases/<int:pk>/answer/", STEPS["answer"].as_view(), name="api-case-answer"),
    path("cases/<int:pk>/dialogue/", STEPS["dialogue"].as_view(), name="api-case-dialogue"),
    path("cases/<int:pk>/anonymous-check/", STEPS["anonymous_check"].as_view(), name="api-case-anonymous-check"),
    path("cases/<int:pk>/reclassify/", STEPS["reclassify"].as_view(), name="api-case-reclassify"),
    path("cases/<int:pk>/assign/", STEPS["assign"].as_view(), name="api-case-assign"),
]
