"""Every audit verb the evoting app writes (core.verbs): "evoting.<entity>.<past tense>"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    OPT_IN_CREATED = "evoting.opt_in.created", _("Hộ đăng ký biểu quyết trực tuyến")
    OPT_IN_WITHDRAWN = "evoting.opt_in.withdrawn", _("Hộ rút đăng ký biểu quyết trực tuyến")
    POLL_CREATED = "evoting.poll.created", _("Tạo cuộc biểu quyết trực tuyến")
    POLL_OPENED = "evoting.poll.opened", _("Mở biểu quyết trực tuyến")
    POLL_CLOSED = "evoting.poll.closed", _("Kết thúc biểu quyết trực tuyến")
    POLL_PUBLISHED = "evoting.poll.published", _("Công bố kết quả biểu quyết trực tuyến")
    BALLOTS_EXPORTED = "evoting.poll.ballots_exported", _("Tải tệp phiếu biểu quyết trực tuyến")
    VOTE_CAST = "evoting.vote.cast", _("Hộ biểu quyết trực tuyến")
