from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from danchu.core import views as core_views
from danchu.units.views_home import home as units_home

admin.site.site_header = "Quản trị danchu"
admin.site.site_title = "Quản trị danchu"
admin.site.index_title = "Quản trị hệ thống"

api_v1 = [
    path("", include("danchu.core.api_urls")),
    path("", include("danchu.units.api_urls")),
    path("", include("danchu.accounts.api_urls")),
    path("", include("danchu.disclosure.api_urls")),
    path("", include("danchu.inforequests.api_urls")),
    path("", include("danchu.decisions.api_urls")),
    path("", include("danchu.evoting.api_urls")),
    path("", include("danchu.consultations.api_urls")),
    path("", include("danchu.conventions.api_urls")),
    path("", include("danchu.elections.api_urls")),
    path("", include("danchu.feedback.api_urls")),
    path("", include("danchu.cases.api_urls")),
    path("", include("danchu.steering.api_urls")),
]

urlpatterns = [
    path("", units_home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("danchu.accounts.urls")),
    path("", include("danchu.units.urls")),
    path("", include("danchu.core.urls")),
    path("", include("danchu.disclosure.urls")),
    path("", include("danchu.inforequests.urls")),
    path("", include("danchu.decisions.urls")),
    path("", include("danchu.evoting.urls")),
    path("", include("danchu.consultations.urls")),
    path("", include("danchu.conventions.urls")),
    path("", include("danchu.elections.urls")),
    path("", include("danchu.feedback.urls")),
    path("", include("danchu.cases.urls")),
    path("", include("danchu.steering.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", core_views.SchemaView.as_view(), name="api-schema"),
    # the split view serves its script from a URL, not inline (Content-Security-Policy)
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}) if settings.DEBUG else path("", include([])),
    # an unknown API address answers in the API's JSON error format, not with the HTML 404 page
    re_path(r"^api/", core_views.api_not_found),
]
