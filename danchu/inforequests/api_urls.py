from django.urls import path

from . import api

# One endpoint per step of the request page (actions.py); their paths predate the table's names.
STEP_PATHS = {"assign": "assign", "notice": "notify-deadline", "extend": "extend", "provide": "provide",
              "refuse": "refuse"}

urlpatterns = [
    path("info-requests/", api.RequestListApi.as_view(), name="api-inforequests"),
    path("info-requests/submit/", api.SubmitApi.as_view(), name="api-inforequest-submit"),
    path("info-requests/track/", api.TrackApi.as_view(), name="api-inforequest-track"),
    path("info-requests/record/", api.RecordApi.as_view(), name="api-inforequest-record"),
    path("info-requests/<int:pk>/", api.RequestDetailApi.as_view(), name="api-inforequest"),
    *[path(f"info-requests/<int:pk>/{step}/", api.ACTION_VIEWS[name].as_view(), name=f"api-inforequest-{step}")
      for name, step in STEP_PATHS.items()],
]
