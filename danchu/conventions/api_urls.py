from django.urls import path

from . import api

urlpatterns = [
    path("conventions/", api.ConventionListApi.as_view(), name="api-conventions"),
    path("conventions/propose/", api.ProposeApi.as_view(), name="api-convention-propose"),
    path("conventions/<int:pk>/", api.ConventionDetailApi.as_view(), name="api-convention"),
    path("conventions/<int:pk>/versions/<int:number>/", api.VersionApi.as_view(), name="api-convention-version"),
    path("conventions/<int:pk>/diff/", api.DiffApi.as_view(), name="api-convention-diff"),
    path("conventions/<int:pk>/comments/", api.CommentApi.as_view(), name="api-convention-comment"),
    *[path(f"conventions/<int:pk>/{name.replace('_', '-')}/", view.as_view(), name=f"api-convention-{name}")
      for name, view in api.ACTION_VIEWS.items()],
]
