from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-lop/", views.two_factor, name="two-factor"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-minh/", views.verify_phone, name="verify-phone"),
    path("tai-khoan/", views.account, name="account"),
    path("tai-khoan/ma-api/", views.token_rotate, name="token-rotate"),
]
