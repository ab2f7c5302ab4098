from django import forms
from django.utils.translation import gettext_lazy as _

from .deadlines import DeadlineUnit
from .text import clean_multiline, clean_text


class TextField(forms.CharField):
    """A free-text field cleaned by core.text, like the services and the API clean it: NFC, invisible and control
    characters dropped, one line (`clean_text`) or lines kept (`multiline=True`, a textarea, `clean_multiline`).
    A value made only of invisible characters is empty (and so "required" when the field is)."""

    def __init__(self, *args, multiline: bool = False, rows: int = 4, **kwargs):
        self.multiline = multiline
        kwargs["strip"] = False
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_multiline(value) if self.multiline else clean_text(value)


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
