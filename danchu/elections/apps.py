from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "danchu.elections"
    label = "elections"
    verbose_name = _("Bầu, miễn nhiệm trưởng thôn và các ban")
