from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField

from .domain import VILLAGE_KIND_CHOICES, Kind, OrganisationKind, Role
from .models import AdministrativeUnit


class VillageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=VILLAGE_KIND_CHOICES, initial=Kind.AP)
    name = TextField(label=_("Tên"), max_length=200,
                           help_text=_("Ví dụ: Mỹ Ái, Khu vực 3, Tổ dân phố 5 (không cần gõ lại chữ “Ấp”)."))
    code = TextField(label=_("Mã (không bắt buộc)"), max_length=32, required=False,
                           help_text=_("Để trống để hệ thống tự cấp mã theo mã xã."))

    def full_name(self) -> str:
        from .domain import KIND_PREFIX, split_kind_prefix

        kind = self.cleaned_data["kind"]
        given_kind, bare = split_kind_prefix(self.cleaned_data["name"])
        return f"{KIND_PREFIX[given_kind or kind]} {bare}"


class VillageImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"),
                           help_text=_("Cột bắt buộc: Tên thôn, tổ dân phố; không bắt buộc: Loại, Mã."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn 5 MB."))
        return upload


class VillageRenameForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=VILLAGE_KIND_CHOICES)
    name = TextField(label=_("Tên đầy đủ"), max_length=200)


class VillageMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Thôn nhận sáp nhập"), queryset=AdministrativeUnit.objects.none())
    sources = forms.ModelMultipleChoiceField(label=_("Các thôn bị sáp nhập"), queryset=AdministrativeUnit.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    on = forms.DateField(label=_("Ngày có hiệu lực"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = TextField(label=_("Căn cứ (nghị quyết, quyết định)"), max_length=300, required=False)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = villages
        self.fields["sources"].queryset = villages

    def clean(self):
        data = super().clean()
        if data.get("target") and data.get("sources") and data["target"] in data["sources"]:
            raise forms.ValidationError(_("Thôn nhận sáp nhập không được nằm trong danh sách bị sáp nhập."))
        return data


class HouseholdForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=AdministrativeUnit.objects.none())
    code = TextField(label=_("Mã hộ"), max_length=40)
    representative_name = TextField(label=_("Họ và tên đại diện hộ"), max_length=150)
    address = TextField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = TextField(label=_("Điện thoại"), max_length=15, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    member_count = forms.IntegerField(label=_("Số nhân khẩu"), min_value=1, max_value=100, initial=1)
    established_on = forms.DateField(label=_("Ngày ghi nhận"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    note = TextField(label=_("Ghi chú"), required=False, multiline=True, rows=2)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()


class HouseholdImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp CSV hoặc Excel (.xlsx)"),
                           help_text=_("Các cột: Mã hộ, Họ và tên đại diện hộ, Thôn/Ấp, Địa chỉ, Điện thoại, Số nhân khẩu."))
    village = forms.ModelChoiceField(label=_("Thôn nhận (khi tệp không có cột Thôn)"), required=False,
                                     queryset=AdministrativeUnit.objects.none())

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else AdministrativeUnit.objects.none()


class HouseholdMoveForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Chuyển đến thôn"), queryset=AdministrativeUnit.objects.none())
    on = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = TextField(label=_("Lý do"), max_length=200, required=False)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class HouseholdMemberForm(forms.Form):
    full_name = TextField(label=_("Họ và tên"), max_length=150)
    relation = TextField(label=_("Quan hệ với chủ hộ"), max_length=50, required=False,
                               help_text=_("Ví dụ: vợ, chồng, con, cháu."))
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900, max_value=2100)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class HouseholdMemberEndForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Thành viên"), queryset=None)
    end = forms.DateField(label=_("Ngày rời hộ"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = TextField(label=_("Lý do"), max_length=200, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class HouseholdDissolveForm(forms.Form):
    on = forms.DateField(label=_("Ngày thôi là hộ"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = TextField(label=_("Lý do"), max_length=200, required=False)


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrganisationKind.choices)
    name = TextField(label=_("Tên tổ chức"), max_length=250)
    unit = forms.ModelChoiceField(label=_("Thuộc đơn vị"), queryset=AdministrativeUnit.objects.none())
    established_on = forms.DateField(label=_("Ngày thành lập"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    decision_ref = TextField(label=_("Quyết định thành lập / kiện toàn"), max_length=200, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class OrganisationEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=OrganisationKind.choices)
    name = TextField(label=_("Tên tổ chức"), max_length=250)
    established_on = forms.DateField(label=_("Ngày thành lập"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    decision_ref = TextField(label=_("Quyết định thành lập / kiện toàn"), max_length=200, required=False)
    dissolved_on = forms.DateField(label=_("Ngày giải thể"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class AppointmentEndForm(forms.Form):
    appointment = forms.ModelChoiceField(label=_("Người giữ chức danh"), queryset=None)
    end = forms.DateField(label=_("Kết thúc nhiệm kỳ ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, appointments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appointment"].queryset = appointments


class PositionForm(forms.Form):
    title = TextField(label=_("Chức danh"), max_length=200)
    role = forms.ChoiceField(label=_("Quyền trên hệ thống"), choices=Role.choices, required=False)
    is_head = forms.BooleanField(label=_("Người đứng đầu tổ chức"), required=False)


class AppointmentForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Chức danh"), queryset=None)
    holder_name = TextField(label=_("Họ và tên người giữ chức danh"), max_length=150)
    username = TextField(label=_("Tài khoản (tên đăng nhập hoặc số điện thoại, nếu có)"), max_length=150,
                               required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    decision_ref = TextField(label=_("Quyết định"), max_length=200, required=False)

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Ngày kết thúc không thể trước ngày bắt đầu."))
        username = (data.get("username") or "").strip()
        data["user"] = None
        if username:
            # the accounts app knows how a typed log-in name is read (a user name, or a phone in any spelling)
            user = get_user_model().objects.find_by_login(username)
            if user is None:
                self.add_error("username", _("Không tìm thấy tài khoản “%(u)s”.") % {"u": username})
            data["user"] = user
        return data
