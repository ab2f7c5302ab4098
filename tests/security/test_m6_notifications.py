"""M6: the notification log kept denouncers' phone numbers next to their feedback code; messages still queued when
a visit was sealed kept the phone for ever; the superuser could search them in the admin."""

import pytest
from django.db import transaction
from django.test import override_settings

from danchu.core.models import AuditEvent, Notification
from danchu.core.notify import notification_deliver, notifications_forget, notify

LOCMEM = "danchu.core.notify.backends.LocMemSMSBackend"


@pytest.mark.django_db
@override_settings(DANCHU_SMS_BACKEND=LOCMEM)
def test_a_sensitive_message_forgets_its_address_and_text_once_delivered(tree):
    with transaction.atomic():
        n = notify(channel="sms", address="0912345678", subject="Mã PA-ABCD234567", body="Đã nhận phản ánh.",
                   about=tree.village_a1, sensitive=True)
    notification_deliver(notification_id=n.pk)
    n.refresh_from_db()
    assert n.status == "sent" and n.address == "" and n.body == "" and n.subject == "Mã PA-ABCD234567"


@pytest.mark.django_db
def test_forgetting_a_record_cancels_its_pending_messages_and_wipes_the_others(tree, personas):
    with transaction.atomic():
        pending = notify(channel="sms", address="0912345678", subject="Lịch tiếp", body="Hẹn 8:00",
                         about=tree.village_a1)
        inbox = notify(channel="in_app", recipient=personas["resident"], subject="Đã chuyển", body="Chi tiết",
                       about=tree.village_a1)
        other = notify(channel="sms", address="0999999999", subject="Khác", body="Khác", about=tree.village_b1)
    assert notifications_forget(about=tree.village_a1, actor="system", detach_recipients=True) == 2
    pending.refresh_from_db()
    inbox.refresh_from_db()
    other.refresh_from_db()
    assert (pending.status, pending.address, pending.body) == ("cancelled", "", "")
    assert inbox.recipient_id is None and inbox.body == ""
    assert other.address == "0999999999"
    assert notification_deliver(notification_id=pending.pk) == "cancelled"  # never sent afterwards
    event = AuditEvent.objects.get(verb="core.notification.forgotten")
    assert "0912345678" not in str(event.data) and event.data["cancelled"] == 1


@pytest.mark.django_db
def test_the_admin_does_not_search_or_show_addresses(client, personas):
    from django.contrib import admin

    model_admin = admin.site._registry[Notification]
    assert "address" not in model_admin.search_fields
    shown = model_admin.recipient_label(Notification(address="0912345678"))
    assert "0912345678" not in shown
