from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import fold


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    modified = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


class FoldedNameMixin(models.Model):
    """Keeps `name_folded` (diacritic-free, lower case) in step with `name` for portable search."""

    name_folded = models.CharField(max_length=300, db_index=True, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # bookkeeping only (derived search key), like a timestamp
        self.refresh_folded()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def folded_source(self) -> str:
        return getattr(self, "name", "")

    def refresh_folded(self) -> None:
        self.name_folded = fold(self.folded_source())[:300]


def folded_search(qs, text: str, field: str = "name_folded", max_words: int = 8):
    """Diacritic-insensitive search on both databases: every word of `text` (folded: "ho ngheo tien dien")
    must appear in the folded key, in any order ("Danh sách hộ nghèo được hỗ trợ tiền điện" is found)."""
    for word in fold((text or "").replace("\x00", "")[:200]).split()[:max_words]:
        qs = qs.filter(**{f"{field}__contains": word})
    return qs


# --- Audit -----------------------------------------------------------------------------------------


class AuditEventQuerySet(models.QuerySet):
    """Audit rows are never changed or removed through the ORM, one by one or in bulk."""

    def update(self, **kwargs):
        raise RuntimeError("Audit events are append-only")

    def delete(self):
        raise RuntimeError("Audit events are append-only")

    update.queryset_only = True
    delete.queryset_only = True


class AuditEvent(models.Model):
    """Append-only, keyed hash chain of every change (written in the change's own transaction).

    `seq` is gapless (1, 2, 3 …) and `hash = HMAC(chain key, prev_hash + canonical(row))` with a key kept outside
    the database (core/keys.py, named by `key_id`): an edited row breaks its own hash, a removed row leaves a gap
    or a broken link, and nobody without the key can re-hash what follows. Signed checkpoints of the head, kept
    outside the database, reveal a cut tail or a deleted table: `danchu verify_audit`.
    """

    seq = models.BigIntegerField(_("số thứ tự"), unique=True)
    created = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    # DO_NOTHING: removing an account must not rewrite the rows it signed (the id stays, as the label does)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
    )
    actor_label = models.CharField(_("người thực hiện (lúc ghi)"), max_length=200, blank=True)
    verb = models.CharField(_("hành động"), max_length=100, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    unit_id = models.BigIntegerField(_("đơn vị"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(_("khóa chuỗi"), max_length=16, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise RuntimeError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had `seq` rows ending with `hash` at `created`" (Ed25519, core/keys.py).

    Published (a public page and feed, and a file outside the database) so that copies kept by the Front or anyone
    else prove later that those rows existed: a tail cut, or the whole log deleted, contradicts them."""

    seq = models.BigIntegerField(_("đến dòng số"))
    hash = models.CharField(max_length=64)
    created = models.DateTimeField(_("thời điểm"), default=timezone.now)
    signature = models.CharField(max_length=100)
    public_key = models.CharField(_("khóa công khai"), max_length=64)

    class Meta:
        ordering = ["-seq", "-created"]
        verbose_name = _("mốc kiểm tra nhật ký")
        verbose_name_plural = _("mốc kiểm tra nhật ký")

    def __str__(self) -> str:
        return f"#{self.seq} {self.created:%Y-%m-%d %H:%M}"


class AuditChainHead(models.Model):
    """One row, locked (SELECT … FOR UPDATE) while an audit event is appended: serialises the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


# --- Legal calendar --------------------------------------------------------------------------------


class CalendarOverride(TimeStampedModel):
    """A decided exception to the `holidays` package: an extra day off or a swapped working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Ngày nghỉ (thêm)")
        WORKING_DAY = "work", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=4, choices=Kind.choices)
    name = models.CharField(_("tên / lý do"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("lịch làm việc: ngày điều chỉnh")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"


# --- Attachments -----------------------------------------------------------------------------------


def attachment_path(instance: Attachment, filename: str) -> str:
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(TimeStampedModel):
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


# --- Notifications ---------------------------------------------------------------------------------


class Notification(TimeStampedModel):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("Trong ứng dụng")
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")
        ZALO = "zalo", _("Zalo")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        CANCELLED = "cancelled", _("Đã hủy")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    address = models.CharField(_("địa chỉ nhận"), max_length=200, blank=True)  # phone or e-mail when no user
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    url = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # the record the message is about ("feedback.feedback", "17"), so that its messages can be forgotten together
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    # once delivered, the address and the text are wiped (a denouncer's phone is not kept next to a case)
    sensitive = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["about_type", "about_id"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.subject


# --- Reminders -------------------------------------------------------------------------------------


class Reminder(models.Model):
    """One reminder sent about one record, for one kind ("due_soon", "overdue", "escalated" …) and one due date.

    Unique on (record, kind, due date): the sweep (core.reminders) inserts the row in the same transaction as the
    notifications it sends and its audit row, so a second run — or a second worker — sends nothing twice. A new due
    date (an extension, a reopened feedback) is a new deadline and may be reminded again."""

    policy = models.CharField(_("chính sách nhắc hạn"), max_length=40, db_index=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=100)
    target_id = models.BigIntegerField(_("mã đối tượng"))
    kind = models.CharField(_("loại nhắc"), max_length=20)
    due_on = models.DateField(_("hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        constraints = [models.UniqueConstraint(fields=["target_type", "target_id", "kind", "due_on"],
                                               name="core_reminder_once")]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} {self.kind} {self.due_on}"


# --- Rate limits ------------------------------------------------------------------------------------


class RateCounter(models.Model):
    """One fixed-window counter of core.ratelimit when there is no Redis: shared by every web process."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
