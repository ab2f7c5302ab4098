"""HTML input only; the rules (areas, periods, states, values, scores) are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import TextField
from danchu.core.text import fold
from danchu.units.domain import Level

from .domain import CommendationForm, CommendationLevel, InspectionKind, ModelField, ModelStatus
from .periods import PeriodKind
from .standard import CRITERIA
from .values import MAX_TABLE_CELL_TEXT, MAX_TABLE_FREE_ROWS, ColumnKind, IndicatorKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


def _long_text(label, required=True, max_length=20000, rows=3):
    """A text with lines (core.forms.TextField: cleaned as the services clean it)."""
    return TextField(label=label, required=required, max_length=max_length, multiline=True, rows=rows)


class PlanForm(forms.Form):
    issuer = TextField(label=_("Cơ quan ban hành"), max_length=250)
    number = TextField(label=_("Số, ký hiệu"), max_length=100, required=False,
                             help_text=_("Ví dụ: 45-KH/BCĐ"))
    title = TextField(label=_("Trích yếu"), max_length=500)
    summary = _long_text(_("Mục đích, yêu cầu, nội dung chính"), required=False, rows=4)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    parent = forms.ModelChoiceField(label=_("Thực hiện kế hoạch cấp trên"), queryset=None, required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class TaskForm(forms.Form):
    title = TextField(label=_("Nhiệm vụ"), max_length=500)
    description = _long_text(_("Nội dung, sản phẩm"), required=False)
    assignee_unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=None)
    assignee_org = TextField(label=_("Cơ quan chủ trì"), max_length=250, required=False)
    due_on = _date(_("Thời hạn"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_unit"].queryset = units


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = _long_text(_("Kết quả, khó khăn, vướng mắc"))
    evidence = forms.FileField(label=_("Minh chứng (văn bản, ảnh)"), required=False)


class ReasonForm(forms.Form):
    reason = _long_text(_("Lý do"))


class TemplateForm(forms.Form):
    title = TextField(label=_("Tên báo cáo"), max_length=300)
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    due_working_days = forms.IntegerField(label=_("Hạn gửi: số ngày làm việc sau khi hết kỳ"), min_value=0,
                                          max_value=60, initial=5)
    target_level = forms.TypedChoiceField(label=_("Cấp báo cáo"), coerce=int, initial=Level.COMMUNE,
                                          choices=[(Level.COMMUNE, Level.COMMUNE.label),
                                                   (Level.VILLAGE, Level.VILLAGE.label)])
    instructions = _long_text(_("Hướng dẫn"), required=False)
    plan = forms.ModelChoiceField(label=_("Theo kế hoạch"), queryset=None, required=False)

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


# Words accepted for the kind of a table column typed in the form (compared without accents).
_COLUMN_KIND_WORDS = {"": ColumnKind.NUMBER, "so": ColumnKind.NUMBER, "so lieu": ColumnKind.NUMBER,
                      "number": ColumnKind.NUMBER, "van ban": ColumnKind.TEXT, "chu": ColumnKind.TEXT,
                      "text": ColumnKind.TEXT, "noi dung": ColumnKind.TEXT}


def columns_from_text(text: str) -> list[dict]:
    """"Số cuộc họp; số" (one column a line: its name, then after the last ";" its kind — số or văn bản, số when
    left out) → [{"label", "kind"}]. An unknown kind is passed on as typed: the service refuses it by name."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        label, sep, word = line.rpartition(";")
        if not sep:
            label, word = line, ""
        out.append({"label": label.strip(), "kind": _COLUMN_KIND_WORDS.get(fold(word), word.strip())})
    return out


class IndicatorForm(forms.Form):
    code = TextField(label=_("Mã"), max_length=20, help_text=_("Ví dụ: 1, 1.2, II.3"))
    label = TextField(label=_("Chỉ tiêu"), max_length=500)
    kind = forms.ChoiceField(label=_("Loại"), choices=IndicatorKind.choices)
    measure = TextField(label=_("Đơn vị tính"), max_length=50, required=False)
    required = forms.BooleanField(label=_("Bắt buộc nhập"), required=False, initial=True)
    source = forms.ChoiceField(label=_("Lấy số liệu từ hệ thống"), required=False, choices=())
    columns = _long_text(_("Các cột của bảng (chỉ với loại Bảng)"), required=False, max_length=5000, rows=3)
    rows = _long_text(_("Các dòng cố định của bảng (chỉ với loại Bảng)"), required=False, max_length=20000, rows=3)

    def __init__(self, *args, **kwargs):
        from .sources import source_choices

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()
        self.fields["columns"].help_text = _("Mỗi dòng một cột: tên cột; loại (số hoặc văn bản — để trống là số). "
                                             "Ví dụ: Số cuộc họp; số")
        self.fields["rows"].help_text = _("Mỗi dòng một tên dòng, ví dụ: Cấp thôn, tổ dân phố. Để trống nếu mỗi đơn "
                                          "vị tự thêm các dòng (ví dụ: mỗi mô hình một dòng).")

    def indicator_data(self) -> dict:
        """The arguments of services.indicator_add."""
        data = dict(self.cleaned_data)
        data["columns"] = columns_from_text(data.pop("columns", ""))
        data["rows"] = [line.strip() for line in (data.pop("rows", "") or "").splitlines() if line.strip()]
        return data


