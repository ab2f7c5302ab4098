"""HTML input only; the rules (areas, periods, states, values, scores) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.units.domain import Level

from .domain import (
    CRITERIA,
    CommendationForm,
    CommendationLevel,
    IndicatorKind,
    InspectionKind,
    ModelField,
    ModelStatus,
    PeriodKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


def _text(label, required=True, max_length=20000, rows=3):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


class PlanForm(forms.Form):
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=250)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False,
                             help_text=_("Ví dụ: 45-KH/BCĐ"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = _text(_("Mục đích, yêu cầu, nội dung chính"), required=False, rows=4)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    parent = forms.ModelChoiceField(label=_("Thực hiện kế hoạch cấp trên"), queryset=None, required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    description = _text(_("Nội dung, sản phẩm"), required=False)
    assignee_unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None)
    assignee_org = forms.CharField(label=_("Cơ quan chủ trì"), max_length=250, required=False)
    due_on = _date(_("Thời hạn"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_unit"].queryset = units


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = _text(_("Kết quả, khó khăn, vướng mắc"))
    evidence = forms.FileField(label=_("Minh chứng (văn bản, ảnh)"), required=False)


class ReasonForm(forms.Form):
    reason = _text(_("Lý do"))


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Tên báo cáo"), max_length=300)
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    due_working_days = forms.IntegerField(label=_("Hạn gửi: số ngày làm việc sau khi hết kỳ"), min_value=0,
                                          max_value=60, initial=5)
    target_level = forms.TypedChoiceField(label=_("Cấp báo cáo"), coerce=int, initial=Level.COMMUNE,
                                          choices=[(Level.COMMUNE, Level.COMMUNE.label),
                                                   (Level.VILLAGE, Level.VILLAGE.label)])
    instructions = _text(_("Hướng dẫn"), required=False)
    plan = forms.ModelChoiceField(label=_("Theo kế hoạch"), queryset=None, required=False)

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=20, help_text=_("Ví dụ: 1, 1.2, II.3"))
    label = forms.CharField(label=_("Chỉ tiêu"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại"), choices=IndicatorKind.choices)
    measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    required = forms.BooleanField(label=_("Bắt buộc nhập"), required=False, initial=True)
    source = forms.ChoiceField(label=_("Lấy số liệu từ hệ thống"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        from .sources import source_choices

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()


class SubmissionForm(forms.Form):
    """One field per indicator of the template; values are validated by the service (domain.parse_value)."""

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        for ind in indicators:
            name = f"ind_{ind.pk}"
            label = f"{ind.code}. {ind.label}" + (f" ({ind.measure})" if ind.measure else "")
            if ind.kind == IndicatorKind.NUMBER:
                field = forms.CharField(label=label, required=False, max_length=30,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            elif ind.kind == IndicatorKind.BOOLEAN:
                field = forms.ChoiceField(label=label, required=False,
                                          choices=[("", "—"), ("true", _("Có")), ("false", _("Không"))])
            else:
                field = forms.CharField(label=label, required=False, max_length=5000,
                                        widget=forms.Textarea(attrs={"rows": 3}))
            if ind.required:
                field.label = label + " *"
            self.fields[name] = field
        self.fields["narrative"] = _text(_("Đánh giá chung, kiến nghị"), required=False, rows=4)

    def values(self) -> dict:
        return {int(k[4:]): v for k, v in self.cleaned_data.items() if k.startswith("ind_")}


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=InspectionKind.choices)
    title = forms.CharField(label=_("Nội dung kiểm tra, giám sát"), max_length=500)
    target_unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra, giám sát"), queryset=None)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    team = _text(_("Thành phần đoàn"), required=False)
    objectives = _text(_("Mục đích, yêu cầu"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_unit"].queryset = units


class ConcludeForm(forms.Form):
    findings = _text(_("Kết quả (ưu điểm, hạn chế)"), required=False, rows=4)
    conclusion = _text(_("Kết luận"), rows=4)
    recommendations = _text(_("Kiến nghị (mỗi dòng một kiến nghị)"), required=False, rows=4)
    due_on = _date(_("Thời hạn thực hiện kiến nghị"), required=False)


class FollowUpForm(forms.Form):
    recommendation = forms.IntegerField(widget=forms.HiddenInput)
    follow_up = _text(_("Kết quả thực hiện"), rows=2)
    closed_on = _date(_("Ngày hoàn thành (để trống nếu chưa xong)"), required=False)


class ModelForm_(forms.Form):
    name = forms.CharField(label=_("Tên mô hình, điển hình"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=ModelField.choices)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    description = _text(_("Mô tả, cách làm"), required=False)
    evidence = _text(_("Minh chứng, kết quả"), required=False)
    started_on = _date(_("Bắt đầu thực hiện"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvaluateForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ModelStatus.choices)
    evaluation = _text(_("Đánh giá"), required=False)


class ReplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Nơi nhân rộng"), queryset=None)
    started_on = _date(_("Từ ngày"), required=False)
    result = _text(_("Kết quả"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CommendationFormForm(forms.Form):
    recipient = forms.CharField(label=_("Tập thể, cá nhân được khen"), max_length=300)
    form = forms.ChoiceField(label=_("Hình thức"), choices=CommendationForm.choices)
    level = forms.ChoiceField(label=_("Cấp khen"), choices=CommendationLevel.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = _date(_("Ngày quyết định"))
    issuer = forms.CharField(label=_("Cơ quan quyết định"), max_length=250)
    reason = _text(_("Thành tích"), required=False)
    model = forms.ModelChoiceField(label=_("Gắn với mô hình"), queryset=None, required=False)

    def __init__(self, *args, models=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = models


class ScoresForm(forms.Form):
    """One field per indicator of QĐ 25/2021 (max points shown in the label)."""

    def __init__(self, *args, maxima=None, with_head=False, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            for code, title in criterion.indicators:
                self.fields[code.replace(".", "_")] = forms.CharField(
                    label=f"{code} — {title} (≤ {maxima[code]:g})", required=False, max_length=10,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
        if with_head:
            self.fields["head_disciplined"] = forms.BooleanField(
                label=_("Trong năm, người đứng đầu cấp ủy hoặc chính quyền xã bị kỷ luật hoặc truy cứu trách nhiệm "
                        "hình sự"), required=False)

    def scores(self) -> dict:
        return {k.replace("_", "."): v for k, v in self.cleaned_data.items() if k.startswith("TC")}


class PostingForm(forms.Form):
    posted_from = _date(_("Niêm yết từ ngày"))
    posted_to = _date(_("Đến ngày"))


class SendForm(forms.Form):
    feedback_summary = _text(_("Tổng hợp, tiếp thu, giải trình ý kiến (Mẫu 03)"), required=False)


class DecideForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định công nhận"), max_length=100, required=False)


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("Tên ban chỉ đạo"), max_length=250)
    decision_number = forms.CharField(label=_("Số quyết định thành lập/kiện toàn"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    members = _text(_("Thành viên (mỗi dòng: Họ tên; chức vụ; chức danh trong ban; lĩnh vực, địa bàn phụ trách)"),
                    required=False, rows=6)

    def members_list(self) -> list[dict]:
        out = []
        for line in (self.cleaned_data.get("members") or "").splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts or not parts[0]:
                continue
            parts += [""] * (4 - len(parts))
            out.append({"full_name": parts[0], "position_title": parts[1],
                        "committee_role": parts[2] or "Thành viên", "area": parts[3]})
        return out


class MeetingForm(forms.Form):
    held_on = _date(_("Ngày họp"))
    content = _text(_("Nội dung"))
    conclusions = _text(_("Kết luận"), required=False)
