"""Audit verbs of the units app (core.verbs: every verb written is declared here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    UNITS_IMPORTED = "units.units.imported", _("Nhập danh mục đơn vị hành chính")
    DEMO_BUILT = "units.demo.built", _("Tạo dữ liệu trình diễn")
    VILLAGE_CREATED = "units.village.created", _("Thêm thôn, tổ dân phố")
    VILLAGE_RENAMED = "units.village.renamed", _("Đổi tên thôn, tổ dân phố")
    VILLAGE_MERGED = "units.village.merged", _("Sáp nhập thôn, tổ dân phố")
    VILLAGE_IMPORTED = "units.village.imported", _("Nhập thôn, tổ dân phố từ tệp")
    VILLAGE_EXPORTED = "units.village.exported", _("Tải danh sách thôn, tổ dân phố")
    HOUSEHOLD_CREATED = "units.household.created", _("Thêm hộ gia đình")
    HOUSEHOLD_UPDATED = "units.household.updated", _("Sửa thông tin hộ gia đình")
    HOUSEHOLD_MOVED = "units.household.moved", _("Chuyển hộ sang thôn khác")
    HOUSEHOLD_DISSOLVED = "units.household.dissolved", _("Ghi nhận hộ thôi là hộ gia đình")
    HOUSEHOLD_IMPORTED = "units.household.imported", _("Nhập hộ gia đình từ tệp")
    HOUSEHOLD_EXPORTED = "units.household.exported", _("Tải danh sách hộ gia đình")
    HOUSEHOLD_VIEWED = "units.household.viewed", _("Xem thông tin hộ gia đình")
    MEMBER_ADDED = "units.household_member.added", _("Thêm thành viên hộ")
    MEMBER_ENDED = "units.household_member.ended", _("Ghi nhận thành viên rời hộ")
    ORGANISATION_CREATED = "units.organisation.created", _("Thêm tổ chức")
    ORGANISATION_UPDATED = "units.organisation.updated", _("Sửa thông tin tổ chức")
    ORGANISATION_EXPORTED = "units.organisation.exported", _("Tải danh sách tổ chức")
    POSITION_CREATED = "units.position.created", _("Thêm chức danh")
    APPOINTMENT_CREATED = "units.appointment.created", _("Ghi nhận người giữ chức danh")
    APPOINTMENT_ENDED = "units.appointment.ended", _("Ghi nhận kết thúc nhiệm kỳ")
    APPOINTMENT_EXPORTED = "units.appointment.exported", _("Tải danh sách người giữ chức danh")
