"""Public portal URLs (namespace "disclosure", names "public-…"), included by danchu/disclosure/urls.py."""

from django.urls import path

from . import feeds, views_public

urlpatterns = [
    path("cong-khai/", views_public.item_list, name="public-list"),
    path("cong-khai/atom.xml", feeds.city_feed, name="public-feed"),
    path("cong-khai/linh-vuc/<int:n>/atom.xml", feeds.category_feed, name="public-feed-category"),
    path("cong-khai/<int:pk>/", views_public.item_detail, name="public-detail"),
    path("cong-khai/<int:pk>/phien-ban/<int:version>/", views_public.item_version, name="public-version"),
    path("cong-khai/<int:pk>/tep/<int:attachment_pk>/", views_public.item_attachment, name="public-attachment"),
    path("don-vi/<int:pk>/cong-khai/", views_public.commune_item_list, name="public-commune"),
    path("don-vi/<int:pk>/cong-khai/atom.xml", feeds.commune_feed, name="public-feed-commune"),
    path("don-vi/<int:pk>/cong-khai/linh-vuc/<int:n>/atom.xml", feeds.commune_category_feed,
         name="public-feed-commune-category"),
    path("don-vi/<int:pk>/cong-khai/dang-ky/", views_public.subscribe, name="public-subscribe"),
    path("cong-khai/dang-ky/cua-toi/", views_public.my_subscriptions, name="public-my-subscriptions"),
    path("cong-khai/dang-ky/cua-toi/<int:pk>/huy/", views_public.my_subscription_cancel,
         name="public-my-subscription-cancel"),
    path("cong-khai/dang-ky/<str:token>/", views_public.subscription_manage, name="public-subscription"),
    path("cong-khai/dang-ky/<str:token>/huy/", views_public.unsubscribe, name="public-unsubscribe"),
]
