"""Subscriptions: double opt-in, notifications on publication, unsubscribe, bad input, rate limits."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danchu.core.models import AuditEvent, Notification
from danchu.disclosure import subscriptions as subs
from danchu.disclosure.domain import ItemStatus
from danchu.disclosure.models import Subscription

from .test_public import make_item


def subscribe(client, commune, **data):
    return client.post(reverse("disclosure:public-subscribe", args=[commune.pk]), data)


# --- pure ------------------------------------------------------------------------------------------


def test_it_normalises_phones_and_emails():
    assert subs.normalise_address("sms", "+84 912.345.678") == "0912345678"
    assert subs.normalise_address("email", " An@Example.VN ") == "an@example.vn"
    with pytest.raises(ValidationError) as exc:
        subs.normalise_address("sms", "12345")
    assert "Số điện thoại không hợp lệ" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        subs.normalise_address("email", "khong-phai-thu")
    assert "Địa chỉ thư điện tử không hợp lệ" in str(exc.value)


def test_it_masks_addresses():
    assert subs.mask_address("0912345678") == "091…678"
    assert subs.mask_address("an@example.vn") == "a…@example.vn"


# --- the whole path --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_subscribes_confirms_notifies_and_unsubscribes(client, tree):
    response = subscribe(client, tree.commune_a, channel="email", address="an@example.vn", category="3")
    assert response.status_code == 200
    assert "Hãy xác nhận đăng ký" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.category == 3
    message = Notification.objects.get(channel="email", address="an@example.vn")
    code = subs.confirmation_code(subscription)
    assert code in message.body and subscription.token in message.url

    # not confirmed yet: nothing is sent
    item = make_item(tree.commune_a, "Kế hoạch thu hồi đất khu vực 2", category=3)
    assert subs.notify_subscribers(item.pk) == 0

    manage = reverse("disclosure:public-subscription", args=[subscription.token])
    assert f'value="{code}"' in client.get(manage, {"ma": code}).content.decode()
    wrong = client.post(manage, {"code": "000000" if code != "000000" else "111111"})
    assert "Mã xác nhận không đúng." in wrong.content.decode()
    assert client.post(manage, {"code": code}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    assert subs.notify_subscribers(item.pk) == 1
    sent = Notification.objects.filter(address="an@example.vn").order_by("-pk").first()
    assert "Kế hoạch thu hồi đất khu vực 2" in sent.subject
    assert reverse("disclosure:public-detail", args=[item.pk]) in sent.body
    assert reverse("disclosure:public-unsubscribe", args=[subscription.token]) in sent.body
    # another category, another commune, a draft: nobody is told
    assert subs.notify_subscribers(make_item(tree.commune_a, "Phí chợ", category=12).pk) == 0
    assert subs.notify_subscribers(make_item(tree.commune_b, "Đất", category=3).pk) == 0
    assert subs.notify_subscribers(make_item(tree.commune_a, "Nháp", category=3, status=ItemStatus.DRAFT).pk) == 0

    unsubscribe = reverse("disclosure:public-unsubscribe", args=[subscription.token])
    assert "a…@example.vn" in client.get(unsubscribe).content.decode()
    assert "Đã hủy đăng ký" in client.post(unsubscribe).content.decode()
    assert not Subscription.objects.exists()
    assert subs.notify_subscribers(item.pk) == 0
    verbs = list(AuditEvent.objects.filter(verb__startswith="disclosure.subscription").order_by("seq").values_list("verb", flat=True))
    assert verbs == ["disclosure.subscription.requested", "disclosure.subscription.confirmed.rejected",
                     "disclosure.subscription.confirmed", "disclosure.subscription.cancelled"]
    assert "an@example.vn" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


@pytest.mark.django_db
def test_it_sends_the_sms_code_and_notifies_whole_commune_subscribers(client, tree):
    subscribe(client, tree.commune_a, channel="sms", address="0912 345 678")
    subscription = Subscription.objects.get(address="0912345678")
    assert subscription.category is None
    sms = Notification.objects.get(channel="sms")
    assert re.search(r"\b\d{6}\b", sms.body)
    subs.subscription_confirm(subscription=subscription, code=subs.confirmation_code(subscription))

    assert subs.notify_subscribers(make_item(tree.commune_a, "Phí chợ", category=12).pk) == 1
    assert subs.notify_subscribers(make_item(tree.commune_a, "Đất đai", category=3).pk) == 1
    text = Notification.objects.filter(channel="sms").order_by("-pk").first().body
    assert "Phường Cái Khế" in text and "Đất đai" in text


@pytest.mark.django_db
def test_it_does_not_duplicate_a_subscription_and_resends_a_pending_code(client, tree):
    subscribe(client, tree.commune_a, channel="email", address="an@example.vn")
    subscribe(client, tree.commune_a, channel="email", address="AN@example.vn")

    assert Subscription.objects.count() == 1
    assert Notification.objects.filter(address="an@example.vn").count() == 2
    subscription = Subscription.objects.get()
    subs.subscription_confirm(subscription=subscription, code=subs.confirmation_code(subscription))
    response = subscribe(client, tree.commune_a, channel="email", address="an@example.vn")
    assert "Hãy xác nhận đăng ký" in response.content.decode()  # the same answer: no one learns who subscribed
    assert Notification.objects.filter(address="an@example.vn").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [
    ({"channel": "email", "address": "an@"}, "Địa chỉ thư điện tử không hợp lệ"),
    ({"channel": "sms", "address": "091234"}, "Số điện thoại không hợp lệ"),
    ({"channel": "sms", "address": ""}, "Hãy nhập địa chỉ thư điện tử hoặc số điện thoại."),
    ({"channel": "fax", "address": "0912345678"}, "Hãy chọn thư điện tử hoặc SMS."),
    ({"channel": "email", "address": "an@example.vn", "category": "15"}, "Lĩnh vực không hợp lệ"),
    ({"channel": "email", "address": "an@example.vn", "category": "đất"}, "Lĩnh vực không hợp lệ"),
])
def test_it_refuses_bad_input_with_a_vietnamese_message_and_changes_nothing(client, tree, data, message):
    response = subscribe(client, tree.commune_a, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_unit_that_is_not_a_commune(client, tree):
    assert subscribe(client, tree.village_a1, channel="email", address="an@example.vn").status_code == 404
    with pytest.raises(ValidationError):
        subs.subscription_request(commune=tree.province, channel="email", address="an@example.vn")


@pytest.mark.django_db
def test_it_limits_subscriptions_per_client(client, tree):
    for n in range(subs_limit()):
        subscribe(client, tree.commune_a, channel="email", address=f"nguoi{n}@example.vn")

    response = subscribe(client, tree.commune_a, channel="email", address="nua@example.vn")

    assert "quá nhiều lần" in response.content.decode()
    assert not Subscription.objects.filter(address="nua@example.vn").exists()


def subs_limit():
    from danchu.disclosure.views_public import SUBSCRIBE_PER_HOUR

    return SUBSCRIBE_PER_HOUR


@pytest.mark.django_db
def test_it_limits_confirmation_attempts(client, tree):
    subscribe(client, tree.commune_a, channel="email", address="an@example.vn")
    subscription = Subscription.objects.get()
    manage = reverse("disclosure:public-subscription", args=[subscription.token])
    code = subs.confirmation_code(subscription)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(10):
        client.post(manage, {"code": wrong})

    response = client.post(manage, {"code": code})

    assert "quá nhiều lần" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


@pytest.mark.django_db
def test_it_404s_for_an_unknown_token(client, tree):
    assert client.get(reverse("disclosure:public-subscription", args=["khong-co"])).status_code == 404
    assert client.post(reverse("disclosure:public-unsubscribe", args=["khong-co"])).status_code == 200


@pytest.mark.django_db
def test_it_lets_signed_in_users_see_and_cancel_their_subscriptions(client, tree, personas, login):
    resident, other = personas["resident"], personas["official_b"]
    login(client, resident)
    subscribe(client, tree.commune_a, channel="email", address="dan@example.vn", category="7")
    mine = Subscription.objects.get()
    assert mine.user == resident
    theirs = Subscription.objects.create(commune=tree.commune_b, channel="sms", address="0987654321", user=other,
                                         token="t" * 40)

    html = client.get(reverse("disclosure:public-my-subscriptions")).content.decode()
    assert "dan@example.vn" in html and "0987654321" not in html
    assert client.post(reverse("disclosure:public-my-subscription-cancel", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("disclosure:public-my-subscription-cancel", args=[mine.pk])).status_code == 302
    assert list(Subscription.objects.all()) == [theirs]


@pytest.mark.django_db
def test_it_asks_anonymous_users_to_sign_in_for_their_list(client, tree):
    response = client.get(reverse("disclosure:public-my-subscriptions"))

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_subscribe_form_labels_every_control(client, tree):
    """The radio group has a legend (a <label for=""> labels nothing); every other label points at its field."""
    import re

    html = client.get(f"/don-vi/{tree.commune_a.pk}/cong-khai/dang-ky/").content.decode()
    assert 'for=""' not in html
    assert re.search(r"<legend>Nhận tin qua", html)
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert f'id="{target}"' in html
    response = client.post(f"/don-vi/{tree.commune_a.pk}/cong-khai/dang-ky/", {"channel": "fax", "address": "x"})
    assert "Hãy chọn thư điện tử hoặc SMS." in response.content.decode()
