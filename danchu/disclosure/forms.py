"""HTML input validation of the staff register (rules are checked by the services)."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import MultipleFileField, TextField
from danchu.core.legal_rules import rule_text
from danchu.units.models import AdministrativeUnit

from .domain import CATEGORY_CHOICES, LOUDSPEAKER_RULE, POSTING_RULE, PUBLICITY_RULE, Channel


def _with_rules(text: str, **rules: str) -> str:
    """A help text, translated when shown, with the legal periods rendered from the registry (rule_text)."""
    return gettext(text) % {name: rule_text(key) for name, key in rules.items()}


with_rules = lazy(_with_rules, str)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 10


class ItemForm(forms.Form):
    category = forms.TypedChoiceField(label=_("Nội dung công khai (khoản … Điều 11)"), choices=CATEGORY_CHOICES,
                                      coerce=int)
    title = TextField(label=_("Tiêu đề"), max_length=300)
    body = TextField(label=_("Nội dung"), required=False, multiline=True, rows=8)
    decision_number = TextField(label=_("Số, ký hiệu văn bản"), max_length=100, required=False)
    decision_date = forms.DateField(label=_("Ngày ban hành văn bản"), required=False, widget=DATE,
                                    help_text=with_rules(gettext_noop(
                                        "Hạn công khai: chậm nhất %(deadline)s sau ngày này (khoản 3 Điều 12)."),
                                        deadline=PUBLICITY_RULE))
    decision_issuer = TextField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    villages = forms.ModelMultipleChoiceField(label=_("Thôn, tổ dân phố liên quan"), required=False,
                                              queryset=AdministrativeUnit.objects.none(),
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Để trống nếu nội dung liên quan cả xã."))
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, Word, Excel, ảnh)"), required=False, max_files=MAX_FILES)
    change_note = TextField(label=_("Lý do thay đổi"), max_length=300, required=False,
                                  help_text=_("Bắt buộc khi sửa nội dung đã công khai: sẽ tạo phiên bản mới."))

    def __init__(self, *args, villages=None, with_change_note=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()
        if not with_change_note:
            del self.fields["change_note"]
        else:
            self.fields["change_note"].required = True


class PostingForm(forms.Form):
    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices)
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), required=False,
                                     queryset=AdministrativeUnit.objects.none(),
                                     help_text=_("Bắt buộc khi niêm yết tại nhà văn hóa thôn, tổ dân phố."))
    place = TextField(label=_("Địa điểm, kênh cụ thể"), max_length=200, required=False)
    start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    end = forms.DateField(label=_("Đến hết ngày"), required=False, widget=DATE,
                          help_text=_("Ngày cuối cùng còn niêm yết; để trống nếu vẫn đang niêm yết. Ngày bắt đầu "
                                      "niêm yết không được tính vào thời gian niêm yết (Điều 147 Bộ luật Dân sự)."))
    posted_by = TextField(label=_("Người thực hiện"), max_length=150, required=False)
    proof = forms.FileField(label=_("Ảnh chụp, bản quét minh chứng (ảnh hoặc PDF)"), required=False)
    note = TextField(label=_("Ghi chú"), max_length=300, required=False)
    claims_compliance = forms.BooleanField(label=_("Đủ thời gian theo quy định"), required=False,
                                           help_text=with_rules(gettext_noop(
                                               "Niêm yết ít nhất %(posting)s liên tục, không tính ngày niêm yết; "
                                               "truyền thanh ít nhất %(loudspeaker)s liên tục (Điều 13)."),
                                               posting=POSTING_RULE, loudspeaker=LOUDSPEAKER_RULE))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."))
        return data


class PostingEndForm(forms.Form):
    end = forms.DateField(label=_("Đến hết ngày"), widget=DATE)


class PublishForm(forms.Form):
    on = forms.DateField(label=_("Ngày công khai"), required=False, widget=DATE,
                         help_text=_("Để trống: hôm nay."))


class WithdrawForm(forms.Form):
    reason = TextField(label=_("Lý do gỡ"), max_length=300, required=False)


class SettingsForm(forms.Form):
    has_portal = forms.BooleanField(label=_("Xã có cổng/trang thông tin điện tử"), required=False,
                                    help_text=_("Khi có, mọi nội dung phải đăng trên cổng (khoản 1 Điều 13)."))
    portal_url = forms.URLField(label=_("Địa chỉ cổng thông tin"), required=False, max_length=200,
                                assume_scheme="https",
                                help_text=_("Để trống nếu trang công khai danchu là trang thông tin điện tử của xã: "
                                            "khi đó mọi nội dung đã công khai được tính là đã đăng trên cổng."))
    has_loudspeaker = forms.BooleanField(label=_("Xã có hệ thống truyền thanh"), required=False,
                                         help_text=with_rules(gettext_noop(
                                             "Khi có, nội dung khoản 7–12 phải thông báo ít nhất %(loudspeaker)s "
                                             "(khoản 3 Điều 13)."), loudspeaker=LOUDSPEAKER_RULE))
