"""Staff action pages: one table of the steps an official can take on a record, shared by HTML and API.

An app declares its steps once:

    ACTIONS = ActionTable([
        Action("post", _("Niêm yết dự thảo"), permission="conventions.run_convention",
               allowed=lambda c: c.state == State.DRAFTING, form=forms.PostForm, serializer=PostIn,
               run=lambda c, user, data: services.convention_post(convention=c, actor=user, **data),
               done=_("Đã niêm yết dự thảo."), submit=_("Niêm yết"),
               initial=lambda c: {"posted_on": clock.today()}),
        ...
    ])

The HTML detail view binds and runs the chosen step and shows the others as boxes:

    def staff_detail(request, pk):
        convention = get_object_or_404(Convention, pk=pk)
        require_perm(request, "conventions.view_convention", convention)
        outcome = ACTIONS.handle(request, convention)
        if outcome.response:
            return outcome.response
        return render(request, "...", {"boxes": ACTIONS.boxes(request, convention, outcome.bound), ...},
                      status=outcome.status)

(the template includes "includes/action_boxes.html"), and the API gets one POST endpoint per step:

    ACTION_VIEWS = ACTIONS.api_views(queryset=Convention.objects.select_related("village"),
                                     detail=lambda request, c: ConventionDetailOut(c).data, prefix="conventions")

Both paths check the same named permission (rules.py) and the same `allowed` condition, and call the same
service, so a step refused on one is refused on the other. A step whose form depends on the record (the officials
who may be assigned it) names the form's extra arguments with `form_kwargs=lambda obj: {...}`; a step may say why
it is not allowed now with `refused=lambda obj: "…"` (the message shown and answered instead of the generic one). A service's `ValidationError` is shown on the form (on
its field when the form has it); an `InvalidTransition` (someone else moved the record meanwhile) becomes a message
and a redirect to the fresh page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .http import form_errors
from .workflow import INVALID_TRANSITION


def _always(_obj) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    name: str
    title: str
    permission: str
    run: Callable[[Any, Any, dict], Any]
    form: type | None = None  # a Django form class (HTML)
    serializer: type | None = None  # a DRF input serializer (API)
    allowed: Callable[[Any], bool] = _always  # may the step be taken now (state, dates, data)?
    done: str = ""  # the success message
    submit: str = ""  # the button's label
    initial: Callable[[Any], dict] | None = None
    description: str = ""  # for the API documentation
    secondary: bool = False  # a step that ends or refuses (shown as a secondary button)
    help: str = ""  # a line of help shown in the box
    form_kwargs: Callable[[Any], dict] | None = None  # extra arguments of the form for this record (its choices)
    unfolded: Callable[[Any], bool] | None = None  # show the box unfolded now (the step expected next)
    next: Callable[[Any, Any], str] | None = None  # where to go after success (obj, what run returned); default: here
    page: bool = True  # False: an API-only step (one endpoint for several boxes), never a box on the page
    # why the step cannot be taken now, when `allowed` says no: a text, or a function of the record
    refused: str | Callable[[Any], str] = ""

    def may(self, user, obj) -> bool:
        return self.allowed(obj) and user.has_perm(self.permission, obj)

    def build_form(self, obj, *args, **kwargs):
        """The step's form for `obj` (None for a step without a form)."""
        if self.form is None:
            return None
        return self.form(*args, **kwargs, **(self.form_kwargs(obj) if self.form_kwargs else {}))

    def refusal(self, obj) -> str:
        """The message shown (HTML) or answered (API) when the step is not allowed now."""
        if callable(self.refused):
            return str(self.refused(obj))
        return str(self.refused or _("Thao tác này không thực hiện được ở bước hiện tại."))


@dataclass
class Outcome:
    response: Any = None  # a redirect, when the request was fully handled
    bound: dict | None = None  # {name: bound form with errors}
    status: int = 200


