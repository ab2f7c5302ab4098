from django.urls import path

from . import api

urlpatterns = [
    path("disclosure/items/", api.ItemListApi.as_view(), name="api-disclosure-items"),
    path("disclosure/items/<int:pk>/", api.ItemDetailApi.as_view(), name="api-disclosure-item"),
    path("disclosure/items/<int:pk>/publish/", api.ItemPublishApi.as_view(), name="api-disclosure-item-publish"),
    path("disclosure/items/<int:pk>/withdraw/", api.ItemWithdrawApi.as_view(), name="api-disclosure-item-withdraw"),
    path("disclosure/items/<int:pk>/postings/", api.PostingListApi.as_view(), name="api-disclosure-postings"),
    path("disclosure/communes/<int:pk>/compliance/", api.ComplianceApi.as_view(), name="api-disclosure-compliance"),
]
