"""HTML input validation only; the rules are in services.py and domain.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField
from danchu.units.models import AdministrativeUnit


class PollForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=AdministrativeUnit.objects.none())
    question = TextField(label=_("Nội dung biểu quyết"), max_length=500,
                         help_text=_("Một câu hỏi ngắn, rõ ràng (Nghị định 59/2023, Điều 5)."))
    description = TextField(label=_("Thông tin kèm theo"), required=False, max_length=10000, multiline=True)
    # Law 10/2022 Art.15.6, 17.2; NĐ59 Art.5: online votes only for "công việc tự quản khác" (K6)
    self_management_confirmed = forms.BooleanField(
        label=_("Tôi xác nhận nội dung này là công việc tự quản khác của cộng đồng dân cư (Luật số 10/2022/QH15, "
                "Điều 15 khoản 6)"),
        help_text=_("Không được biểu quyết trực tuyến về chủ trương, mức đóng góp xây dựng công trình hay các khoản "
                    "đóng góp, quỹ của cộng đồng; hương ước, quy ước; bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân "
                    "phố hoặc thành viên Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng (Điều 17.2). Các "
                    "phương án là: Đồng ý / Không đồng ý / Ý kiến khác (Nghị định 59/2023/NĐ-CP, Điều 5)."),
        error_messages={"required": _("Chỉ được biểu quyết trực tuyến đối với công việc tự quản khác (Luật số "
                                      "10/2022/QH15, Điều 17.2); hãy xác nhận nội dung thuộc loại này.")})
    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                format="%Y-%m-%dT%H:%M"))
    closes_at = forms.DateTimeField(label=_("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                 format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()


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
