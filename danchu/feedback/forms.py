"""HTML input only; the rules (commune, village, point, phone, photos, transitions) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import MultipleFileField, TextField
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .domain import MAX_DESCRIPTION, MAX_PHOTOS, RATING_LABELS, CaseKind, NotifyChannel
from .models import Category

HONEYPOT = "website"


def current_communes():
    return AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).order_by("name_folded")


def villages_of(commune_id):
    if not commune_id:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(parent_id=commune_id, level=Level.VILLAGE,
                                             valid_to__isnull=True).order_by("name_folded")


class SubmitForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Category.objects.none(),
                                      empty_label=_("— Chọn lĩnh vực —"))
    commune = forms.ModelChoiceField(label=_("Xã, phường"), queryset=AdministrativeUnit.objects.none(),
                                     empty_label=_("— Chọn xã, phường —"))
    village = forms.ModelChoiceField(label=_("Thôn, ấp, khu vực, tổ dân phố"), required=False,
                                     queryset=AdministrativeUnit.objects.none(), empty_label=_("— Không rõ —"))
    description = TextField(label=_("Nội dung phản ánh, kiến nghị"), max_length=MAX_DESCRIPTION, multiline=True,
                            widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_DESCRIPTION}),
                            help_text=_("Sự việc gì, ở đâu, từ khi nào. Không ghi số CCCD hay thông tin cá nhân "
                                        "của người khác."))
    address = TextField(label=_("Địa điểm (số nhà, tên đường, hẻm, gần đâu)"), max_length=300, required=False)
    lat = forms.CharField(label=_("Vĩ độ"), required=False, max_length=30,
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    lon = forms.CharField(label=_("Kinh độ"), required=False, max_length=30,
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    photos = MultipleFileField(label=_("Hình ảnh (tối đa 3 ảnh, mỗi ảnh ≤ 8 MB)"), required=False,
                               max_files=MAX_PHOTOS)
    anonymous = forms.BooleanField(label=_("Gửi ẩn danh (không ghi tên, không nhận thông báo)"), required=False)
    reporter_name = TextField(label=_("Họ và tên"), max_length=150, required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False,
                            widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}))
    notify_channel = forms.ChoiceField(label=_("Nhận thông báo qua"), choices=NotifyChannel.choices, required=False)
    publish = forms.BooleanField(label=_("Đồng ý công khai nội dung phản ánh và câu trả lời trên trang của xã"),
                                 required=False, initial=True,
                                 help_text=_("Số điện thoại, thư điện tử không bao giờ được công khai."))
    show_name = forms.BooleanField(label=_("Đồng ý hiện tên (chỉ tên gọi) khi công khai"), required=False)
    # honeypot: hidden from people (and screen readers), filled in only by bots
    website = forms.CharField(required=False, label=_("Để trống ô này"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["commune"].queryset = current_communes()
        commune_id = self.data.get("commune") if self.is_bound else self.initial.get("commune")
        commune_id = str(commune_id) if commune_id else ""
        self.fields["village"].queryset = villages_of(int(commune_id)) if commune_id.isdigit() and \
            len(commune_id) < 19 else AdministrativeUnit.objects.none()
        self.fields["commune"].widget.attrs.update({
            "hx-get": "", "hx-target": "#id_village", "hx-select": "#id_village", "hx-swap": "outerHTML",
            "hx-trigger": "change"})


class StaffRecordForm(SubmitForm):
    """An official records a feedback received by phone (hotline) or in person."""

    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=[("hotline", _("Đường dây nóng")),
                                                                    ("in_person", _("Trực tiếp tại trụ sở"))])
    field_order = ["channel"]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "placeholder": "PA-XXXXXXXXXX"}))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Mức độ hài lòng với câu trả lời"), coerce=int,
                                    choices=[(k, f"{k} — {v}") for k, v in sorted(RATING_LABELS.items(),
                                                                                 reverse=True)],
                                    widget=forms.RadioSelect)
    comment = TextField(label=_("Ý kiến của ông/bà"), required=False, max_length=2000, multiline=True, rows=3)
    reopen = forms.BooleanField(label=_("Chưa hài lòng: đề nghị xã xem xét, trả lời lại"), required=False)


class NoteForm(forms.Form):
    note = TextField(label=_("Ghi chú"), required=False, max_length=2000, multiline=True, rows=2)


class InternalNoteForm(forms.Form):
    note = TextField(label=_("Ghi chú nội bộ (chỉ cán bộ xem)"), max_length=4000, multiline=True, rows=2)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Chuyển đến xã, phường (trên hệ thống)"), required=False,
                                     queryset=AdministrativeUnit.objects.none(), empty_label=_("— Chọn —"))
    to_body = TextField(label=_("Hoặc cơ quan khác (ghi tên)"), required=False, max_length=300)
    reason = TextField(label=_("Lý do chuyển (nội bộ)"), max_length=2000, multiline=True, rows=2)

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = current_communes()
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["to_unit"].queryset = qs


class AnswerForm(forms.Form):
    answer = TextField(label=_("Nội dung trả lời (công khai cho người phản ánh)"), max_length=8000, multiline=True,
                       rows=5)


class RejectForm(forms.Form):
    reason = TextField(label=_("Lý do không thụ lý (gửi người phản ánh)"), max_length=2000, multiline=True, rows=2)


class DuplicateForm(forms.Form):
    original = forms.CharField(label=_("Mã tra cứu của phản ánh đã có"), max_length=40)
    note = TextField(label=_("Ghi chú nội bộ"), required=False, max_length=2000)


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nội dung là"), choices=CaseKind.choices, widget=forms.RadioSelect)
    reference = TextField(label=_("Ghi thêm vào hồ sơ đơn (không bắt buộc)"), required=False, max_length=300,
                          help_text=_("Một đơn khiếu nại hoặc tố cáo được lập trong sổ đơn thư của xã, có liên "
                                      "kết với phản ánh này; với tố cáo, thông tin người gửi được mã hóa."))
    note = TextField(label=_("Ghi chú nội bộ"), required=False, max_length=2000)


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Lĩnh vực đúng"), queryset=Category.objects.filter(active=True))


class RouteForm(forms.Form):
    """(category or every category) × this unit → the organisation that answers, optional own deadline."""

    category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Category.objects.filter(active=True),
                                      required=False, empty_label=_("— Mọi lĩnh vực —"))
    organisation = forms.ModelChoiceField(label=_("Tổ chức chịu trách nhiệm trả lời"), queryset=None)
    answer_days = forms.IntegerField(label=_("Thời hạn trả lời riêng (ngày làm việc)"), required=False, min_value=1,
                                     max_value=60, help_text=_("Để trống: theo thời hạn của lĩnh vực."))
    note = TextField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