class ActionTable:
    def __init__(self, actions: Iterable[Action]):
        self.actions: dict[str, Action] = {}
        for action in actions:
            if action.name in self.actions:
                raise ValueError(f"two actions named {action.name!r}")
            self.actions[action.name] = action

    def __getitem__(self, name: str) -> Action:
        return self.actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self.actions

    def __iter__(self):
        return iter(self.actions.values())

    def available(self, user, obj) -> list[Action]:
        """The steps `user` may take on `obj` now, in declaration order."""
        return [a for a in self.actions.values() if a.may(user, obj)]

    # --- HTML -------------------------------------------------------------------------------------

    def handle(self, request, obj, *, redirect_to: str | None = None, field: str = "action") -> Outcome:
        """Run the step posted in `request.POST[field]`; GET requests pass through."""
        if request.method != "POST":
            return Outcome()
        target = redirect_to or request.path
        name = request.POST.get(field, "")
        action = self.actions.get(name)
        if action is None or not action.page:
            messages.error(request, _("Thao tác không hợp lệ."))
            return Outcome(response=redirect(target))
        if not request.user.has_perm(action.permission, obj):
            raise PermissionDenied
        if not action.allowed(obj):
            messages.error(request, action.refusal(obj))
            return Outcome(response=redirect(target))
        form = action.build_form(obj, request.POST, request.FILES, prefix=name)
        if form is not None and not form.is_valid():
            return Outcome(bound={name: form}, status=400)
        try:
            result = action.run(obj, request.user, dict(form.cleaned_data) if form is not None else {})
        except ValidationError as exc:
            codes = {getattr(e, "code", None) for e in (exc.error_list if not hasattr(exc, "error_dict") else [])}
            if form is None or INVALID_TRANSITION in codes:
                messages.error(request, " ".join(exc.messages))
                return Outcome(response=redirect(target))
            form_errors(form, exc)
            if hasattr(obj, "refresh_from_db"):
                obj.refresh_from_db()
            return Outcome(bound={name: form}, status=400)
        if action.done:
            messages.success(request, str(action.done))
        return Outcome(response=redirect(action.next(obj, result) if action.next else target))

    def boxes(self, request, obj, bound: dict | None = None) -> list[dict]:
        """The boxes of the detail page: {name, action, form, unfolded} for each step the user may take now."""
        bound = bound or {}
        out = []
        for action in self.available(request.user, obj):
            if not action.page:
                continue
            form = bound.get(action.name)
            if form is None:
                form = action.build_form(obj, prefix=action.name,
                                         initial=action.initial(obj) if action.initial else None)
            out.append({"name": action.name, "action": action, "form": form,
                        "unfolded": bool(action.unfolded and action.unfolded(obj))})
        return out

    # --- API --------------------------------------------------------------------------------------

    def api_view(self, name: str, *, queryset, detail: Callable, prefix: str, response_serializer=None,
                 operation: str | None = None, status: int = 200, respond: Callable | None = None):
        """A DRF view: POST /…/<pk>/<step>/ with the step's serializer; answers the record's detail.

        `operation` names the endpoint (operation id `<prefix>_<operation>`) when the API has long called the step
        otherwise than the page; `respond(request, obj, result)` answers with what the step created (a meeting, a
        ballot) instead of the record's detail, with `status` (201)."""
        from django.shortcuts import get_object_or_404
        from drf_spectacular.utils import extend_schema
        from rest_framework.permissions import IsAuthenticated
        from rest_framework.response import Response
        from rest_framework.views import APIView

        from .api import ERRORS, check_perm, valid

        action = self.actions[name]

        class ActionApi(APIView):
            permission_classes = [IsAuthenticated]

            @extend_schema(operation_id=f"{prefix}_{operation or name}", request=action.serializer,
                           responses={status: response_serializer, **ERRORS},
                           description=str(action.description or action.title))
            def post(self, request, pk: int):
                obj = get_object_or_404(queryset, pk=pk)
                check_perm(request, action.permission, obj)
                if not action.allowed(obj):
                    raise ValidationError(action.refusal(obj), code=INVALID_TRANSITION)
                data = dict(valid(action.serializer, request)) if action.serializer else {}
                result = action.run(obj, request.user, data)
                obj.refresh_from_db()
                if respond is not None:
                    return respond(request, obj, result)
                return Response(detail(request, obj), status=status)

        label = "".join(part.title() for part in f"{prefix}_{operation or name}".split("_"))
        ActionApi.__name__ = ActionApi.__qualname__ = f"{label}Api"
        return ActionApi

    def api_views(self, *, queryset, detail: Callable, prefix: str, response_serializer=None,
                  only: Iterable[str] | None = None) -> dict:
        names = list(only) if only is not None else [n for n, a in self.actions.items() if a.serializer]
        return {n: self.api_view(n, queryset=queryset, detail=detail, prefix=prefix,
                                 response_serializer=response_serializer) for n in names}


__all__ = ["Action", "ActionTable", "Outcome"]
