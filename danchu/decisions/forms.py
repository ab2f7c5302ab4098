"""HTML input only; the rules (thresholds, dates, teams, households of the village) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.forms import TextField
from danchu.core.legal_rules import rule_text

from .domain import (
    BALLOT_NOTICE_RULE,
    CLUSTER_MIN_HOUSEHOLDS,
    KIND_SHORT,
    MEETING_CHOICE,
    MEETING_NOTICE_RULE,
    AnnulGround,
    Choice,
    Form,
    Kind,
    Scope,
    takes_effect_on_adoption,
)
from .models import ConsentChannel, VoteMethod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kw):
    return forms.DateField(label=label, widget=DATE, **kw)


class TeamField(forms.CharField):
    """One name per line (count team, ballot team)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [line.strip() for line in value.replace("\r", "").split("\n") if line.strip()]


class DecisionForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Phạm vi (thôn, tổ dân phố hoặc cả xã, phường)"), coerce=int)
    kind = forms.ChoiceField(label=_("Nội dung (Điều 15 Luật Thực hiện dân chủ ở cơ sở)"),
                             choices=[(k, f"{k.upper()} — {KIND_SHORT[k]}") for k in Kind.values])
    form = forms.ChoiceField(label=_("Hình thức dự kiến"), choices=Form.choices, initial=Form.MEETING,
                             help_text=_("Biểu quyết trực tuyến chỉ cho công việc tự quản khác (K6); hương ước, bầu "
                                         "cử phải họp."))
    title = TextField(label=_("Tên nội dung"), max_length=300)
    content = TextField(label=_("Nội dung đưa ra bàn và quyết định"), max_length=20000, multiline=True, rows=5)
    options = TextField(label=_("Phương án đưa ra biểu quyết"), max_length=20000, required=False,
                        multiline=True, rows=3,
                        help_text=_("Ví dụ: mức đóng góp, thời gian thực hiện, người được giới thiệu."))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name if u.level == 4 else _("Cả %(u)s") % {"u": u.name})
                                       for u in units]


class DraftForm(forms.Form):
    title = TextField(label=_("Tên nội dung"), max_length=300)
    content = TextField(label=_("Nội dung đưa ra bàn và quyết định"), max_length=20000, multiline=True, rows=4)
    options = TextField(label=_("Phương án đưa ra biểu quyết"), max_length=20000, required=False,
                        multiline=True, rows=2)


class AmendForm(forms.Form):
    title = TextField(label=_("Tên nội dung sửa đổi"), max_length=300)
    content = TextField(label=_("Nội dung sửa đổi"), max_length=20000, multiline=True, rows=4)
    options = TextField(label=_("Phương án"), max_length=20000, required=False,
                        multiline=True, rows=2)


class NoticeForm(forms.Form):
    notice_on = _date(_("Ngày gửi thông báo (Mẫu 01)"))
    held_on = _date(_("Ngày họp"), help_text=format_lazy(_("Ít nhất {n} sau ngày thông báo (Nghị định 59/2023, "
                                                           "Điều 3.3)."), n=rule_text(MEETING_NOTICE_RULE)))
    starts_at = forms.TimeField(label=_("Giờ họp"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = TextField(label=_("Địa điểm"), max_length=300)
    chair_name = TextField(label=_("Người chủ trì"), max_length=150)
    cluster = TextField(label=_("Cụm dân cư (nếu họp theo cụm)"), max_length=150, required=False,
                        help_text=format_lazy(_("Chỉ thôn, tổ dân phố từ {n} hộ trở lên (Điều 18.3)."),
                                              n=CLUSTER_MIN_HOUSEHOLDS))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"notice_on": clock.today()})
        super().__init__(*args, **kwargs)


class MeetingResultForm(forms.Form):
    secretary_name = TextField(label=_("Thư ký cuộc họp"), max_length=150)
    secretary_votes = forms.IntegerField(label=_("Số đại diện hộ biểu quyết chọn thư ký"), min_value=0,
                                         max_value=100000, help_text=format_lazy(_("{share} số đại diện hộ dự họp."),
                                                                                 share=MEETING_CHOICE.describe().capitalize()))
    vote_method = forms.ChoiceField(label=_("Cách biểu quyết"), choices=VoteMethod.choices,
                                    widget=forms.RadioSelect, initial=VoteMethod.HANDS)
    count_team = TeamField(label=_("Ban kiểm phiếu (bỏ phiếu kín; 03–05 người, mỗi dòng một người)"), required=False)
    witness_1 = forms.TypedChoiceField(label=_("Hộ chứng kiến kiểm phiếu 1"), coerce=int, required=False,
                                       empty_value=None)
    witness_2 = forms.TypedChoiceField(label=_("Hộ chứng kiến kiểm phiếu 2"), coerce=int, required=False,
                                       empty_value=None)
    secret_agree = forms.IntegerField(label=_("Số phiếu đồng ý"), min_value=0, max_value=100000, required=False)
    secret_disagree = forms.IntegerField(label=_("Số phiếu không đồng ý"), min_value=0, max_value=100000,
                                         required=False)
    secret_other = forms.IntegerField(label=_("Số phiếu ý kiến khác"), min_value=0, max_value=100000, required=False)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(h.pk, f"{h.code} — {h.representative_name}") for h in households]
        self.fields["witness_1"].choices = choices
        self.fields["witness_2"].choices = choices


