"""Thin HTML views of village conventions: the public pages (conventions in force with their text, history and
differences; the draft under comment with its comment form) and the staff pages (draft, post, vote, submit;
the commune recognises, refuses, suspends, annuls)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.http import form_errors, require_perm
from danchu.core.ratelimit import hit
from danchu.units.access import can
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import diff, domain, forms, services
from .domain import PUBLIC_STATES, State, VoteMethod
from .models import Convention, ConventionVersion

COMMENT_LIMIT, COMMENT_WINDOW = 10, 3600  # per user


# --- shared ----------------------------------------------------------------------------------------


def _versions(convention: Convention, *, public: bool):
    qs = convention.versions.order_by("number")
    return qs.filter(published_on__isnull=False) if public else qs


def _pick(versions: list[ConventionVersion], value: str | None, default):
    if value and value.isdigit():
        for v in versions:
            if v.number == int(value):
                return v
    return default


def diff_context(request, versions: list[ConventionVersion]) -> dict:
    """?tu=<n>&den=<m>: the differences between two versions (default: the last two)."""
    if len(versions) < 2:
        return {"diff": None}
    new = _pick(versions, request.GET.get("den"), versions[-1])
    old = _pick(versions, request.GET.get("tu"), versions[-2] if new == versions[-1] else versions[0])
    lines = diff.diff_lines(old.text, new.text)
    full = request.GET.get("day_du") == "1"
    return {"diff": {"old": old, "new": new, "lines": lines if full else diff.only_changes(lines, context=2),
                     "full": full, "stats": diff.stats(lines)}}


# --- public ----------------------------------------------------------------------------------------


def public_index(request):
    """Choose a commune, then see its conventions."""
    commune_id = request.GET.get("xa", "")
    if commune_id.isdigit():
        return redirect("conventions:public-list", int(commune_id))
    communes = (AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
                .filter(Q(children__conventions__in_force_version__isnull=False)
                        | Q(children__conventions__state=State.POSTED))
                .annotate(n=Count("children__conventions", distinct=True)).order_by("name_folded"))
    return render(request, "conventions/public_index.html", {"nav": "conventions", "communes": communes})


def public_list(request, commune_pk: int):
    """The conventions in force in a commune's villages, and the drafts open for comments (NĐ61 Art.9, 18)."""
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=Level.COMMUNE)
    base = Convention.objects.filter(village__parent=commune).select_related("village", "in_force_version")
    return render(request, "conventions/public_list.html", {
        "nav": "conventions", "unit": commune,
        "in_force": base.in_force().order_by("village__name", "title"),
        "drafts": base.under_comment().order_by("comment_until"),
    })


def public_detail(request, pk: int):
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version"), pk=pk)
    if convention.state not in PUBLIC_STATES and convention.in_force_version_id is None:
        raise Http404
    versions = list(_versions(convention, public=True))
    draft = versions[-1] if convention.state == State.POSTED and versions else None
    open_ = services.comments_open(convention)
    return render(request, "conventions/public_detail.html", {
        "nav": "conventions", "convention": convention, "unit": convention.village, "versions": versions,
        "in_force": convention.in_force_version, "draft": draft, "comments_open": open_,
        "comment_form": forms.PublicCommentForm() if open_ else None,
        "comment_count": convention.comments.count(),
        "measures": convention.measures.order_by("decided_on"),
        "votes": convention.votes.order_by("held_on"), **diff_context(request, versions),
    })


