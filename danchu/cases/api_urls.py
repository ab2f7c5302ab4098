from django.urls import path

from . import api

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
    path("cases/<int:pk>/accept/", api.AcceptApi.as_view(), name="api-case-accept"),
    path("cases/<int:pk>/several-places/", api.SeveralPlacesApi.as_view(), name="api-case-several-places"),
    path("cases/<int:pk>/reject/", api.RejectApi.as_view(), name="api-case-reject"),
    path("cases/<int:pk>/transfer/", api.TransferApi.as_view(), name="api-case-transfer"),
    path("cases/<int:pk>/extend/", api.ExtendApi.as_view(), name="api-case-extend"),
    path("cases/<int:pk>/decide/", api.DecideApi.as_view(), name="api-case-decide"),
    path("cases/<int:pk>/send/", api.SendApi.as_view(), name="api-case-send"),
    path("cases/<int:pk>/publish/", api.PublishApi.as_view(), name="api-case-publish"),
    path("cases/<int:pk>/terminate/", api.TerminateApi.as_view(), name="api-case-terminate"),
    path("cases/<int:pk>/answer/", api.AnswerApi.as_view(), name="api-case-answer"),
    path("cases/<int:pk>/dialogue/", api.DialogueApi.as_view(), name="api-case-dialogue"),
    path("cases/<int:pk>/anonymous-check/", api.AnonymousCheckApi.as_view(), name="api-case-anonymous-check"),
    path("cases/<int:pk>/reclassify/", api.ReclassifyApi.as_view(), name="api-case-reclassify"),
    path("cases/<int:pk>/assign/", api.AssignApi.as_view(), name="api-case-assign"),
]
