"""URLs of the disclosure app: the public portal, the staff register and the documents, each in its own module."""

from django.urls import include, path

app_name = "disclosure"

urlpatterns = [
    path("", include("danchu.disclosure.urls_public")),
    path("", include("danchu.disclosure.urls_staff")),
    path("", include("danchu.disclosure.urls_documents")),
]
