from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Attachment, FoldedNameMixin, TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit

from .domain import CATEGORY_BY_NUMBER, CATEGORY_CHOICES, Channel, ItemStatus


class ItemQuerySet(ScopedQuerySet):
    def published(self) -> ItemQuerySet:
        return self.filter(status=ItemStatus.PUBLISHED)

    def late(self, today) -> ItemQuerySet:
        """Published after the Art.12.3 deadline (now or at an earlier publication or re-publication), or still
        unpublished after it."""
        return self.filter(
            Q(published_on__isnull=False, publication_due__isnull=False, published_on__gt=F("publication_due"))
            | Q(was_late=True)
            | Q(published_on__isnull=True, status=ItemStatus.DRAFT, publication_due__lt=today)
        )

    def overdue_drafts(self, today) -> ItemQuerySet:
        """Drafts whose publication deadline (Art.12.3) has passed: not published although they should be."""
        return self.filter(status=ItemStatus.DRAFT, publication_due__isnull=False, publication_due__lt=today)

    def in_quarter(self, first, last) -> ItemQuerySet:
        """Published or re-published between `first` and `last` (every version keeps its publication date)."""
        return self.filter(Q(published_on__gte=first, published_on__lte=last)
                           | Exists(DisclosureItemVersion.objects.filter(item=OuterRef("pk"),
                                                                         published_on__range=(first, last))))


class DisclosureItem(UnitScoped, FoldedNameMixin, TimeStampedModel):
    """What a commune discloses (công khai thông tin), with the deciding document and its category."""

    unit_field = "commune"

    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                                related_name="disclosure_items")
    villages = models.ManyToManyField(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố liên quan"), blank=True,
                                      related_name="disclosure_items_of_village",
                                      help_text=_("Để trống nếu nội dung liên quan cả xã."))
    category = models.PositiveSmallIntegerField(_("nội dung công khai (Điều 11)"), choices=CATEGORY_CHOICES,
                                                db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    decision_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày ban hành văn bản"), null=True, blank=True)
    decision_issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    publication_due = models.DateField(_("hạn công khai"), null=True, blank=True,
                                       help_text=_("Tính từ ngày có văn bản (khoản 3 Điều 12)."))
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True, db_index=True)
    # A permanent content (Art.11.4, 11.13) re-published after a change gets the deadline of the re-publication
    # (05 WD from the change, Art.12.3, 14.1) in `publication_due` and the date in `published_on`; whether an
    # earlier publication or re-publication of the item was late is kept here (and in each version).
    was_late = models.BooleanField(_("đã có lần công khai chậm"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    attachments = models.ManyToManyField(Attachment, verbose_name=_("tệp đính kèm"), blank=True,
                                         related_name="disclosure_items")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created"]
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        # the public lists page through published items newest first (published_on DESC, id DESC)
        indexes = [models.Index(fields=["commune", "status", "published_on", "id"], name="disclosure_commune_list"),
                   models.Index(fields=["status", "published_on", "id"], name="disclosure_public_list"),
                   models.Index(fields=["status", "category", "published_on"])]

    def __str__(self) -> str:
        return self.title

    def folded_source(self) -> str:
        return f"{self.title} {self.decision_number} {self.decision_issuer}"

    @property
    def category_info(self):
        return CATEGORY_BY_NUMBER.get(self.category)

    def is_late(self, today) -> bool:
        """Against the stored deadline (computed with the legal calendar when the item was created or
        re-published), and whether an earlier publication was late."""
        if self.was_late:
            return True
        return self.current_late(today)

    def current_late(self, today) -> bool:
        """The current publication (or the still unpublished draft) against its own deadline."""
        if self.publication_due is None:
            return False
        return (self.published_on or today) > self.publication_due and (
            self.published_on is not None or self.status == ItemStatus.DRAFT)


class DisclosureItemVersion(models.Model):
    """A published state of an item; every change to a published item adds one (the public history)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    decision_number = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    decision_issuer = models.CharField(max_length=200, blank=True)
    change_note = models.CharField(_("lý do thay đổi"), max_length=300, blank=True)
    published_on = models.DateField()
    # the deadline of this publication: 05 WD from the decision (version 1) or from the change (Art.12.3, 14.1)
    publication_due = models.DateField(_("hạn công khai"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="disclosure_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def late(self) -> bool:
        return self.publication_due is not None and self.published_on > self.publication_due


class Posting(UnitScoped, TimeStampedModel):
    """One channel of publicity for an item: where, from when to when (`end`: the last day it was up), and the
    proof."""

    unit_field = "item__commune"

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="postings")
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices)
    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("địa điểm, kênh cụ thể"), max_length=200, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True,
                           help_text=_("Để trống nếu niêm yết thường xuyên."))
    posted_by = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    proof = models.ForeignKey(Attachment, verbose_name=_("ảnh chụp, bản quét minh chứng"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    claims_compliance = models.BooleanField(_("đủ thời gian theo quy định"), default=False,
                                            help_text=_("Người nhập xác nhận thời gian niêm yết đủ theo Điều 13."))

    class Meta:
        ordering = ["item", "start", "channel"]
        verbose_name = _("hình thức công khai")
        verbose_name_plural = _("hình thức công khai")
        constraints = [models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                                              name="posting_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.start:%d/%m/%Y}"


class Subscription(UnitScoped, TimeStampedModel):
    """A resident's subscription to a commune's disclosures (optionally one category), by e-mail or SMS."""

    unit_field = "commune"

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="disclosure_subscriptions")
    category = models.PositiveSmallIntegerField(choices=CATEGORY_CHOICES, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="disclosure_subscriptions")
    token = models.CharField(max_length=64, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "category", "channel", "address"],
                                               name="disclosure_subscription_unique")]


class CommuneDisclosureSettings(UnitScoped, TimeStampedModel):
    """Per-commune facts the publicity rules depend on: whether it has a portal (Art.13.1 "trường hợp
    … có cổng thông tin điện tử") and a loudspeaker system (Art.12.1.c "nếu có"). No row = both present."""

    unit_field = "commune"

    commune = models.OneToOneField(AdministrativeUnit, on_delete=models.CASCADE, primary_key=True,
                                   related_name="disclosure_settings", verbose_name=_("xã, phường"))
    has_portal = models.BooleanField(_("có cổng/trang thông tin điện tử"), default=True)
    portal_url = models.URLField(_("địa chỉ cổng thông tin"), blank=True)
    has_loudspeaker = models.BooleanField(_("có hệ thống truyền thanh"), default=True)

    class Meta:
        verbose_name = _("thiết lập công khai của xã")
        verbose_name_plural = _("thiết lập công khai của xã")

    def __str__(self) -> str:
        return str(self.commune)

    @classmethod
    def for_commune(cls, commune: AdministrativeUnit) -> CommuneDisclosureSettings:
        return cls.objects.filter(commune=commune).first() or cls(commune=commune)
