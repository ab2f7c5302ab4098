"""HTML input only; the rules (deadlines, group representatives, grounds, extensions) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField
from danchu.core.legal_rules import get_rule, rule_text

from .domain import (
    ANONYMOUS_GROUND,
    COMPLAINT_REJECTION_GROUNDS,
    DENUNCIATION_REJECTION_GROUNDS,
    ComplexityCriterion,
    DisputeType,
    Finding,
    Handling,
    LeaderKind,
    MediationState,
    SessionKind,
)

HONEYPOT = "website"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateField(forms.DateField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DATE)
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)


class SessionForm(forms.Form):
    leader_name = TextField(label=_("Người tiếp"), max_length=150)
    leader_title = TextField(label=_("Chức vụ"), max_length=150)
    leader_kind = forms.ChoiceField(label=_("Vai trò theo Luật Tiếp công dân"), choices=LeaderKind.choices)
    kind = forms.ChoiceField(label=_("Loại lịch"), choices=SessionKind.choices)
    day = DateField(label=_("Ngày tiếp"))
    start = forms.TimeField(label=_("Từ giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(label=_("Đến giờ"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = TextField(label=_("Địa điểm"), max_length=300)
    capacity = forms.IntegerField(label=_("Số lượt đăng ký tối đa"), min_value=1, max_value=200, initial=10)


class BookingForm(forms.Form):
    full_name = TextField(label=_("Họ và tên"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                            help_text=_("Mã đăng ký được gửi qua tin nhắn tới số này."))
    people_count = forms.IntegerField(label=_("Số người cùng đến"), min_value=1, max_value=200, initial=1)
    topic = TextField(label=_("Nội dung cần trình bày (tóm tắt)"), max_length=500, multiline=True, rows=3,
                      help_text=_("Không cần ghi tên người bị tố cáo; nội dung chi tiết trình bày khi gặp."))
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
                              label=_("Để trống ô này"))


LETTER_KINDS = [("complaint", _("Khiếu nại")), ("denunciation", _("Tố cáo")), ("petition", _("Kiến nghị, phản ánh"))]


class VisitForm(forms.Form):
    """One line of the reception book (Art.25.2) and the letters it yields (Art.25.3)."""

    received_on = DateField(label=_("Ngày tiếp"))
    full_name = TextField(label=_("Họ và tên người đến"), max_length=150)
    address = TextField(label=_("Địa chỉ"), max_length=300, required=False)
    id_number = forms.CharField(label=_("Số CCCD/CMND/hộ chiếu"), max_length=30, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    people_count = forms.IntegerField(label=_("Số người"), min_value=1, max_value=1000, initial=1)
    representatives = TextField(
        label=_("Người đại diện (mỗi dòng: họ tên; số CCCD)"), required=False, multiline=True, rows=2,
        help_text=_("Nhóm 5–10 người cử 1–2 người đại diện; trên 10 người tối đa 5 người (Điều 29)."))
    content = TextField(label=_("Nội dung sự việc"), max_length=10000, multiline=True, rows=4)
    prior_handling = TextField(label=_("Quá trình xem xét, giải quyết của cơ quan có thẩm quyền (nếu có)"),
                               max_length=10000, required=False, multiline=True, rows=2)
    request = TextField(label=_("Yêu cầu, đề nghị của người đến"), max_length=10000, required=False, multiline=True,
                        rows=2)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa đi lại khó khăn"), required=False)
    complaint = TextField(label=_("Đơn khiếu nại — tóm tắt (để trống nếu không có)"), max_length=300, required=False)
    complaint_respondent = TextField(label=_("Quyết định, hành vi bị khiếu nại của"), max_length=300, required=False)
    complaint_known_on = DateField(label=_("Ngày biết quyết định, hành vi bị khiếu nại"), required=False)
    denunciation = TextField(label=_("Đơn tố cáo — tóm tắt, không ghi tên người tố cáo (để trống nếu không có)"),
                             max_length=300, required=False,
                             help_text=_("Có nội dung tố cáo thì thông tin người đến được mã hóa và giữ bí mật "
                                         "(Điều 47 Luật Tố cáo)."))
    denunciation_respondent = TextField(label=_("Người bị tố cáo"), max_length=300, required=False)
    petition = TextField(label=_("Kiến nghị, phản ánh — tóm tắt (để trống nếu không có)"), max_length=300,
                         required=False)
    booking = forms.CharField(label=_("Mã đăng ký trước (nếu có)"), max_length=20, required=False)

    def clean_representatives(self):
        reps = []
        for line in (self.cleaned_data.get("representatives") or "").splitlines():
            if not line.strip():
                continue
            name, _sep, id_number = line.partition(";")
            reps.append({"name": name.strip(), "id_number": id_number.strip()})
        if len(reps) > 50:
            raise forms.ValidationError(_("Tối đa 50 người đại diện."))
        return reps


class LetterForm(forms.Form):
    """A letter received by post or left at the office (no visit)."""

    kind = forms.ChoiceField(label=_("Loại đơn"), choices=LETTER_KINDS)
    received_on = DateField(label=_("Ngày nhận đơn"))
    summary = TextField(label=_("Tóm tắt nội dung"), max_length=300)
    content = TextField(label=_("Nội dung đơn"), max_length=10000, multiline=True, rows=4)
    respondent = TextField(label=_("Người, cơ quan bị khiếu nại / bị tố cáo"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("Đơn tố cáo nặc danh, mạo danh (Điều 25)"), required=False)
    full_name = TextField(label=_("Họ tên người gửi"), max_length=150, required=False)
    address = TextField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    known_on = DateField(label=_("Ngày biết quyết định, hành vi bị khiếu nại"), required=False)
    round = forms.TypedChoiceField(label=_("Lần giải quyết"), choices=[(1, _("Lần đầu")), (2, _("Lần hai"))],
                                   coerce=int, initial=1)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)


class AcceptForm(forms.Form):
    on = DateField(label=_("Ngày thụ lý"))
    criteria = forms.MultipleChoiceField(label=_("Tiêu chí phức tạp (NĐ 31/2019 Điều 3)"), required=False,
                                         choices=ComplexityCriterion.choices, widget=forms.CheckboxSelectMultiple)
    remote_area = forms.BooleanField(label=_("Vùng sâu, vùng xa đi lại khó khăn"), required=False)
    obstacle_days = forms.IntegerField(
        label=_("Số ngày trở ngại khách quan (ốm đau, thiên tai, đi công tác, học tập xa…)"), required=False,
        min_value=0, max_value=3650,
        help_text=format_lazy(_("Không tính vào thời hiệu {period} (Điều 9 Luật Khiếu nại); lưu giấy tờ chứng minh "
                                "trong hồ sơ."), period=rule_text("complaints.limitation")))

    def __init__(self, *args, kind: str = "complaint", **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "complaint":
            del self.fields["obstacle_days"]


class ComplexityForm(forms.Form):
    criteria = forms.MultipleChoiceField(label=_("Tiêu chí phức tạp (NĐ 31/2019 Điều 3)"), required=False,
                                         choices=ComplexityCriterion.choices, widget=forms.CheckboxSelectMultiple,
                                         help_text=_("Một tiêu chí: phức tạp (gia hạn 1 lần); từ hai tiêu chí: đặc biệt "
                                                     "phức tạp (gia hạn 2 lần)."))
    reason = TextField(label=_("Lý do (kết quả xác minh)"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày xếp lại"))


class SeveralPlacesForm(forms.Form):
    reason = TextField(label=_("Các địa điểm cần xác minh"), max_length=10000, multiline=True, rows=2)


class RejectForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ không thụ lý"), choices=[])
    reason = TextField(label=_("Lý do (ghi trong thông báo)"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày thông báo"))

    def __init__(self, *args, kind: str = "complaint", anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = DENUNCIATION_REJECTION_GROUNDS if kind == "denunciation" else COMPLAINT_REJECTION_GROUNDS
        if anonymous and kind == "denunciation":  # an anonymous letter is only "not processed" (Art.25)
            grounds = tuple(g for g in grounds if g.code == ANONYMOUS_GROUND)
        self.fields["ground"].choices = [(g.code, f"{g.article} — {g.text}") for g in grounds]


class TransferForm(forms.Form):
    to = TextField(label=_("Chuyển đến cơ quan có thẩm quyền"), max_length=300)
    on = DateField(label=_("Ngày chuyển"))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Gia hạn thêm (ngày)"), min_value=1,
                              max_value=get_rule("denunciations.extend_complex").amount,
                              initial=get_rule("denunciations.extend_complex").amount)
    reason = TextField(label=_("Lý do gia hạn"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày ra quyết định gia hạn"))


class DecideForm(forms.Form):
    number = TextField(label=_("Số quyết định / kết luận"), max_length=50)
    finding = forms.ChoiceField(label=_("Kết luận nội dung đơn"), choices=Finding.choices)
    text = TextField(label=_("Nội dung quyết định / kết luận"), max_length=10000, multiline=True, rows=4)
    on = DateField(label=_("Ngày ban hành"))


class DateOnlyForm(forms.Form):
    on = DateField(label=_("Ngày"))


class TerminateForm(forms.Form):
    reason = TextField(label=_("Việc rút đơn (văn bản, biên bản)"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày đình chỉ"))


class AnswerForm(forms.Form):
    text = TextField(label=_("Nội dung trả lời"), max_length=10000, multiline=True, rows=4)
    on = DateField(label=_("Ngày trả lời"))


class AnonymousCheckForm(forms.Form):
    note = TextField(label=_("Kết quả kiểm tra nội dung (Điều 25)"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày kiểm tra xong"))


class DialogueForm(forms.Form):
    on = DateField(label=_("Ngày đối thoại"))
    participants = TextField(label=_("Thành phần tham gia"), max_length=2000, multiline=True, rows=2)
    content = TextField(label=_("Nội dung, ý kiến, kết quả đối thoại"), max_length=10000, multiline=True, rows=4)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Người xử lý"), queryset=None)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class RevealForm(forms.Form):
    reason = TextField(label=_("Lý do cần xem (được ghi nhật ký)"), min_length=10, max_length=500, multiline=True,
                       rows=2)


class ReplyForm(forms.Form):
    handling = forms.ChoiceField(label=_("Việc tiếp nhận, xử lý"),
                                 choices=[c for c in Handling.choices if c[0] != "pending"])
    note = TextField(label=_("Ghi chú (cơ quan đã hướng dẫn, chuyển đến; số văn bản)"), max_length=10000,
                     required=False, multiline=True, rows=2)
    on = DateField(label=_("Ngày trả lời công dân"))


class BookingLookupForm(forms.Form):
    code = forms.CharField(label=_("Mã đăng ký"), max_length=20)
    phone = forms.CharField(label=_("Số điện thoại đã đăng ký"), max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=40)


class TeamForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=None)
    name = TextField(label=_("Tên tổ hòa giải"), max_length=200)
    established_on = DateField(label=_("Ngày thành lập"))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class MediatorForm(forms.Form):
    full_name = TextField(label=_("Họ và tên"), max_length=150)
    is_leader = forms.BooleanField(label=_("Tổ trưởng"), required=False)
    is_woman = forms.BooleanField(label=_("Nữ"), required=False)
    term_start = DateField(label=_("Bắt đầu"))
    term_end = DateField(label=_("Kết thúc"), required=False)


class MediatorEndForm(forms.Form):
    on = DateField(label=_("Ngày kết thúc nhiệm kỳ"))
    reason = TextField(label=_("Lý do (thôi làm hòa giải viên, chuyển nơi ở, hết nhiệm kỳ…)"), max_length=500,
                       required=False)


class MediationForm(forms.Form):
    dispute_type = forms.ChoiceField(label=_("Loại tranh chấp"), choices=DisputeType.choices)
    parties = TextField(label=_("Các bên"), max_length=2000, multiline=True, rows=2)
    summary = TextField(label=_("Nội dung vụ việc"), max_length=10000, multiline=True, rows=3)
    received_on = DateField(label=_("Ngày tiếp nhận"))


class MediationSessionForm(forms.Form):
    held_on = DateField(label=_("Ngày hòa giải"))
    place = TextField(label=_("Địa điểm"), max_length=300)
    note = TextField(label=_("Diễn biến"), max_length=10000, multiline=True, rows=3)


class MediationCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=[c for c in MediationState.choices if c[0] != "open"])
    note = TextField(label=_("Nội dung kết quả"), max_length=10000, multiline=True, rows=2)
    on = DateField(label=_("Ngày kết thúc"))
