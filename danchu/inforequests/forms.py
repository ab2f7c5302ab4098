"""HTML input only; the rules (ID number, phone, deadlines, fees, refusal) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import MultipleFileField, TextField
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .domain import (
    REFUSAL_CHOICES,
    Channel,
    Complexity,
    Delivery,
    FeePurpose,
    normalise_id_number,
    normalise_phone,
)

HONEYPOT = "website"


def current_communes():
    return AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).select_related(
        "parent").order_by("name_folded")


class RequesterFields(forms.Form):
    """The fields of the request form (Phiếu yêu cầu cung cấp thông tin, Art.24.2)."""

    full_name = TextField(label=_("Họ và tên"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    address = TextField(label=_("Nơi cư trú, địa chỉ liên hệ"), max_length=300,
                              widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    id_number = forms.CharField(label=_("Số CCCD, CMND hoặc hộ chiếu"), max_length=30,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
                                help_text=_("Chỉ người giải quyết yêu cầu được xem số này."))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                            help_text=_("Mã tra cứu và kết quả được gửi qua tin nhắn tới số này."))
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False,
                            widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    content = TextField(label=_("Thông tin cần cung cấp"), max_length=5000, multiline=True,
                        help_text=_("Tên văn bản, hồ sơ, tài liệu; số, ký hiệu, ngày ban hành nếu biết."))
    delivery = forms.ChoiceField(label=_("Hình thức nhận thông tin"), choices=Delivery.choices)
    purpose = TextField(label=_("Lý do, mục đích yêu cầu"), max_length=5000, multiline=True, rows=2)

    def _domain_check(self, name: str, check):
        from django.core.exceptions import ValidationError

        try:
            return check(self.cleaned_data.get(name, ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get(name, exc.messages)) from None

    def clean_id_number(self):
        return self._domain_check("id_number", normalise_id_number)

    def clean_phone(self):
        return self._domain_check("phone", normalise_phone)


class PublicRequestForm(RequesterFields):
    commune = forms.ModelChoiceField(label=_("Gửi đến xã, phường"), queryset=AdministrativeUnit.objects.none(),
                                     empty_label=_("— Chọn xã, phường —"))
    field_order = ["commune"]
    # honeypot: hidden from people (and screen readers), filled in only by bots
    website = forms.CharField(required=False, label=_("Để trống ô này"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = current_communes()

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT]


class RecordRequestForm(RequesterFields):
    channel = forms.ChoiceField(label=_("Cách thức gửi yêu cầu"), choices=Channel.choices, initial=Channel.IN_PERSON)
    complexity = forms.ChoiceField(label=_("Tính chất"), choices=Complexity.choices, initial=Complexity.SIMPLE,
                                   help_text=_("Trực tiếp, thông tin đơn giản có sẵn: cung cấp ngay (Điều 29)."))
    received_on = forms.DateField(label=_("Ngày nhận yêu cầu"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = TextField(label=_("Ghi chú nội bộ"), required=False, max_length=5000, multiline=True, rows=2)
    field_order = ["channel", "complexity", "received_on"]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "placeholder": "TT-XXXXXXXXXX"}))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class NoticeForm(forms.Form):
    due_on = forms.DateField(label=_("Ngày sẽ cung cấp thông tin"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                             help_text=_("Để trống: ngày cuối của thời hạn luật định."))
    note = TextField(label=_("Nội dung thông báo gửi người yêu cầu"), required=False, max_length=5000,
                     multiline=True, rows=2)


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("Gia hạn đến ngày"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                            help_text=_("Để trống: mức gia hạn tối đa theo luật."))
    reason = TextField(label=_("Lý do gia hạn"), max_length=5000, multiline=True, rows=2)


class ProvideForm(forms.Form):
    answer = TextField(label=_("Nội dung trả lời"), required=False, max_length=20000, multiline=True)
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, Word, Excel, ảnh)"), required=False)
    fee_amount = forms.DecimalField(label=_("Chi phí thực tế (đồng)"), required=False, min_value=0, max_digits=12,
                                    decimal_places=0, initial=0,
                                    help_text=_("Chỉ chi phí in, sao, chụp, gửi (Điều 12); không thu phí, lệ phí."))
    fee_purpose = forms.ChoiceField(label=_("Khoản chi phí"), choices=FeePurpose.choices, required=False)
    fee_note = TextField(label=_("Diễn giải chi phí"), required=False, max_length=300)


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ từ chối (khoản 1 Điều 28)"), choices=REFUSAL_CHOICES,
                               widget=forms.RadioSelect)
    reason = TextField(label=_("Lý do từ chối (gửi người yêu cầu)"), max_length=5000, multiline=True, rows=3)
