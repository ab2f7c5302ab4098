"""HTML input only; the rules of NĐ61 are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField

from .domain import (
    PROPOSAL,
    CommentChannel,
    Kind,
    MeasureKind,
    Proposer,
    Scope,
    VoteMethod,
    percent,
    posting_text,
)


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


def _count(label, **kwargs):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, **kwargs)


def _text(label, rows=3, max_length=5000, **kwargs):
    return TextField(label=label, max_length=max_length, multiline=True, rows=rows, **kwargs)


class ProposeForm(forms.Form):
    village = forms.ModelChoiceField(label=_("Thôn, tổ dân phố"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    title = TextField(label=_("Tên hương ước, quy ước"), max_length=250)
    proposer = forms.ChoiceField(label=_("Người đề xuất (Điều 7)"), choices=Proposer.choices, widget=forms.RadioSelect,
                                 initial=Proposer.VILLAGE_HEAD)
    households_consenting = _count(_("Số hộ đồng ý với đề xuất của công dân"), required=False,
                                   help_text=format_lazy(_("Cần ít nhất {share} số hộ của thôn, trừ khi Ban công tác "
                                                           "Mặt trận đồng ý."), share=percent(PROPOSAL)))
    front_agreed = forms.BooleanField(label=_("Ban công tác Mặt trận đồng ý"), required=False)
    proposed_on = _date(_("Ngày đề xuất"))
    note = _text(_("Nội dung, lý do đề xuất"), rows=2, required=False)
    drafting_team = _text(_("Tổ soạn thảo (Điều 8)"), rows=3, required=False,
                          help_text=_("Mỗi dòng một thành viên: họ tên — tổ chức, vai trò."))
    text = _text(_("Toàn văn dự thảo"), rows=14, max_length=100_000)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class TeamForm(forms.Form):
    drafting_team = _text(_("Tổ soạn thảo"), rows=4)


class ReviseForm(forms.Form):
    text = _text(_("Toàn văn"), rows=16, max_length=100_000)
    reason = TextField(label=_("Lý do thay đổi"), max_length=500)


class PostForm(forms.Form):
    posted_on = _date(_("Ngày niêm yết dự thảo"))
    comment_until = _date(_("Hạn góp ý"), help_text=format_lazy(_("Ít nhất {n} kể từ ngày niêm yết (Điều 9)."),
                                                                n=posting_text()))
    place = TextField(label=_("Nơi niêm yết"), max_length=300, initial=_("Nhà văn hóa, bảng tin của thôn, tổ dân phố"))


class CommentRecordForm(forms.Form):
    channel = forms.ChoiceField(label=_("Hình thức góp ý"),
                                choices=[c for c in CommentChannel.choices if c[0] != CommentChannel.ONLINE])
    author_name = TextField(label=_("Người, nhóm góp ý"), max_length=150)
    received_on = _date(_("Ngày góp ý"))
    body = _text(_("Nội dung góp ý"))


class RespondForm(forms.Form):
    comment = forms.IntegerField(label=_("Mã góp ý"), min_value=1, max_value=2**62)
    response = _text(_("Tiếp thu, giải trình của Tổ soạn thảo"), rows=2)


class PublicCommentForm(forms.Form):
    body = _text(_("Ý kiến của ông/bà về dự thảo"), rows=5)


class VoteForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức"), choices=VoteMethod.choices, widget=forms.HiddenInput)
    held_on = _date(_("Ngày họp / hạn thu phiếu"))
    present = _count(_("Số hộ tham dự (họp) hoặc trả phiếu"))
    approve = _count(_("Số hộ tán thành"))
    against = _count(_("Số hộ không tán thành"))
    note = _text(_("Ghi chú biên bản"), rows=2, required=False)


class SubmitForm(forms.Form):
    submitted_on = _date(_("Ngày gửi hồ sơ đề nghị công nhận"))


class RecogniseForm(forms.Form):
    decision_number = TextField(label=_("Số quyết định công nhận"), max_length=50)
    decided_on = _date(_("Ngày quyết định"))
    signer = TextField(label=_("Người ký"), max_length=150, required=False)


class RefuseForm(forms.Form):
    decided_on = _date(_("Ngày trả lời"))
    reason = _text(_("Lý do không công nhận"))


class DistributeForm(forms.Form):
    distributed_on = _date(_("Ngày gửi Trưởng thôn và UB MTTQ cấp xã"))


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Biện pháp"), choices=MeasureKind.choices)
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=Scope.choices)
    provisions = TextField(label=_("Điều, khoản (nếu một phần)"), max_length=300, required=False)
    reason = _text(_("Lý do"), rows=2)
    reported_on = _date(_("Ngày nhận báo cáo, phát hiện"))
    decided_on = _date(_("Ngày quyết định"))
    decision_number = TextField(label=_("Số quyết định"), max_length=50)


class LiftForm(forms.Form):
    lifted_on = _date(_("Ngày bãi bỏ việc tạm ngưng"))


class ReviewForm(forms.Form):
    held_on = _date(_("Ngày đánh giá"))
    summary = _text(_("Kết quả thực hiện"))
    proposals = _text(_("Kiến nghị sửa đổi, bổ sung"), rows=2, required=False)


class AmendForm(forms.Form):
    reason = _text(_("Lý do sửa đổi, bổ sung hoặc soạn lại"), rows=2)
    proposer = forms.ChoiceField(label=_("Người đề xuất"), choices=Proposer.choices, initial=Proposer.VILLAGE_HEAD)
    households_consenting = _count(_("Số hộ đồng ý (đề xuất của công dân)"), required=False)
    front_agreed = forms.BooleanField(label=_("Ban công tác Mặt trận đồng ý"), required=False)


class WithdrawForm(forms.Form):
    reason = _text(_("Lý do dừng soạn thảo"), rows=2)
