"""Validation messages of DRF and Django that their catalogues leave in English are Vietnamese (danchu/locale_vi)."""

import re

from django import forms
from django.utils import translation
from rest_framework import serializers

VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


class _In(serializers.Serializer):
    n = serializers.IntegerField(max_value=5)
    kind = serializers.ChoiceField(choices=["meeting", "ballot"])
    text = serializers.CharField(max_length=3)


class _Form(forms.Form):
    text = forms.CharField()


def _messages(errors) -> list[str]:
    return [str(m) for ms in errors.values() for m in ms]


def test_drf_messages_are_vietnamese_by_default_and_english_on_request():
    with translation.override("vi"):
        s = _In(data={"n": "x", "kind": "secret", "text": "abcd"})
        assert not s.is_valid()
        vi = _messages(s.errors)
    assert all(VIETNAMESE.search(m) for m in vi), vi
    assert any("secret" in m for m in vi)  # the placeholder is kept
    with translation.override("en"):
        s = _In(data={"n": "x", "kind": "secret", "text": "abcd"})
        s.is_valid()
        assert '"secret" is not a valid choice.' in _messages(s.errors)


def test_django_null_character_message_is_vietnamese():
    with translation.override("vi"):
        form = _Form(data={"text": "a\x00b"})
        assert not form.is_valid()
        assert all(VIETNAMESE.search(m) for m in _messages(form.errors)), form.errors


def test_the_admin_skip_link_is_vietnamese(client, login, personas):
    login(client, personas["superuser"])
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chuyển đến nội dung chính" in html and "Skip to main content" not in html
