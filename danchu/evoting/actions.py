"""The staff steps of a poll (core.actions): one table, read by the staff page (its buttons) and by the API (one
endpoint per step), so that both check the same named permission and call the same service. The steps have no
condition of their own: the poll's workflow (domain.WORKFLOW) refuses a step out of order with the code its
clients know ("invalid_state")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.actions import Action, ActionTable

from . import services

RUN = "evoting.run_poll"

ACTIONS = ActionTable([
    Action("open", _("Mở biểu quyết"), RUN, run=lambda p, u, d: services.open_poll(poll=p, actor=u),
           done=_("Đã mở biểu quyết."),
           description="Mở biểu quyết: cần trên 50% số hộ của thôn đã đăng ký (NĐ 59/2023, Điều 5)."),
    Action("close", _("Kết thúc biểu quyết"), RUN, run=lambda p, u, d: services.close_poll(poll=p, actor=u),
           done=_("Đã kết thúc biểu quyết."), description="Kết thúc biểu quyết (từ thời điểm kết thúc đã thông báo)."),
    Action("publish", _("Công bố kết quả"), RUN, run=lambda p, u, d: services.publish_poll(poll=p, actor=u),
           done=_("Đã công bố kết quả."),
           description="Công bố kết quả: trang kết quả, danh sách mã băm biên nhận và tệp phiếu công khai."),
])
# the page's addresses of the steps (/quan-ly/bieu-quyet/<id>/mo/)
SLUGS = {"mo": "open", "ket-thuc": "close", "cong-bo": "publish"}
