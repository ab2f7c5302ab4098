from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "phone", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name_folded", "phone", "email")
    ordering = ("username",)
    list_filter = ("is_active", "is_superuser", "phone_verified")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "phone", "phone_verified", "email")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "phone", "password1", "password2")}),)
    filter_horizontal = ()
