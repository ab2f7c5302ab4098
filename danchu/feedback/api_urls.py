from django.urls import path

from . import api

urlpatterns = [
    path("feedback/", api.ListApi.as_view(), name="api-feedback"),
    path("feedback/categories/", api.CategoriesApi.as_view(), name="api-feedback-categories"),
    path("feedback/submit/", api.SubmitApi.as_view(), name="api-feedback-submit"),
    path("feedback/track/", api.TrackApi.as_view(), name="api-feedback-track"),
    path("feedback/rate/", api.RateApi.as_view(), name="api-feedback-rate"),
    path("feedback/record/", api.RecordApi.as_view(), name="api-feedback-record"),
    path("feedback/stats/", api.StatsApi.as_view(), name="api-feedback-stats"),
    path("feedback/routes/", api.RoutesApi.as_view(), name="api-feedback-routes"),
    path("feedback/<int:pk>/", api.DetailApi.as_view(), name="api-feedback-detail"),
    # one endpoint per step of the staff page (actions.py)
    *[path(f"feedback/<int:pk>/{name}/", view.as_view(), name=f"api-feedback-{name}")
      for name, view in api.ACTION_VIEWS.items()],
]
