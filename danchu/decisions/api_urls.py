from django.urls import path

from . import api

urlpatterns = [
    path("decisions/", api.DecisionListApi.as_view(), name="api-decisions"),
    path("decisions/<int:pk>/", api.DecisionDetailApi.as_view(), name="api-decision"),
    path("decisions/<int:pk>/public/", api.PublicDecisionApi.as_view(), name="api-decision-public"),
    path("decisions/<int:pk>/meetings/", api.ACTION_VIEWS["meeting_notice"].as_view(), name="api-decision-meetings"),
    path("decisions/<int:pk>/meetings/<int:meeting_pk>/attendance/", api.AttendanceApi.as_view(),
         name="api-decision-attendance"),
    path("decisions/<int:pk>/meetings/<int:meeting_pk>/result/", api.MeetingResultApi.as_view(),
         name="api-decision-meeting-result"),
    path("decisions/<int:pk>/ballot/", api.ACTION_VIEWS["ballot_open"].as_view(), name="api-decision-ballot-open"),
    path("decisions/<int:pk>/ballots/", api.BallotApi.as_view(), name="api-decision-ballots"),
    path("decisions/<int:pk>/ballot/count/", api.BallotCountApi.as_view(), name="api-decision-ballot-count"),
    path("decisions/<int:pk>/positions/", api.PositionsApi.as_view(), name="api-decision-positions"),
    path("decisions/<int:pk>/send/", api.ACTION_VIEWS["send"].as_view(), name="api-decision-send"),
    path("decisions/<int:pk>/recognise/", api.ACTION_VIEWS["recognise"].as_view(), name="api-decision-recognise"),
    path("decisions/<int:pk>/refuse/", api.ACTION_VIEWS["refuse"].as_view(), name="api-decision-refuse"),
    path("decisions/<int:pk>/annul/", api.ACTION_VIEWS["annul"].as_view(), name="api-decision-annul"),
    path("decisions/<int:pk>/amend/", api.ACTION_VIEWS["amend"].as_view(), name="api-decision-amend"),
    path("decisions/<int:pk>/online/", api.ACTION_VIEWS["online_open"].as_view(), name="api-decision-online"),
    path("decisions/<int:pk>/online/conclude/", api.ACTION_VIEWS["online_conclude"].as_view(), name="api-decision-online-conclude"),
    path("decision-initiatives/", api.InitiativeListApi.as_view(), name="api-decision-initiatives"),
    path("decision-initiatives/<int:pk>/", api.InitiativeDetailApi.as_view(), name="api-decision-initiative"),
    path("decision-initiatives/<int:pk>/consents/", api.ConsentApi.as_view(), name="api-decision-initiative-consents"),
    path("decision-initiatives/<int:pk>/consent/", api.OwnConsentApi.as_view(), name="api-decision-initiative-consent"),
    path("decision-initiatives/<int:pk>/table/", api.TableApi.as_view(), name="api-decision-initiative-table"),
]