@login_required
@require_POST
def public_comment(request, pk: int):
    convention = get_object_or_404(Convention, pk=pk, state=State.POSTED)
    require_perm(request, "conventions.comment_convention", convention)
    form = forms.PublicCommentForm(request.POST)
    if not hit("conventions.comment", str(request.user.pk), limit=COMMENT_LIMIT, window=COMMENT_WINDOW):
        messages.error(request, _("Ông/bà đã góp ý quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."))
    elif form.is_valid():
        try:
            services.comment_submit(convention=convention, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi nhận ý kiến góp ý của ông/bà. Tổ soạn thảo sẽ nghiên cứu, tiếp thu."))
    else:
        messages.error(request, _("Cần nhập nội dung góp ý (tối đa 5.000 ký tự)."))
    return redirect("conventions:public-detail", convention.pk)


def decision_document(request, pk: int, extension: str):
    """The recognition decision with the recognised text (NĐ 30/2020 format): public once recognised."""
    from django.http import HttpResponse

    from . import documents

    if extension not in ("docx", "pdf"):
        raise Http404
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version"), pk=pk)
    if convention.in_force_version_id is None or not convention.in_force_version.recognition_number:
        raise Http404
    content = documents.decision_content(convention)
    if extension == "docx":
        body = documents.build_docx(content)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body, mime = documents.build_pdf(content), "application/pdf"
    response = HttpResponse(body, content_type=mime)
    disposition = "attachment" if extension == "docx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{documents.file_name(convention, extension)}"'
    return response


# --- staff: list and new ---------------------------------------------------------------------------


def _run_villages(user, unit: AdministrativeUnit):
    qs = AdministrativeUnit.objects.subtree_of(unit).filter(level=Level.VILLAGE, valid_to__isnull=True)
    return qs.filter(pk__in=[v.pk for v in qs if can(user, Capability.RUN_DECISIONS, v)]).order_by("name")


@login_required
def staff_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "conventions.view_convention", unit)
    state = request.GET.get("state", "")
    qs = Convention.objects.for_unit(unit).select_related("village", "in_force_version")
    if state in State.values:
        qs = qs.filter(state=state)
    today = clock.today()
    rows = [(c, services.warnings(c, today)) for c in qs.order_by("village__name", "-proposed_on")[:500]]
    return render(request, "conventions/staff_list.html", {
        "nav": "conventions", "unit": unit, "rows": rows, "state": state, "states": State.choices,
        "can_run": request.user.has_perm("conventions.run_convention", unit) and _run_villages(request.user,
                                                                                                 unit).exists(),
    })


