from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danchu.cases"
    label = "cases"
    verbose_name = _("Tiếp công dân, khiếu nại, tố cáo, hòa giải")
