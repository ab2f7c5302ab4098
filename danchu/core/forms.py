from django import forms
from django.utils.translation import gettext_lazy as _

from .deadlines import DeadlineUnit


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("Ngày xảy ra sự kiện (ngày nhận, ngày ban hành…)"),
                            widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("Số"), min_value=0, max_value=3650, initial=5)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices, initial=DeadlineUnit.WORKING_DAY)
