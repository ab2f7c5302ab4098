"""HTML input validation only; the rules are in services.py and domain.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.units.models import AdministrativeUnit

from .domain import DEFAULT_OPTIONS, MAX_OPTIONS


class PollForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=AdministrativeUnit.objects.none())
    question = forms.CharField(label=_("Nội dung biểu quyết"), max_length=500,
                               help_text=_("Một câu hỏi ngắn, rõ ràng (Nghị định 59/2023, Điều 5)."))
    description = forms.CharField(label=_("Thông tin kèm theo"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    options = forms.CharField(label=_("Phương án (mỗi dòng một phương án; phương án đầu tiên là “đồng ý”)"),
                              initial="\n".join(DEFAULT_OPTIONS), max_length=2500,
                              widget=forms.Textarea(attrs={"rows": 4}))
    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                format="%Y-%m-%dT%H:%M"))
    closes_at = forms.DateTimeField(label=_("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                 format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()

    def clean_options(self):
        lines = [line for line in self.cleaned_data["options"].splitlines() if line.strip()]
        if len(lines) > MAX_OPTIONS:
            raise forms.ValidationError(_("Tối đa %(n)d phương án.") % {"n": MAX_OPTIONS})
        return lines


class VoteForm(forms.Form):
    household = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    option = forms.TypedChoiceField(label=_("Lựa chọn của hộ"), coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": _("Hãy chọn một phương án.")})

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = list(enumerate(options))


class ReceiptForm(forms.Form):
    ma = forms.CharField(label=_("Mã biên nhận"), max_length=40,
                         widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                       "placeholder": "XXXXX-XXXXX-XXXXX"}))
