"""danchu's URLs with a bare Django view in front, served through the same middleware and settings."""

from django.http import HttpResponse
from django.urls import path

from danchu.urls import urlpatterns as danchu_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare), *danchu_urlpatterns]
