"""core.actions: one table of staff steps, the same checks on the HTML page and in the API."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from danchu.core.actions import Action, ActionTable
from danchu.core.errors import field_error
from danchu.core.workflow import Workflow

FLOW = Workflow({"": {"noted"}, "noted": {""}})


class NoteForm(forms.Form):
    note = forms.CharField(max_length=50)


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=50)


def _note(village, user, data):
    if data["note"] == "cấm":
        raise field_error("note", "Không được ghi chữ này.", "forbidden")
    FLOW.check(village.note and "noted", "noted")
    village.note = data["note"]
    village.save(update_fields=["note"])


ACTIONS = ActionTable([
    Action("note", "Ghi chú", permission="units.change_village", run=_note, form=NoteForm, serializer=NoteIn,
           allowed=lambda v: v.level == 4, done="Đã ghi.", initial=lambda v: {"note": "gợi ý"}),
    Action("clear", "Xóa ghi chú", permission="units.change_village", allowed=lambda v: bool(v.note),
           run=lambda v, u, d: None, secondary=True),
])


def _post(user, data):
    request = RequestFactory().post("/thon/1/", data)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_the_boxes_are_the_steps_the_user_may_take_now(personas, tree):
    request = RequestFactory().get("/")
    request.user = personas["official_a"]
    boxes = ACTIONS.boxes(request, tree.village_a1)
    assert [b["name"] for b in boxes] == ["note"]
    assert boxes[0]["form"].initial == {"note": "gợi ý"}
    request.user = personas["official_b"]
    assert ACTIONS.boxes(request, tree.village_a1) == []


@pytest.mark.django_db
def test_a_step_runs_its_service_and_redirects(personas, tree):
    outcome = ACTIONS.handle(_post(personas["official_a"], {"action": "note", "note-note": "Họp tổ"}),
                             tree.village_a1)
    assert outcome.response.status_code == 302
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.note == "Họp tổ"


@pytest.mark.django_db
def test_errors_stay_on_the_form_and_other_units_get_403(personas, tree):
    outcome = ACTIONS.handle(_post(personas["official_a"], {"action": "note", "note-note": "cấm"}), tree.village_a1)
    assert outcome.status == 400 and outcome.bound["note"].errors == {"note": ["Không được ghi chữ này."]}
    outcome = ACTIONS.handle(_post(personas["official_a"], {"action": "note", "note-note": ""}), tree.village_a1)
    assert outcome.status == 400
    with pytest.raises(PermissionDenied):
        ACTIONS.handle(_post(personas["official_b"], {"action": "note", "note-note": "x"}), tree.village_a1)
    outcome = ACTIONS.handle(_post(personas["official_a"], {"action": "nope"}), tree.village_a1)
    assert outcome.response.status_code == 302
    # not allowed now (not a village): refused with a message, nothing runs
    outcome = ACTIONS.handle(_post(personas["official_a"], {"action": "note", "note-note": "x"}), tree.commune_a)
    assert outcome.response.status_code == 302
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.note == ""


@pytest.mark.django_db
def test_a_transition_refused_meanwhile_becomes_a_message(personas, tree):
    tree.village_a1.note = "đã có"
    tree.village_a1.save()
    request = _post(personas["official_a"], {"action": "note", "note-note": "mới"})
    outcome = ACTIONS.handle(request, tree.village_a1)
    assert outcome.response.status_code == 302
    assert [str(m) for m in request._messages] == ["Không thể chuyển từ “noted” sang “noted”."]


@pytest.mark.django_db
def test_the_api_endpoint_checks_the_same_permission_and_condition(personas, tree):
    from danchu.units.models import AdministrativeUnit

    view = ACTIONS.api_view("note", queryset=AdministrativeUnit.objects.all(), prefix="units",
                            detail=lambda request, v: {"note": v.note}).as_view()
    factory = APIRequestFactory()

    def call(user, pk, body):
        request = factory.post(f"/api/v1/x/{pk}/note/", body, format="json")
        force_authenticate(request, user=user)
        return view(request, pk=pk)

    assert call(personas["official_a"], tree.village_a1.pk, {"note": "API"}).data == {"note": "API"}
    assert call(personas["official_b"], tree.village_a1.pk, {"note": "x"}).status_code == 403
    response = call(personas["official_a"], tree.commune_a.pk, {"note": "x"})
    assert response.status_code == 400 and response.data["error"]["code"] == "invalid_transition"
    response = call(personas["official_a"], tree.village_a1.pk, {"note": "cấm"})
    assert response.status_code == 400 and response.data["error"]["code"] == "forbidden"
    assert view.view_class.__name__ == "UnitsNoteApi"


class PickForm(forms.Form):
    """A form whose choices depend on the record (as "assign to one of the officials of this commune")."""

    note = forms.ChoiceField()

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].choices = [(o, o) for o in options]


PICK = ActionTable([
    Action("pick", "Chọn", permission="units.change_village", run=_note, form=PickForm, serializer=NoteIn,
           form_kwargs=lambda v: {"options": [v.name, "khác"]}, allowed=lambda v: v.level == 4,
           refused=lambda v: f"{v.name} không phải là thôn."),
])


class LabelForm(forms.Form):
    note = forms.CharField(max_length=50)

    def __init__(self, *args, village=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = f"Ghi chú của {village.name}"


NEXT = ActionTable([
    Action("label", "Ghi chú", permission="units.change_village", form=LabelForm,
           form_kwargs=lambda v: {"village": v}, unfolded=lambda v: not v.note,
           run=lambda v, u, d: v.parent, next=lambda v, parent: f"/don-vi/{parent.pk}/"),
])


@pytest.mark.django_db
def test_a_form_may_depend_on_the_record_and_a_refusal_may_say_why(personas, tree):
    request = RequestFactory().get("/")
    request.user = personas["official_a"]
    form = PICK.boxes(request, tree.village_a1)[0]["form"]
    assert [c for c, _label in form.fields["note"].choices] == [tree.village_a1.name, "khác"]
    outcome = PICK.handle(_post(personas["official_a"], {"action": "pick", "pick-note": "khác"}), tree.village_a1)
    assert outcome.response.status_code == 302
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.note == "khác"
    outcome = PICK.handle(_post(personas["official_a"], {"action": "pick", "pick-note": "bất kỳ"}), tree.village_a1)
    assert outcome.status == 400  # not one of this record's choices
    request = _post(personas["official_a"], {"action": "pick", "pick-note": "khác"})
    PICK.handle(request, tree.commune_a)
    assert [str(m) for m in request._messages] == [f"{tree.commune_a.name} không phải là thôn."]


@pytest.mark.django_db
def test_the_api_answers_the_refusal_of_the_step(personas, tree):
    from danchu.units.models import AdministrativeUnit

    view = PICK.api_view("pick", queryset=AdministrativeUnit.objects.all(), prefix="units",
                         detail=lambda request, v: {"note": v.note}).as_view()
    request = APIRequestFactory().post(f"/api/v1/x/{tree.commune_a.pk}/pick/", {"note": "x"}, format="json")
    force_authenticate(request, user=personas["official_a"])
    response = view(request, pk=tree.commune_a.pk)
    assert response.status_code == 400 and response.data["error"] == {
        "code": "invalid_transition", "message": f"{tree.commune_a.name} không phải là thôn.",
        "fields": {"non_field_errors": [f"{tree.commune_a.name} không phải là thôn."]}}


@pytest.mark.django_db
def test_a_form_may_depend_on_the_record_a_box_may_be_unfolded_and_a_step_may_go_elsewhere(personas, tree):
    request = RequestFactory().get("/")
    request.user = personas["official_a"]
    box = NEXT.boxes(request, tree.village_a1)[0]
    assert box["unfolded"] is True and box["form"].fields["note"].label == f"Ghi chú của {tree.village_a1.name}"
    outcome = NEXT.handle(_post(personas["official_a"], {"action": "label", "label-note": "x"}), tree.village_a1)
    assert outcome.response["Location"] == f"/don-vi/{tree.commune_a.pk}/"
    assert [b["unfolded"] for b in ACTIONS.boxes(request, tree.village_a1)] == [False]


API_ONLY = ActionTable([
    Action("label", "Ghi chú", permission="units.change_village", form=NoteForm, serializer=NoteIn,
           run=lambda v, u, d: d["note"]),
    Action("bulk", "Ghi nhiều", permission="units.change_village", serializer=NoteIn, page=False,
           run=lambda v, u, d: d["note"]),
])


@pytest.mark.django_db
def test_an_api_only_step_is_no_box_and_an_endpoint_may_keep_its_old_name_and_answer(personas, tree):
    from rest_framework.response import Response

    from danchu.units.models import AdministrativeUnit

    request = RequestFactory().get("/")
    request.user = personas["official_a"]
    assert [b["name"] for b in API_ONLY.boxes(request, tree.village_a1)] == ["label"]
    outcome = API_ONLY.handle(_post(personas["official_a"], {"action": "bulk", "bulk-note": "x"}), tree.village_a1)
    assert outcome.response.status_code == 302 and outcome.bound is None
    view = API_ONLY.api_view("bulk", queryset=AdministrativeUnit.objects.all(), prefix="units", operation="notes",
                             detail=lambda r, v: {}, status=201,
                             respond=lambda r, v, result: Response({"note": result}, status=201)).as_view()
    request = APIRequestFactory().post("/api/v1/x/1/notes/", {"note": "mới"}, format="json")
    force_authenticate(request, user=personas["official_a"])
    response = view(request, pk=tree.village_a1.pk)
    assert response.status_code == 201 and response.data == {"note": "mới"}
    assert view.view_class.__name__ == "UnitsNotesApi"


@pytest.mark.django_db
def test_a_step_may_say_why_it_cannot_be_taken_now(personas, tree):
    table = ActionTable([Action("note", "Ghi chú", permission="units.change_village", form=NoteForm,
                                run=lambda v, u, d: None, allowed=lambda v: False,
                                refused="Chỉ ghi chú khi thôn đang hoạt động.")])
    request = _post(personas["official_a"], {"action": "note", "note-note": "x"})
    assert table.handle(request, tree.village_a1).response.status_code == 302
    assert [str(m) for m in request._messages] == ["Chỉ ghi chú khi thôn đang hoạt động."]
