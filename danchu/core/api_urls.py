from django.urls import path

from .api_calendar import CalendarYearView, DeadlineComputeView

urlpatterns = [
    path("deadlines/compute", DeadlineComputeView.as_view(), name="api-deadlines-compute"),
    # any string, so that a bad year gets a 400 in the API's error format instead of a 404
    path("calendar/<str:year>", CalendarYearView.as_view(), name="api-calendar-year"),
]
