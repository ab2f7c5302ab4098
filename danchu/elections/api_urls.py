from django.urls import path

from . import api

urlpatterns = [
    path("elections/", api.ElectionListApi.as_view(), name="api-elections"),
    path("elections/plan/", api.ElectionPlanApi.as_view(), name="api-election-plan"),
    path("elections/<int:pk>/", api.ElectionDetailApi.as_view(), name="api-election"),
    *[path(f"elections/<int:pk>/{name.replace('_', '-')}/", view.as_view(), name=f"api-election-{name}")
      for name, view in api.ELECTION_ACTION_VIEWS.items()],
    path("dismissals/", api.DismissalListApi.as_view(), name="api-dismissals"),
    path("dismissals/open/", api.DismissalOpenApi.as_view(), name="api-dismissal-open"),
    path("dismissals/<int:pk>/", api.DismissalDetailApi.as_view(), name="api-dismissal"),
    path("dismissals/<int:pk>/consents/", api.DISMISSAL_ACTION_VIEWS["consent"].as_view(),
         name="api-dismissal-consent"),
    path("dismissals/<int:pk>/vote/", api.DISMISSAL_ACTION_VIEWS["vote"].as_view(), name="api-dismissal-vote"),
    path("dismissals/<int:pk>/recognise/", api.DISMISSAL_ACTION_VIEWS["recognise"].as_view(),
         name="api-dismissal-recognise"),
]
