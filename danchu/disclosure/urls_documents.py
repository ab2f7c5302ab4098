"""Staff document downloads (namespace "disclosure", names "document-…")."""

from django.urls import path, re_path

from . import views_documents as views

urlpatterns = [
    path("quan-ly/<int:unit_pk>/cong-khai/quy/", views.quarterly_list_index, name="document-quarterly-index"),
    re_path(r"^quan-ly/(?P<unit_pk>[0-9]+)/cong-khai/quy/(?P<year>[0-9]{4})/(?P<quarter>[1-4])\.(?P<fmt>docx|pdf)$",
            views.quarterly_list_download, name="document-quarterly"),
    re_path(r"^quan-ly/(?P<unit_pk>[0-9]+)/cong-khai/quy/(?P<year>[0-9]{4})/(?P<quarter>[1-4])/cong-khai/$",
            views.quarterly_list_post, name="document-quarterly-post"),
    path("quan-ly/cong-khai/<int:item_pk>/loa.txt", views.item_loudspeaker, name="document-loudspeaker"),
    path("quan-ly/cong-khai/<int:item_pk>/sms.txt", views.item_sms, name="document-sms"),
]
