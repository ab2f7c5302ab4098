"""HTML input only; the rules (period, recipients, synthesis, majority) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import MultipleFileField, TextField
from danchu.core.legal_rules import rule_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .domain import (
    PERIOD_RULE,
    STAFF_CHANNEL_CHOICES,
    ConsultationForm,
    ContentKind,
    DecisionOutcome,
    Outcome,
    Stance,
)


def _period_help() -> str:
    """Translated when shown, with the minimum period rendered from the registry (Art.28.2)."""
    return gettext(gettext_noop("Ít nhất %(rule)s kể từ ngày công khai, không tính ngày công khai (khoản 2 Điều 28).")
                   ) % {"rule": rule_text(PERIOD_RULE)}

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def villages_of(commune):
    return AdministrativeUnit.objects.filter(parent=commune, level=Level.VILLAGE, valid_to__isnull=True).order_by(
        "name_folded")


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlanForm(forms.Form):
    """The plan of Art.28.1: content, forms, method, period, responsibility; the draft documents."""

    content_kind = forms.TypedChoiceField(label=_("Nội dung lấy ý kiến (Điều 25)"), coerce=int,
                                          choices=ContentKind.choices)
    title = TextField(label=_("Tên nội dung lấy ý kiến"), max_length=300,
                            help_text=_("Ví dụ: Dự thảo Quy chế thực hiện dân chủ ở phường năm 2027."))
    description = TextField(label=_("Nội dung, những vấn đề cần xin ý kiến"), max_length=20000,
                                  multiline=True, rows=6)
    opens_on = forms.DateField(label=_("Ngày công khai, bắt đầu lấy ý kiến (dự kiến)"), **DATE)
    closes_on = forms.DateField(label=_("Ngày kết thúc lấy ý kiến"), **DATE,
                                help_text=lazy(_period_help, str)())
    method = TextField(label=_("Cách thức tổ chức"), required=False, max_length=5000,
                             multiline=True, rows=2)
    responsible = TextField(label=_("Trách nhiệm tổ chức thực hiện"), required=False, max_length=300)
    decision_authority = TextField(label=_("Cơ quan có thẩm quyền quyết định"), required=False, max_length=200,
                                         help_text=_("Để trống: Ủy ban nhân dân xã, phường."))
    plan_number = TextField(label=_("Số, ký hiệu kế hoạch"), required=False, max_length=100)
    villages = forms.ModelMultipleChoiceField(label=_("Thôn, tổ dân phố liên quan"), required=False,
                                              queryset=AdministrativeUnit.objects.none(),
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Để trống nếu nội dung liên quan cả xã."))
    documents = MultipleFileField(label=_("Dự thảo, tài liệu kèm theo (PDF, Word, Excel, ảnh)"), required=False)
    # named like the model field; defined last because the name hides django.forms in the class body
    forms = forms.MultipleChoiceField(label=_("Hình thức lấy ý kiến (Điều 26)"), choices=ConsultationForm.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Chọn “Cổng, trang thông tin điện tử” để người dân góp ý trực tuyến."))
    field_order = ["content_kind", "title", "description", "forms", "opens_on", "closes_on"]

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = villages_of(commune) if commune else AdministrativeUnit.objects.none()
        self.fields["villages"].label_from_instance = lambda u: u.name


class SendPlanForm(forms.Form):
    to_council = forms.BooleanField(label=_("Đã gửi Hội đồng nhân dân xã"), required=False)
    to_front = forms.BooleanField(label=_("Đã gửi Ủy ban Mặt trận Tổ quốc Việt Nam xã"), required=False)
    sent_on = forms.DateField(label=_("Ngày gửi"), required=False, **DATE)
    note = TextField(label=_("Ghi chú (số văn bản gửi…)"), required=False, max_length=300)


class PublishForm(forms.Form):
    on = forms.DateField(label=_("Ngày công khai"), required=False, **DATE, help_text=_("Để trống: hôm nay."))
    closes_on = forms.DateField(label=_("Ngày kết thúc lấy ý kiến"), required=False, **DATE,
                                help_text=_("Để trống: theo kế hoạch."))


class OpinionForm(forms.Form):
    """A resident's opinion online."""

    stance = forms.ChoiceField(label=_("Quan điểm của ông/bà"), choices=Stance.choices, initial=Stance.OTHER,
                               widget=forms.RadioSelect)
    text = TextField(label=_("Nội dung ý kiến"), max_length=5000, multiline=True, rows=5)
    village = VillageChoiceField(label=_("Nơi ông/bà sinh sống"), required=False, queryset=AdministrativeUnit.objects.none(),
                                 empty_label=_("— Không thuộc thôn, tổ dân phố nào của xã —"),
                                 help_text=_("Chỉ tên thôn, tổ dân phố và kênh góp ý được công khai; họ tên không."))
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, Word, ảnh; không bắt buộc)"), required=False)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_of(commune) if commune else AdministrativeUnit.objects.none()


