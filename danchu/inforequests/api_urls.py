from django.urls import path

from . import api

urlpatterns = [
    path("info-requests/", api.RequestListApi.as_view(), name="api-inforequests"),
    path("info-requests/submit/", api.SubmitApi.as_view(), name="api-inforequest-submit"),
    path("info-requests/track/", api.TrackApi.as_view(), name="api-inforequest-track"),
    path("info-requests/record/", api.RecordApi.as_view(), name="api-inforequest-record"),
    path("info-requests/<int:pk>/", api.RequestDetailApi.as_view(), name="api-inforequest"),
    path("info-requests/<int:pk>/assign/", api.AssignApi.as_view(), name="api-inforequest-assign"),
    path("info-requests/<int:pk>/notify-deadline/", api.NoticeApi.as_view(), name="api-inforequest-notify-deadline"),
    path("info-requests/<int:pk>/extend/", api.ExtendApi.as_view(), name="api-inforequest-extend"),
    path("info-requests/<int:pk>/provide/", api.ProvideApi.as_view(), name="api-inforequest-provide"),
    path("info-requests/<int:pk>/refuse/", api.RefuseApi.as_view(), name="api-inforequest-refuse"),
]
