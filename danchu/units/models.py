from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.models import FoldedNameMixin, TimeStampedModel, folded_search
from danchu.core.scoping import ScopedQuerySet, UnitScoped

from .domain import KIND_LEVEL, Kind, Level, LineageKind, OrganisationKind, Role


class StructureVersion(models.Model):
    """A national structure of administrative units with its validity dates."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("phiên bản cơ cấu hành chính")
        verbose_name_plural = _("phiên bản cơ cấu hành chính")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    def current(self, on: date | None = None) -> UnitQuerySet:
        on = on or clock.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def subtree_of(self, unit: AdministrativeUnit, *, include_self: bool = True) -> UnitQuerySet:
        qs = self.in_subtree(unit)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def villages(self) -> UnitQuerySet:
        return self.filter(level=Level.VILLAGE)

    def communes(self) -> UnitQuerySet:
        return self.filter(level=Level.COMMUNE)

    def search(self, q: str) -> UnitQuerySet:
        return folded_search(self, q)


class AdministrativeUnit(UnitScoped, FoldedNameMixin, TimeStampedModel):
    """A node of the administrative tree: province, district (before 2025), commune or village.

    `parent` is the source of truth; `path` ("/<pk>/<pk>/…/") is derived from it and can be rebuilt
    (`danchu rebuild_unit_paths`). Codes are unique only within a structure version.
    """

    version = models.ForeignKey(StructureVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT,
                                related_name="units")
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên đầy đủ"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=200, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name=_("trực thuộc"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["version", "level", "code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unit_code_unique_in_version"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=4), name="unit_level_range"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_from__lte=models.F("valid_to")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def folded_source(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind and KIND_LEVEL.get(self.kind) != self.level:
            raise ValidationError({"kind": _("Loại đơn vị không khớp với cấp.")})
        if self.parent_id and self.parent.level >= self.level:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải ở cấp cao hơn.")})
        if self.parent_id and self.parent.version_id != self.version_id:
            raise ValidationError({"parent": _("Đơn vị cấp trên phải cùng phiên bản cơ cấu.")})

    def save(self, *args, **kwargs):
        # bookkeeping only: `path` is derived from `parent` (and the pk, known after the insert)
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            AdministrativeUnit.objects.filter(pk=self.pk).update(path=path)

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.pk}/"

    @property
    def owning_unit(self) -> AdministrativeUnit:
        """A unit belongs to itself (core.scoping: permissions asked about a unit are asked of that unit)."""
        return self

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    def is_current(self, on: date | None = None) -> bool:
        on = on or clock.today()
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def ancestors(self) -> list[AdministrativeUnit]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x][:-1]
        by_id = AdministrativeUnit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    @property
    def commune(self) -> AdministrativeUnit | None:
        if self.level == Level.COMMUNE:
            return self
        if self.level == Level.VILLAGE:
            return self.parent
        return None


class UnitLineage(models.Model):
    """Old unit → new unit: records filed under the old one roll up into the new one."""

    predecessor = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE,
                                    related_name="successor_links")
    successor = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE,
                                  related_name="predecessor_links")
    kind = models.CharField(_("hình thức"), max_length=10, choices=LineageKind.choices)
    is_primary = models.BooleanField(
        _("đơn vị kế thừa chính"), default=True,
        help_text=_("Khi đơn vị cũ chia cho nhiều đơn vị mới: đơn vị nhận hồ sơ mặc định."),
    )
    effective_on = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quan hệ kế thừa đơn vị")
        verbose_name_plural = _("quan hệ kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_pair_unique"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


# --- Households ------------------------------------------------------------------------------------


class HouseholdQuerySet(ScopedQuerySet):
    def active_on(self, on: date) -> HouseholdQuerySet:
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=on)).filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=on)
        )

    def search(self, q: str) -> HouseholdQuerySet:
        return folded_search(self, q)


class Household(UnitScoped, FoldedNameMixin, TimeStampedModel):
    """Hộ gia đình: the unit of every quorum rule (Law 10/2022 Art.21 counts households, not people)."""

    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="households", limit_choices_to={"level": Level.VILLAGE})
    code = models.CharField(_("mã hộ"), max_length=40)
    representative_name = models.CharField(_("đại diện hộ"), max_length=150)
    representative = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản đại diện hộ"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="households")
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    member_count = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=1)
    established_on = models.DateField(_("ngày ghi nhận"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày thôi là hộ"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["village", "code"]
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="household_code_unique_in_village"),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(established_on__isnull=True)
                | Q(established_on__lte=models.F("dissolved_on")),
                name="household_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.representative_name}"

    def folded_source(self) -> str:
        return f"{self.code} {self.representative_name} {self.address} {self.phone}"


class HouseholdResidence(models.Model):
    """Which village a household belonged to, from when to when (history of membership)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="residences")
    village = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="household_residences")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)

    class Meta:
        ordering = ["household", "start"]
        verbose_name = _("thời gian cư trú của hộ")
        verbose_name_plural = _("lịch sử cư trú của hộ")
        indexes = [models.Index(fields=["village", "start", "end"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                                   name="residence_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} @ {self.village_id} {self.start}–{self.end or ''}"


class HouseholdMember(UnitScoped, TimeStampedModel):
    unit_field = "household__village"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    relation = models.CharField(_("quan hệ với chủ hộ"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    is_representative = models.BooleanField(_("là đại diện hộ"), default=False)
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["household", "-is_representative", "full_name"]
        verbose_name = _("thành viên hộ")
        verbose_name_plural = _("thành viên hộ")

    def __str__(self) -> str:
        return self.full_name


# --- Organisations and positions -------------------------------------------------------------------


class OrganisationQuerySet(ScopedQuerySet):
    def search(self, q: str) -> OrganisationQuerySet:
        return folded_search(self, q)


class Organisation(UnitScoped, FoldedNameMixin, TimeStampedModel):
    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="organisations")
    kind = models.CharField(_("loại tổ chức"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("tên"), max_length=250)
    parent = models.ForeignKey("self", verbose_name=_("trực thuộc"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children")
    established_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định thành lập / kiện toàn"), max_length=200, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "kind", "name"]
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")

    def __str__(self) -> str:
        return self.name


class Position(UnitScoped, TimeStampedModel):
    """A post in an organisation (Chủ tịch UBND, Trưởng ấp, công chức Văn phòng – Thống kê …)."""

    unit_field = "organisation__unit"

    organisation = models.ForeignKey(Organisation, verbose_name=_("tổ chức"), on_delete=models.CASCADE,
                                     related_name="positions")
    title = models.CharField(_("chức danh"), max_length=200)
    role = models.CharField(_("quyền trên hệ thống"), max_length=30, choices=Role.choices, blank=True, default="")
    is_head = models.BooleanField(_("người đứng đầu"), default=False)

    class Meta:
        ordering = ["organisation", "-is_head", "title"]
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")

    def __str__(self) -> str:
        return f"{self.title} — {self.organisation}"


class AppointmentQuerySet(ScopedQuerySet):
    def active_on(self, on: date) -> AppointmentQuerySet:
        return self.filter(Q(start__isnull=True) | Q(start__lte=on)).filter(Q(end__isnull=True) | Q(end__gte=on))


class Appointment(UnitScoped, TimeStampedModel):
    """Who holds a position, from when to when (both inclusive)."""

    unit_field = "position__organisation__unit"

    position = models.ForeignKey(Position, verbose_name=_("chức danh"), on_delete=models.CASCADE,
                                 related_name="appointments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="appointments")
    holder_name = models.CharField(_("người giữ chức danh"), max_length=150)
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_ref = models.CharField(_("quyết định"), max_length=200, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "-start"]
        verbose_name = _("nhiệm kỳ giữ chức danh")
        verbose_name_plural = _("nhiệm kỳ giữ chức danh")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(start__lte=models.F("end")),
                                   name="appointment_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.position.title}"
