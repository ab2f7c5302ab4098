from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvotingConfig(AppConfig):
    name = "danchu.evoting"
    label = "evoting"
    verbose_name = _("Biểu quyết trực tuyến")