@login_required
def staff_create(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "conventions.run_convention", unit)
    villages = _run_villages(request.user, unit)
    if not villages.exists():
        raise Http404
    form = forms.ProposeForm(request.POST or None, villages=villages,
                             initial={"proposed_on": clock.today(), "village": villages.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        require_perm(request, "conventions.run_convention", data["village"])
        try:
            convention = services.convention_propose(actor=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo “%(t)s”.") % {"t": convention.title})
            return redirect("conventions:staff-detail", convention.pk)
    return render(request, "conventions/staff_create.html", {"nav": "conventions", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


# --- staff: one convention -------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    title: str
    form: type
    perm: str
    allowed: Callable[[Convention], bool]
    run: Callable
    done: str
    button: str


def _in_force(c: Convention) -> bool:
    return c.in_force_version_id is not None and c.state != State.ANNULLED


ACTIONS: dict[str, Action] = {
    "team": Action(gettext_lazy("Tổ soạn thảo"), forms.TeamForm, "conventions.run_convention",
                   lambda c: c.state in domain.EDITABLE_STATES,
                   lambda c, u, d: services.convention_set_team(convention=c, actor=u, **d),
                   gettext_lazy("Đã cập nhật Tổ soạn thảo."), gettext_lazy("Lưu")),
    "revise": Action(gettext_lazy("Sửa dự thảo (tạo phiên bản mới)"), forms.ReviseForm, "conventions.run_convention",
                     lambda c: c.state in domain.EDITABLE_STATES,
                     lambda c, u, d: services.convention_revise(convention=c, actor=u, **d),
                     gettext_lazy("Đã lưu phiên bản mới."), gettext_lazy("Lưu phiên bản mới")),
    "post": Action(gettext_lazy("Niêm yết dự thảo lấy ý kiến (ít nhất 30 ngày)"), forms.PostForm,
                   "conventions.run_convention", lambda c: c.state == State.DRAFTING,
                   lambda c, u, d: services.convention_post(convention=c, actor=u, **d),
                   gettext_lazy("Đã niêm yết dự thảo."), gettext_lazy("Niêm yết")),
    "comment": Action(gettext_lazy("Ghi nhận góp ý từ cuộc họp, hòm thư, văn bản"), forms.CommentRecordForm,
                      "conventions.run_convention", lambda c: c.state == State.POSTED,
                      lambda c, u, d: services.comment_record(convention=c, actor=u, **d),
                      gettext_lazy("Đã ghi nhận góp ý."), gettext_lazy("Ghi nhận")),
    "respond": Action(gettext_lazy("Tiếp thu, giải trình góp ý"), forms.RespondForm, "conventions.run_convention",
                      lambda c: c.comments.exists(),
                      lambda c, u, d: services.comment_respond(convention=c, comment_id=d["comment"],
                                                               response=d["response"], actor=u),
                      gettext_lazy("Đã ghi nhận nội dung tiếp thu, giải trình."), gettext_lazy("Ghi nhận")),
    "meeting": Action(gettext_lazy("Kết quả cuộc họp biểu quyết thông qua"), forms.VoteForm,
                      "conventions.run_convention", lambda c: c.state == State.POSTED,
                      lambda c, u, d: services.vote_record(convention=c, actor=u, **d),
                      gettext_lazy("Đã ghi nhận kết quả biểu quyết."), gettext_lazy("Ghi nhận kết quả")),
    "ballot": Action(gettext_lazy("Kết quả phát phiếu lấy ý kiến hộ gia đình"), forms.VoteForm,
                     "conventions.run_convention", lambda c: c.state == State.BALLOT,
                     lambda c, u, d: services.vote_record(convention=c, actor=u, **d),
                     gettext_lazy("Đã ghi nhận kết quả phát phiếu."), gettext_lazy("Ghi nhận kết quả")),
    "submit": Action(gettext_lazy("Gửi hồ sơ đề nghị UBND cấp xã công nhận"), forms.SubmitForm,
                     "conventions.run_convention", lambda c: c.state == State.ADOPTED,
                     lambda c, u, d: services.convention_submit(convention=c, actor=u, **d),
                     gettext_lazy("Đã ghi nhận việc gửi hồ sơ."), gettext_lazy("Gửi hồ sơ")),
    "recognise": Action(gettext_lazy("Quyết định công nhận"), forms.RecogniseForm, "conventions.recognise_convention",
                        lambda c: c.state == State.SUBMITTED,
                        lambda c, u, d: services.convention_recognise(convention=c, actor=u, **d),
                        gettext_lazy("Đã công nhận; hương ước, quy ước có hiệu lực."), gettext_lazy("Công nhận")),
    "refuse": Action(gettext_lazy("Không công nhận (trả lời bằng văn bản)"), forms.RefuseForm,
                     "conventions.recognise_convention", lambda c: c.state == State.SUBMITTED,
                     lambda c, u, d: services.convention_refuse(convention=c, actor=u, **d),
                     gettext_lazy("Đã ghi nhận việc không công nhận."), gettext_lazy("Không công nhận")),
    "distribute": Action(gettext_lazy("Gửi văn bản đã công nhận (02 ngày làm việc)"), forms.DistributeForm,
                         "conventions.recognise_convention",
                         lambda c: _in_force(c) and c.state in (State.RECOGNISED, State.SUSPENDED)
                         and not c.distributed_on,
                         lambda c, u, d: services.convention_distribute(convention=c, actor=u, **d),
                         gettext_lazy("Đã ghi nhận việc gửi văn bản."), gettext_lazy("Ghi nhận")),
    "measure": Action(gettext_lazy("Tạm ngưng thi hành hoặc bãi bỏ"), forms.MeasureForm,
                      "conventions.recognise_convention", _in_force,
                      lambda c, u, d: services.convention_measure(convention=c, actor=u, **d),
                      gettext_lazy("Đã ghi nhận quyết định."), gettext_lazy("Ghi nhận quyết định")),
    "lift": Action(gettext_lazy("Bãi bỏ việc tạm ngưng"), forms.LiftForm, "conventions.recognise_convention",
                   lambda c: c.state == State.SUSPENDED,
                   lambda c, u, d: services.convention_lift_suspension(convention=c, actor=u, **d),
                   gettext_lazy("Hương ước, quy ước được tiếp tục thi hành."), gettext_lazy("Ghi nhận")),
    "review": Action(gettext_lazy("Đánh giá thực hiện hằng năm (Điều 15)"), forms.ReviewForm,
                     "conventions.run_convention", _in_force,
                     lambda c, u, d: services.review_record(convention=c, actor=u, **d),
                     gettext_lazy("Đã ghi nhận đánh giá."), gettext_lazy("Ghi nhận")),
    "amend": Action(gettext_lazy("Sửa đổi, bổ sung hoặc soạn lại"), forms.AmendForm, "conventions.run_convention",
                    lambda c: domain.can_transition(c.state, State.DRAFTING),
                    lambda c, u, d: services.convention_amend(convention=c, actor=u, **d),
                    gettext_lazy("Đã bắt đầu vòng soạn thảo mới."), gettext_lazy("Bắt đầu")),
    "withdraw": Action(gettext_lazy("Dừng soạn thảo"), forms.WithdrawForm, "conventions.run_convention",
                       lambda c: c.state in (State.DRAFTING, State.POSTED) and not c.in_force_version_id,
                       lambda c, u, d: services.convention_withdraw(convention=c, actor=u, **d),
                       gettext_lazy("Đã dừng soạn thảo."), gettext_lazy("Dừng soạn thảo")),
}


def _initial(action: str, convention: Convention) -> dict:
    today = clock.today()
    latest = convention.latest_version()
    return {
        "team": {"drafting_team": convention.drafting_team},
        "revise": {"text": latest.text if latest else ""},
        "post": {"posted_on": today, "comment_until": domain.posting_min_end(today)},
        "comment": {"received_on": today},
        "meeting": {"method": VoteMethod.MEETING, "held_on": today},
        "ballot": {"method": VoteMethod.BALLOT, "held_on": today},
        "submit": {"submitted_on": today},
        "recognise": {"decided_on": today},
        "refuse": {"decided_on": today},
        "distribute": {"distributed_on": today},
        "measure": {"reported_on": today, "decided_on": today},
        "lift": {"lifted_on": today},
        "review": {"held_on": today},
    }.get(action, {})


@login_required
def staff_detail(request, pk: int):
    convention = get_object_or_404(Convention.objects.select_related("village__parent", "in_force_version",
                                                                     "adopted_version"), pk=pk)
    require_perm(request, "conventions.view_convention", convention)
    available = {name: a for name, a in ACTIONS.items()
                 if a.allowed(convention) and request.user.has_perm(a.perm, convention)}
    bound = {}
    status = 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        action = ACTIONS.get(name)
        if action is None:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("conventions:staff-detail", convention.pk)
        require_perm(request, action.perm, convention)
        if name not in available:
            messages.error(request, _("Thao tác này không thực hiện được ở bước hiện tại."))
            return redirect("conventions:staff-detail", convention.pk)
        form = action.form(request.POST, prefix=name)
        bound[name] = form
        if form.is_valid():
            data = dict(form.cleaned_data)
            if name in ("meeting", "ballot"):
                data["method"] = VoteMethod.MEETING if name == "meeting" else VoteMethod.BALLOT
            try:
                action.run(convention, request.user, data)
            except ValidationError as exc:
                if getattr(exc, "code", None) == "invalid_transition":
                    messages.error(request, " ".join(exc.messages))
                    return redirect("conventions:staff-detail", convention.pk)
                form_errors(form, exc)
                convention.refresh_from_db()
            else:
                messages.success(request, str(action.done))
                return redirect("conventions:staff-detail", convention.pk)
        status = 400
    boxes = [{"name": name, "action": a,
              "form": bound.get(name) or a.form(prefix=name, initial=_initial(name, convention))}
             for name, a in available.items()]
    versions = list(_versions(convention, public=False))
    return render(request, "conventions/staff_detail.html", {
        "nav": "conventions", "convention": convention, "unit": convention.village, "boxes": boxes,
        "versions": versions, "latest": versions[-1] if versions else None,
        "comments": convention.comments.select_related("household").order_by("received_on", "id"),
        "votes": convention.votes.order_by("held_on", "id"), "measures": convention.measures.order_by("decided_on"),
        "reviews": convention.reviews.all(), "warnings": services.warnings(convention),
        "team_lines": [line for line in convention.drafting_team.splitlines() if line.strip()],
        "posting_end": domain.posting_min_end(convention.posted_on) if convention.posted_on else None,
        **diff_context(request, versions),
    }, status=status)
