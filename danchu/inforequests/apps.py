from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforequestsConfig(AppConfig):
    name = "danchu.inforequests"
    label = "inforequests"
    verbose_name = _("Yêu cầu cung cấp thông tin")
