"""HTML input only; the rules of NĐ59 are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField

from .domain import DismissalTrigger, Nomination, Office, VoteMethod, timeline_steps


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _count(label, **kwargs):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, **kwargs)


class PlanForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=None, empty_label=None)
    office = forms.ChoiceField(label=_("Bầu"), choices=Office.choices)
    project_name = TextField(label=_("Chương trình, dự án (chỉ với Ban Giám sát đầu tư)"), max_length=300, required=False)
    seats = forms.IntegerField(label=_("Số người cần bầu"), min_value=1, max_value=15, initial=1,
                               help_text=_("Trưởng thôn: 01 người."))
    decided_on = _date(_("Ngày quyết định tổ chức bầu cử, kế hoạch"))
    decision_number = TextField(label=_("Số quyết định, kế hoạch"), max_length=50, required=False)
    election_day = _date(_("Ngày bầu cử"), help_text=format_lazy(_("Trưởng thôn: ít nhất {n} sau quyết định (Điều 6)."),
                                                               n=timeline_steps(Office.VILLAGE_HEAD)[0].text))
    place = TextField(label=_("Địa điểm"), max_length=300)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class CandidateForm(forms.Form):
    full_name = TextField(label=_("Họ và tên người ứng cử"), max_length=150)
    birth_year = forms.IntegerField(label=_("Năm sinh"), min_value=1900, max_value=2100, required=False)
    nomination = forms.ChoiceField(label=_("Hình thức giới thiệu"), choices=Nomination.choices)


class StepForm(forms.Form):
    done_on = _date(_("Ngày thực hiện"))


class TeamForm(StepForm):
    team_members = TextField(label=_("Thành viên Tổ bầu cử"), max_length=5000, multiline=True, rows=3,
                             help_text=_("Tổ trưởng là đại diện Ban công tác Mặt trận; không gồm người ứng cử."))


class ResultForm(forms.Form):
    """One vote count per candidate of the election."""

    method = forms.ChoiceField(label=_("Hình thức bầu"), choices=VoteMethod.choices)
    participating = _count(_("Số hộ tham gia bầu"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in candidates:
            self.fields[f"votes_{c.pk}"] = _count(_("Số phiếu của %(n)s") % {"n": c.full_name})
        self.fields["no_winner_reason"] = TextField(label=_("Lý do không có người trúng cử (nếu có)"),
                                                    max_length=5000, required=False, multiline=True, rows=2)

    def result(self) -> dict:
        """The service's arguments: the votes per candidate id."""
        data = self.cleaned_data
        return {"method": data["method"], "participating": data["participating"],
                "votes": {int(k.removeprefix("votes_")): v for k, v in data.items() if k.startswith("votes_")},
                "no_winner_reason": data.get("no_winner_reason", "")}


class SendForm(forms.Form):
    sent_on = _date(_("Ngày gửi kết quả đề nghị công nhận"))


class RecogniseForm(forms.Form):
    decision_number = TextField(label=_("Số quyết định công nhận"), max_length=50)
    decided_on = _date(_("Ngày quyết định"))


class ReasonDateForm(forms.Form):
    decided_on = _date(_("Ngày quyết định"))
    reason = TextField(label=_("Lý do"), max_length=5000, multiline=True, rows=2)


class CancelForm(forms.Form):
    reason = TextField(label=_("Lý do hủy"), max_length=5000, multiline=True, rows=2)


class DismissalForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=None, empty_label=None)
    office = forms.ChoiceField(label=_("Chức danh"), choices=Office.choices)
    holder_name = TextField(label=_("Người bị đề nghị cho thôi"), max_length=150)
    trigger = forms.ChoiceField(label=_("Căn cứ (khoản 1 Điều 9)"), choices=DismissalTrigger.choices)
    opened_on = _date(_("Ngày nhận đơn, đề nghị, kiến nghị"))
    reason = TextField(label=_("Lý do"), max_length=5000, multiline=True, rows=2)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class ConsentForm(forms.Form):
    household_code = TextField(label=_("Mã hộ ký kiến nghị"), max_length=40)
    signed_on = _date(_("Ngày ký"))


class DismissalVoteForm(forms.Form):
    held_on = _date(_("Ngày họp"))
    present = _count(_("Số hộ dự họp"))
    approve = _count(_("Số hộ tán thành cho thôi"))
    against = _count(_("Số hộ không tán thành"))