FREE_ROWS_EXTRA = 3  # blank rows offered under the rows already given (save to get more)


class SubmissionForm(forms.Form):
    """One field per indicator of the template — a grid of cells for a table (`ind_<pk>_<row>_<column>`, with a
    hidden `ind_<pk>` that carries the table's errors); values are validated by the service (parse_value).
    `layout` lists the fields and tables in the template's order for the page."""

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._order: list[tuple[str, object]] = []
        self._tables: dict[int, tuple] = {}
        for ind in indicators:
            name = f"ind_{ind.pk}"
            label = f"{ind.code}. {ind.label}" + (f" ({ind.measure})" if ind.measure else "")
            if ind.kind == IndicatorKind.TABLE:
                self._add_table(ind, name, label + (" *" if ind.required else ""))
                continue
            self._order.append(("field", name))
            if ind.kind == IndicatorKind.NUMBER:
                field = forms.CharField(label=label, required=False, max_length=30,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            elif ind.kind == IndicatorKind.BOOLEAN:
                field = forms.ChoiceField(label=label, required=False,
                                          choices=[("", "—"), ("true", _("Có")), ("false", _("Không"))])
            else:
                field = TextField(label=label, required=False, max_length=5000, multiline=True, rows=3)
            if ind.required:
                field.label = label + " *"
            self.fields[name] = field
        self.fields["narrative"] = _long_text(_("Đánh giá chung, kiến nghị"), required=False, rows=4)
        self._order.append(("field", "narrative"))

    def _row_count(self, ind, spec) -> int:
        """Fixed rows: their number. Free rows: as many as were posted, or the rows given + a few blank ones."""
        if spec.fixed:
            return len(spec.rows)
        prefix = f"ind_{ind.pk}_"
        source = self.data if self.is_bound else self.initial
        used = [int(key[len(prefix):].split("_", 1)[0]) for key in source
                if key.startswith(prefix) and key[len(prefix):].split("_", 1)[0].isdigit()
                and len(key) < len(prefix) + 12 and (not self.is_bound or source.get(key))]
        given = max(used) + 1 if used else 0
        if self.is_bound:
            return min(max(given, 1), MAX_TABLE_FREE_ROWS)
        return min(given + FREE_ROWS_EXTRA, MAX_TABLE_FREE_ROWS)

    def _add_table(self, ind, name: str, label: str) -> None:
        spec = ind.table_spec()
        self.fields[name] = forms.CharField(required=False, widget=forms.HiddenInput)  # carries the errors
        count = self._row_count(ind, spec)
        for i in range(count):
            for j, col in enumerate(spec.columns):
                number = col.kind == ColumnKind.NUMBER
                self.fields[f"{name}_{i}_{j}"] = forms.CharField(
                    label=f"{spec.row_label(i)} — {col.label}", required=False,
                    max_length=30 if number else MAX_TABLE_CELL_TEXT,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8} if number else {"size": 24}))
        self._tables[ind.pk] = (ind, spec, count, label)
        self._order.append(("table", ind.pk))

    def layout(self) -> list[dict]:
        """[{"field": bound field} or {"table": {label, columns, fixed, rows: [(row label, [bound fields])],
        errors}}] in the order of the template."""
        out = []
        for what, key in self._order:
            if what == "field":
                out.append({"field": self[key]})
                continue
            ind, spec, count, label = self._tables[key]
            name = f"ind_{ind.pk}"
            rows = [(spec.row_label(i), [self[f"{name}_{i}_{j}"] for j in range(len(spec.columns))])
                    for i in range(count)]
            out.append({"table": {"label": label, "columns": spec.columns, "fixed": spec.fixed, "rows": rows,
                                  "errors": self[name].errors, "id": name}})
        return out

    def values(self) -> dict:
        out = {}
        for key, value in self.cleaned_data.items():
            if key.startswith("ind_") and key[4:].isdigit() and int(key[4:]) not in self._tables:
                out[int(key[4:])] = value
        for pk, (_ind, spec, count, _label) in self._tables.items():
            out[pk] = [[self.cleaned_data.get(f"ind_{pk}_{i}_{j}", "") for j in range(len(spec.columns))]
                       for i in range(count)]
        return out


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=InspectionKind.choices)
    title = TextField(label=_("Nội dung kiểm tra, giám sát"), max_length=500)
    target_unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra, giám sát"), queryset=None)
    starts_on = _date(_("Từ ngày"))
    ends_on = _date(_("Đến ngày"))
    team = _long_text(_("Thành phần đoàn"), required=False)
    objectives = _long_text(_("Mục đích, yêu cầu"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_unit"].queryset = units


class ConcludeForm(forms.Form):
    findings = _long_text(_("Kết quả (ưu điểm, hạn chế)"), required=False, rows=4)
    conclusion = _long_text(_("Kết luận"), rows=4)
    recommendations = _long_text(_("Kiến nghị (mỗi dòng một kiến nghị)"), required=False, rows=4)
    due_on = _date(_("Thời hạn thực hiện kiến nghị"), required=False)


class FollowUpForm(forms.Form):
    recommendation = forms.IntegerField(widget=forms.HiddenInput)
    follow_up = _long_text(_("Kết quả thực hiện"), rows=2)
    closed_on = _date(_("Ngày hoàn thành (để trống nếu chưa xong)"), required=False)


class ModelForm_(forms.Form):
    name = TextField(label=_("Tên mô hình, điển hình"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=ModelField.choices)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    description = _long_text(_("Mô tả, cách làm"), required=False)
    evidence = _long_text(_("Minh chứng, kết quả"), required=False)
    started_on = _date(_("Bắt đầu thực hiện"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class EvaluateForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=ModelStatus.choices)
    evaluation = _long_text(_("Đánh giá"), required=False)


class ReplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Nơi nhân rộng"), queryset=None)
    started_on = _date(_("Từ ngày"), required=False)
    result = _long_text(_("Kết quả"), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CommendationFormForm(forms.Form):
    recipient = TextField(label=_("Tập thể, cá nhân được khen"), max_length=300)
    form = forms.ChoiceField(label=_("Hình thức"), choices=CommendationForm.choices)
    level = forms.ChoiceField(label=_("Cấp khen"), choices=CommendationLevel.choices)
    decision_number = TextField(label=_("Số quyết định"), max_length=100)
    decision_date = _date(_("Ngày quyết định"))
    issuer = TextField(label=_("Cơ quan quyết định"), max_length=250)
    reason = _long_text(_("Thành tích"), required=False)
    model = forms.ModelChoiceField(label=_("Gắn với mô hình"), queryset=None, required=False)

    def __init__(self, *args, models=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = models


class ScoresForm(forms.Form):
    """One field per indicator of QĐ 25/2021 (max points shown in the label)."""

    def __init__(self, *args, maxima=None, with_head=False, council=False, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            for code, title in criterion.indicators:
                self.fields[code.replace(".", "_")] = forms.CharField(
                    label=f"{code} — {title} (≤ {maxima[code]:g})", required=False, max_length=10,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
        if with_head or council:
            self.fields["head_disciplined"] = forms.BooleanField(
                label=_("Trong năm, người đứng đầu cấp ủy hoặc chính quyền xã bị kỷ luật hoặc truy cứu trách nhiệm "
                        "hình sự"), required=False)
        if council:
            self.fields["head_disciplined"].help_text = _("Hội đồng xác định lại nếu khác với xã tự khai (điều kiện "
                                                          "thứ ba, Điều 4 QĐ 25/2021/QĐ-TTg).")
            self.fields["head_note"] = _long_text(_("Căn cứ xác định (bắt buộc khi khác với xã tự khai)"), required=False,
                                             rows=2)

    def scores(self) -> dict:
        return {k.replace("_", "."): v for k, v in self.cleaned_data.items() if k.startswith("TC")}


class HeadForm(forms.Form):
    """The council corrects the head condition after scoring, before the decision."""

    head_disciplined = forms.BooleanField(
        label=_("Trong năm, người đứng đầu cấp ủy hoặc chính quyền xã bị kỷ luật hoặc truy cứu trách nhiệm hình sự"),
        required=False)
    head_note = _long_text(_("Căn cứ xác định"), rows=2)


class PostingForm(forms.Form):
    posted_from = _date(_("Niêm yết từ ngày"))
    posted_to = _date(_("Đến ngày"))


class SendForm(forms.Form):
    feedback_summary = _long_text(_("Tổng hợp, tiếp thu, giải trình ý kiến (Mẫu 03)"), required=False)


class DecideForm(forms.Form):
    decision_number = TextField(label=_("Số quyết định công nhận"), max_length=100, required=False)


class CommitteeForm(forms.Form):
    name = TextField(label=_("Tên ban chỉ đạo"), max_length=250)
    decision_number = TextField(label=_("Số quyết định thành lập/kiện toàn"), max_length=100, required=False)
    decision_date = _date(_("Ngày quyết định"), required=False)
    members = _long_text(_("Thành viên (mỗi dòng: Họ tên; chức vụ; chức danh trong ban; lĩnh vực, địa bàn phụ trách)"),
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
    content = _long_text(_("Nội dung"))
    conclusions = _long_text(_("Kết luận"), required=False)
