"""The law of steering's procedures — PURE: the states and workflows of plans and tasks, of the units' reports,
of inspections and of the access-to-law assessments (core.workflow), when a report is due and late, and the
choices of models and commendations. The other pure rules live beside it: periods.py (report periods),
values.py (indicator values and tables), aggregate.py (the roll-up arithmetic), standard.py (QĐ 25/2021)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.workflow import Workflow

# --- report templates and submissions --------------------------------------------------------------


# Reports are due a number of working days after the period ends. No article of legal_rules.md fixes it for
# steering reports (each issuing level sets it in its plan), so it is a field of the template with this
# default, counted with the core working-day calendar (holidays + override table).
DEFAULT_DUE_WORKING_DAYS = 5
MAX_DUE_WORKING_DAYS = 60


def due_after_issue(period_due: date, issue_due: date | None) -> date:
    """The deadline of a period's report: its usual deadline (period end + the template's working days), but never
    before the deadline counted from the day the template was issued (`issue_due`).

    Decision of this project, documented (no article fixes it): a unit cannot be late with a report it had not been
    asked for. When the issuing level issues a template after a period's usual deadline (a catch-up or a 2021–2025
    review of earlier years), each such period is due `issue_due` = issue date + the template's working days, at
    least DEFAULT_DUE_WORKING_DAYS (a template due "at the end of the period" still leaves a week to answer)."""
    if issue_due is None:
        return period_due
    return max(period_due, issue_due)


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để sửa")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


SUBMISSION_WORKFLOW = Workflow({
    SubmissionState.DRAFT: {SubmissionState.SUBMITTED},
    SubmissionState.SUBMITTED: {SubmissionState.RETURNED, SubmissionState.ACCEPTED},
    SubmissionState.RETURNED: {SubmissionState.SUBMITTED},
    SubmissionState.ACCEPTED: set(),
}, labels=SubmissionState, name=_("báo cáo"))
EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})
# What the issuing level adds up: a report once sent (and not sent back) counts; drafts and returned ones don't.
COUNTED_STATES = frozenset({SubmissionState.SUBMITTED, SubmissionState.ACCEPTED})


def submission_is_late(due_on: date | None, submitted_on: date | None, today: date) -> bool:
    """Late if sent after the due date, or not sent and the due date has passed."""
    if due_on is None:
        return False
    if submitted_on is not None:
        return submitted_on > due_on
    return today > due_on


# --- plans and tasks -------------------------------------------------------------------------------


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã tổng kết")


PLAN_WORKFLOW = Workflow({
    PlanState.DRAFT: {PlanState.ISSUED},
    PlanState.ISSUED: {PlanState.CLOSED},
    PlanState.CLOSED: set(),
}, labels=PlanState, name=_("kế hoạch"))


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


TASK_WORKFLOW = Workflow({
    TaskState.NOT_STARTED: {TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED},
    TaskState.IN_PROGRESS: {TaskState.IN_PROGRESS, TaskState.DONE, TaskState.CANCELLED},
    TaskState.DONE: {TaskState.IN_PROGRESS},  # reopened when the evidence is found wanting
    TaskState.CANCELLED: set(),
}, labels=TaskState, name=_("nhiệm vụ"))
OPEN_TASK_STATES = frozenset({TaskState.NOT_STARTED, TaskState.IN_PROGRESS})


def state_for_progress(current: str, percent: int) -> str:
    """A progress update moves the task: 100% → done, more than 0% → in progress."""
    if percent >= 100:
        return TaskState.DONE
    if percent > 0 or current == TaskState.DONE:  # below 100% a done task is reopened
        return TaskState.IN_PROGRESS
    return current


def task_is_overdue(state: str, due_on: date | None, today: date) -> bool:
    return state in OPEN_TASK_STATES and due_on is not None and today > due_on


def task_due_soon(state: str, due_on: date | None, today: date, days: int) -> bool:
    """Open and due within `days` calendar days of `today` (the lead time is a policy: steering/reminders.py)."""
    return state in OPEN_TASK_STATES and due_on is not None and today <= due_on <= today + timedelta(days=days)


# --- inspections -----------------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    INSPECTION = "kiem_tra", _("Kiểm tra")
    SUPERVISION = "giam_sat", _("Giám sát")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    ONGOING = "ongoing", _("Đang tiến hành")
    CONCLUDED = "concluded", _("Đã kết luận")
    CLOSED = "closed", _("Đã hoàn tất theo dõi")


INSPECTION_WORKFLOW = Workflow({
    InspectionState.PLANNED: {InspectionState.ONGOING},
    InspectionState.ONGOING: {InspectionState.CONCLUDED},
    InspectionState.CONCLUDED: {InspectionState.CLOSED},
    InspectionState.CLOSED: set(),
}, labels=InspectionState, name=_("cuộc kiểm tra, giám sát"))


def inspection_can_close(open_recommendations: int) -> bool:
    """An inspection is closed only when every recommendation has been followed up."""
    return open_recommendations == 0


# --- exemplary models and commendations ------------------------------------------------------------


class ModelField(models.TextChoices):
    DISCLOSURE = "cong_khai", _("Công khai thông tin")
    DECIDE = "ban_quyet_dinh", _("Nhân dân bàn và quyết định")
    CONSULT = "tham_gia_y_kien", _("Nhân dân tham gia ý kiến")
    SUPERVISE = "kiem_tra_giam_sat", _("Nhân dân kiểm tra, giám sát")
    DIGITAL = "chuyen_doi_so", _("Chuyển đổi số, dân vận chính quyền")
    COMMUNITY = "cong_dong", _("Tự quản cộng đồng, hương ước")
    OTHER = "khac", _("Khác")


class ModelStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đăng ký xây dựng")
    NOMINATED = "nominated", _("Đề nghị công nhận")
    RECOGNISED = "recognised", _("Được công nhận")
    DISCONTINUED = "discontinued", _("Không duy trì")


class CommendationForm(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Giấy khen")
    MERIT = "bang_khen", _("Bằng khen")
    FLAG = "co_thi_dua", _("Cờ thi đua")
    TITLE = "danh_hieu", _("Danh hiệu thi đua")
    OTHER = "khac", _("Hình thức khác")


class CommendationLevel(models.TextChoices):
    COMMUNE = "xa", _("Cấp xã")
    PROVINCE = "tinh", _("Cấp tỉnh, thành phố")
    CENTRAL = "trung_uong", _("Cấp Trung ương")
    NATIONAL = "nha_nuoc", _("Nhà nước")


# --- access-to-law assessments (QĐ 25/2021/QĐ-TTg) -------------------------------------------------


class AssessmentState(models.TextChoices):
    SELF_SCORING = "self_scoring", _("Đang tự chấm điểm")
    POSTED = "posted", _("Đã niêm yết công khai")
    SENT = "sent", _("Đã gửi hồ sơ đề nghị")
    APPRAISED = "appraised", _("Hội đồng đã thẩm định")
    RECOGNISED = "recognised", _("Được công nhận đạt chuẩn")
    NOT_RECOGNISED = "not_recognised", _("Không đạt chuẩn")


ASSESSMENT_WORKFLOW = Workflow({
    AssessmentState.SELF_SCORING: {AssessmentState.POSTED},
    AssessmentState.POSTED: {AssessmentState.SENT, AssessmentState.SELF_SCORING},
    AssessmentState.SENT: {AssessmentState.APPRAISED},
    AssessmentState.APPRAISED: {AssessmentState.RECOGNISED, AssessmentState.NOT_RECOGNISED},
    AssessmentState.RECOGNISED: set(),
    AssessmentState.NOT_RECOGNISED: set(),
}, labels=AssessmentState, name=_("hồ sơ đánh giá chuẩn tiếp cận pháp luật"))
