from django import forms
from django.utils.translation import gettext_lazy as _

from .deadlines import DeadlineUnit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe), at most `max_files` of them."""

    def __init__(self, *args, max_files: int | None = None, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            if self.max_files is not None and len(data) > self.max_files:
                raise forms.ValidationError(_("Tối đa %(n)d tệp mỗi lần.") % {"n": self.max_files})
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("Ngày xảy ra sự kiện (ngày nhận, ngày ban hành…)"),
                            widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("Số"), min_value=0, max_value=3650, initial=5)
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=DeadlineUnit.choices, initial=DeadlineUnit.WORKING_DAY)