class RecordOpinionForm(forms.Form):
    """An official enters an opinion received at a meeting, on the hotline, in a box, by letter…"""

    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=STAFF_CHANNEL_CHOICES)
    village = VillageChoiceField(label=_("Thôn, tổ dân phố"), required=False, queryset=AdministrativeUnit.objects.none(),
                                 empty_label=_("— Không rõ —"))
    stance = forms.ChoiceField(label=_("Quan điểm"), choices=Stance.choices, initial=Stance.OTHER)
    text = TextField(label=_("Nội dung ý kiến"), max_length=5000, multiline=True, rows=3)
    people_count = forms.IntegerField(label=_("Số người cùng ý kiến"), min_value=1, max_value=100000, initial=1,
                                      help_text=_("Ý kiến chung của hội nghị: số người tán thành ý kiến đó."))
    received_on = forms.DateField(label=_("Ngày nhận"), required=False, **DATE, help_text=_("Để trống: hôm nay."))
    source_note = TextField(label=_("Nguồn (tên hội nghị, số văn bản…)"), required=False, max_length=300)
    author_name = TextField(label=_("Họ và tên người góp ý (không bắt buộc, không công khai)"), required=False,
                                  max_length=150)
    author_contact = TextField(label=_("Địa chỉ, điện thoại (không bắt buộc, không công khai)"), required=False,
                                     max_length=300)
    files = MultipleFileField(label=_("Tệp đính kèm (biên bản, ảnh thư góp ý…)"), required=False)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_of(commune) if commune else AdministrativeUnit.objects.none()


class EntryForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Tiếp thu hay giải trình"), choices=Outcome.choices, widget=forms.RadioSelect)
    response = TextField(label=_("Nội dung tiếp thu, giải trình"), max_length=5000,
                               multiline=True, rows=2,
                               error_messages={"required": _("Cần ghi rõ nội dung tiếp thu hoặc giải trình.")})


class GroupForm(EntryForm):
    summary = TextField(label=_("Tóm tắt nhóm ý kiến tương tự"), required=False, max_length=5000,
                              multiline=True, rows=2)
    field_order = ["summary", "outcome", "response"]


class SynthesisPublishForm(forms.Form):
    summary = TextField(label=_("Kết quả tổng hợp chung"), max_length=20000,
                              multiline=True, rows=4,
                              help_text=_("Số ý kiến, các vấn đề chính, những nội dung được tiếp thu vào dự thảo."))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả quyết định"), choices=DecisionOutcome.choices)
    decision_authority = TextField(label=_("Cơ quan quyết định"), required=False, max_length=200)
    decision_number = TextField(label=_("Số, ký hiệu văn bản"), required=False, max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, **DATE)
    summary = TextField(label=_("Nội dung quyết định"), required=False, max_length=20000,
                              multiline=True, rows=2)
    explanation = TextField(label=_("Giải thích khi quyết định khác ý kiến của đa số (khoản 4 Điều 28)"),
                                  required=False, max_length=20000, multiline=True, rows=3)


class ReportForm(forms.Form):
    on = forms.DateField(label=_("Ngày báo cáo HĐND xã"), required=False, **DATE)