class BallotOpenForm(forms.Form):
    plan_issued_on = _date(_("Ngày ban hành kế hoạch phát phiếu"))
    plan_sent_on = _date(_("Ngày gửi kế hoạch cho UBND và UB MTTQ cấp xã"), required=False,
                         help_text=format_lazy(_("Trong {n} kể từ ngày ban hành kế hoạch (Nghị định 59/2023, "
                                                 "Điều 4.2)."), n=rule_text("grassroots.ballot_plan_to_commune")))
    notice_on = _date(_("Ngày thông báo công khai"))
    distribute_on = _date(_("Ngày phát phiếu"), help_text=format_lazy(_("Ít nhất {n} sau ngày thông báo (Điều 4.4)."),
                                                                      n=rule_text(BALLOT_NOTICE_RULE)))
    deadline = _date(_("Hạn thu phiếu"))
    team = TeamField(label=_("Tổ phát phiếu (03–05 người, mỗi dòng một người)"))
    leader_name = TextField(label=_("Tổ trưởng (đại diện Ban công tác Mặt trận)"), max_length=150)


class BallotForm(forms.Form):
    household = TextField(label=_("Mã hộ trên phiếu"), max_length=40,
                          widget=forms.TextInput(attrs={"list": "household-codes", "autocomplete": "off",
                                                              "autocapitalize": "characters"}))
    choice = forms.ChoiceField(label=_("Ý kiến của hộ"), widget=forms.RadioSelect,
                               choices=[(c, Choice(c).label) for c in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER)])
    note = TextField(label=_("Ý kiến khác (ghi rõ)"), max_length=500, required=False)


class CountForm(forms.Form):
    witness_1 = forms.TypedChoiceField(label=_("Hộ chứng kiến kiểm phiếu 1"), coerce=int)
    witness_2 = forms.TypedChoiceField(label=_("Hộ chứng kiến kiểm phiếu 2"), coerce=int)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(h.pk, f"{h.code} — {h.representative_name}") for h in households]
        self.fields["witness_1"].choices = choices
        self.fields["witness_2"].choices = choices


class SendForm(forms.Form):
    sent_on = _date(_("Ngày gửi UBND và UB MTTQ cấp xã"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"sent_on": clock.today()})
        super().__init__(*args, **kwargs)


class RecogniseForm(forms.Form):
    recognised_on = _date(_("Ngày công nhận"))
    reference = TextField(label=_("Số quyết định công nhận"), max_length=100)
    effective_on = _date(_("Ngày có hiệu lực (để trống: ngày công nhận)"), required=False)

    def __init__(self, *args, decision=None, **kwargs):
        kwargs.setdefault("initial", {"recognised_on": clock.today()})
        super().__init__(*args, **kwargs)
        if decision is not None and takes_effect_on_adoption(decision.kind, decision.scope):
            del self.fields["effective_on"]  # Art.21.2: in force from adoption, whatever the recognition date
        elif decision is not None and decision.scope == Scope.COMMUNE:
            self.fields["effective_on"].label = _("Ngày có hiệu lực do Ủy ban nhân dân cấp xã quyết định (để trống: "
                                                  "ngày công nhận)")


class RefuseForm(forms.Form):
    refused_on = _date(_("Ngày trả lời"))
    reason = TextField(label=_("Lý do không công nhận"), max_length=20000, multiline=True, rows=3)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"refused_on": clock.today()})
        super().__init__(*args, **kwargs)


class AnnulForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ (Điều 22.1)"),
                               choices=[(g, AnnulGround(g).label) for g in (AnnulGround.UNLAWFUL,
                                                                            AnnulGround.PROCEDURE)])
    on = _date(_("Ngày bãi bỏ"))
    reason = TextField(label=_("Lý do"), max_length=20000, multiline=True, rows=3)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": clock.today()})
        super().__init__(*args, **kwargs)


class OnlineForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Kết thúc"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class InitiativeForm(forms.Form):
    village = forms.TypedChoiceField(label=_("Thôn, tổ dân phố"), coerce=int)
    kind = forms.ChoiceField(label=_("Nội dung (Điều 15)"),
                             choices=[(k, f"{k.upper()} — {KIND_SHORT[k]}") for k in Kind.values])
    title = TextField(label=_("Tên sáng kiến"), max_length=300)
    content = TextField(label=_("Nội dung đề xuất"), max_length=20000, multiline=True, rows=4)
    initiator_name = TextField(label=_("Người khởi xướng"), max_length=150)
    opened_on = _date(_("Ngày bắt đầu lấy đồng thuận"))

    def __init__(self, *args, villages=(), **kwargs):
        kwargs.setdefault("initial", {"opened_on": clock.today()})
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [(v.pk, v.name) for v in villages]


class ConsentForm(forms.Form):
    household = TextField(label=_("Mã hộ"), max_length=40,
                          widget=forms.TextInput(attrs={"list": "household-codes", "autocomplete": "off"}))
    given_on = _date(_("Ngày đồng thuận"))
    channel = forms.ChoiceField(label=_("Hình thức"), choices=[(c, ConsentChannel(c).label) for c in (
        ConsentChannel.WRITTEN, ConsentChannel.MEETING)])

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"given_on": clock.today()})
        super().__init__(*args, **kwargs)
