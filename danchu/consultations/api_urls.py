from django.urls import path

from . import api

P = "consultations/<int:pk>/"

urlpatterns = [
    path("consultations/", api.ConsultationListApi.as_view(), name="api-consultations"),
    path(P, api.ConsultationDetailApi.as_view(), name="api-consultation"),
    path(P + "send-plan/", api.SendPlanApi.as_view(), name="api-consultation-send-plan"),
    path(P + "publish/", api.PublishApi.as_view(), name="api-consultation-publish"),
    path(P + "close/", api.CloseApi.as_view(), name="api-consultation-close"),
    path(P + "decision/", api.DecisionApi.as_view(), name="api-consultation-decision"),
    path(P + "council-report/", api.CouncilReportApi.as_view(), name="api-consultation-council-report"),
    path(P + "opinions/", api.OpinionListApi.as_view(), name="api-consultation-opinions"),
    path(P + "opinions/record/", api.OpinionRecordApi.as_view(), name="api-consultation-opinion-record"),
    path(P + "synthesis/", api.SynthesisApi.as_view(), name="api-consultation-synthesis"),
    path(P + "synthesis/publish/", api.SynthesisPublishApi.as_view(), name="api-consultation-synthesis-publish"),
    path(P + "synthesis/entries/", api.EntryListApi.as_view(), name="api-consultation-entries"),
    path(P + "synthesis/entries/<int:entry_pk>/", api.EntryDetailApi.as_view(), name="api-consultation-entry"),
]
