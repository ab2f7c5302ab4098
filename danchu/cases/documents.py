"""Documents of a case file as .docx and PDF, in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I),
laid out by core.documents (`Paper`: issuing body top-left with its number, national heading with the motto
top-right, place and date, title, body, "Nơi nhận" and the signature block).

The text comes from the document's snapshot (CaseDocument.body) and the case's non-confidential fields: a
denunciation document names the denouncer only as "người tố cáo" (Luật Tố cáo Art.47, 56) — documents sent to the
accused and publications (Art.40.3) must not reveal them.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.documents import Letterhead, Paper, date_line, fmt_date, place_name
from danchu.core.legal_rules import rule_text

from .domain import CaseKind, Finding
from .models import Case, CaseDocument, DocumentKind

SYMBOL = {
    DocumentKind.ACCEPTANCE: "TB-UBND", DocumentKind.DIALOGUE: "BB-UBND", DocumentKind.REJECTION: "TB-UBND",
    DocumentKind.TRANSFER: "PC-UBND", DocumentKind.EXTENSION: "QĐ-UBND", DocumentKind.DECISION: "QĐ-UBND",
    DocumentKind.CONCLUSION: "KL-UBND", DocumentKind.PUBLICATION: "TB-UBND", DocumentKind.TERMINATION: "QĐ-UBND",
    DocumentKind.ANSWER: "CV-UBND",
}


def _party(case: Case) -> str:
    if case.kind == CaseKind.DENUNCIATION:
        return _("người tố cáo")
    if case.identity_sealed:
        return _("người gửi đơn (thông tin được giữ bí mật)")
    return _("ông/bà %(n)s") % {"n": case.petitioner_name} if case.petitioner_name else _("người gửi đơn")


def compose(document: CaseDocument) -> Paper:
    """The text of one document, in Vietnamese whatever the interface language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compose(document)


def _compose(document: CaseDocument) -> Paper:
    case, body = document.case, document.body or {}
    unit = case.unit
    kind_name = case.get_kind_display().lower()
    number = _("Số: %(ref)s") % {"ref": document.reference} if document.reference else \
        _("Số:      /%(s)s") % {"s": SYMBOL.get(document.kind, "UBND")}
    paper = Paper(
        letterhead=Letterhead(authority=_("ỦY BAN NHÂN DÂN"), issuer=unit.name.upper(), number=number,
                              date_line=date_line(place_name(unit.name), document.issued_on)),
        title=str(document.get_kind_display()).upper(), subtitle=_("Về đơn %(k)s số hồ sơ %(c)s") % {
            "k": kind_name, "c": case.code}, addressee="",
        on_behalf=_("TM. ỦY BAN NHÂN DÂN"), signer_role=_("CHỦ TỊCH"),
    )
    party = _party(case)
    received = _("Ngày %(d)s, Ủy ban nhân dân %(u)s nhận được đơn %(k)s của %(p)s, nội dung: %(s)s.") % {
        "d": fmt_date(case.received_on), "u": unit.name, "k": kind_name, "p": party, "s": case.summary}
    if case.respondent:
        received += " " + _("Người (cơ quan) bị %(k)s: %(r)s.") % {"k": kind_name, "r": case.respondent}
    law = {CaseKind.COMPLAINT: _("Luật Khiếu nại ngày 11 tháng 11 năm 2011"),
           CaseKind.DENUNCIATION: _("Luật Tố cáo ngày 12 tháng 6 năm 2018"),
           CaseKind.PETITION: _("Luật Tiếp công dân ngày 25 tháng 11 năm 2013")}[case.kind]
    p = paper.paragraphs
    if case.kind == CaseKind.DENUNCIATION:
        paper.addressee = _("Kính gửi: Người tố cáo (thông tin được giữ bí mật theo Điều 47 Luật Tố cáo)")
    elif case.identity_sealed:
        paper.addressee = _("Kính gửi: Người gửi đơn (thông tin được giữ bí mật)")
    elif case.petitioner_name:
        paper.addressee = _("Kính gửi: Ông/Bà %(n)s, địa chỉ: %(a)s") % {"n": case.petitioner_name,
                                                                        "a": case.petitioner_address or "—"}
    if document.kind == DocumentKind.ACCEPTANCE:
        p.append(_("Căn cứ %(l)s;") % {"l": law})
        p.append(received)
        p.append(_("Xét đơn đủ điều kiện thụ lý, Ủy ban nhân dân %(u)s thông báo: đã thụ lý giải quyết đơn %(k)s kể "
                   "từ ngày %(d)s.") % {"u": unit.name, "k": kind_name, "d": fmt_date(document.issued_on)})
        p.append(_("Thời hạn giải quyết: đến hết ngày %(d)s.") % {"d": fmt_date(body.get("resolve_due_on"))})
        if case.complexity != "normal":
            p.append(_("Tính chất vụ việc: %(c)s.") % {"c": case.get_complexity_display().lower()})
    elif document.kind == DocumentKind.REJECTION:
        p.append(received)
        p.append(_("Đơn không đủ điều kiện thụ lý theo quy định: %(g)s.") % {"g": body.get("ground", "")})
        p.append(_("Lý do: %(r)s") % {"r": body.get("reason", "")})
    elif document.kind == DocumentKind.TRANSFER:
        p.append(received)
        p.append(_("Nội dung đơn không thuộc thẩm quyền giải quyết của Ủy ban nhân dân %(u)s. Chuyển đơn đến %(t)s "
                   "để xem xét, giải quyết theo thẩm quyền.") % {"u": unit.name, "t": body.get("to", "")})
    elif document.kind == DocumentKind.DIALOGUE:
        paper.title = _("BIÊN BẢN")
        paper.subtitle = _("Đối thoại giải quyết khiếu nại — hồ sơ %(c)s") % {"c": case.code}
        p.append(_("Căn cứ Điều 30 Luật Khiếu nại ngày 11 tháng 11 năm 2011;"))
        p.append(_("Hôm nay, ngày %(d)s, tại Ủy ban nhân dân %(u)s, tổ chức đối thoại về nội dung: %(s)s.") % {
            "d": fmt_date(document.issued_on), "u": unit.name, "s": case.summary})
        p.append(_("Thành phần tham gia: %(p)s") % {"p": body.get("participants", "")})
        p.append(_("Nội dung, ý kiến và kết quả đối thoại: %(c)s") % {"c": body.get("content", "")})
        p.append(_("Biên bản được lập thành 03 bản, các bên tham gia ký hoặc điểm chỉ."))
    elif document.kind == DocumentKind.EXTENSION:
        paper.title = _("QUYẾT ĐỊNH")
        paper.subtitle = _("Về việc gia hạn giải quyết tố cáo (lần %(n)s)") % {"n": body.get("extension", "")}
        p.append(_("Căn cứ khoản 2 Điều 30 Luật Tố cáo ngày 12 tháng 6 năm 2018; Nghị định số 31/2019/NĐ-CP;"))
        p.append(_("Xét tính chất %(c)s của vụ việc; lý do: %(r)s") % {"c": case.get_complexity_display().lower(),
                                                                       "r": body.get("reason", "")})
        p.append(_("Điều 1. Gia hạn giải quyết tố cáo số hồ sơ %(c)s thêm %(n)s ngày, đến hết ngày %(d)s.") % {
            "c": case.code, "n": body.get("days", ""), "d": fmt_date(body.get("new_due"))})
        p.append(_("Điều 2. Quyết định này được gửi đến người tố cáo, người bị tố cáo và cơ quan, tổ chức, cá nhân có "
                   "liên quan."))
    elif document.kind in (DocumentKind.DECISION, DocumentKind.CONCLUSION, DocumentKind.PUBLICATION):
        finding = dict(Finding.choices).get(body.get("finding", ""), "")
        if document.kind == DocumentKind.DECISION:
            paper.title = _("QUYẾT ĐỊNH")
            paper.subtitle = _("Về việc giải quyết khiếu nại (lần %(r)s)") % {"r": _("đầu") if case.round == 1 else _("hai")}
            p.append(_("Căn cứ Điều %(a)s Luật Khiếu nại ngày 11 tháng 11 năm 2011;") % {
                "a": "31" if case.round == 1 else "40"})
            p.append(received)
            p.append(_("Kết luận: nội dung khiếu nại là %(f)s.") % {"f": str(finding).lower()})
            p.append(str(body.get("text", "")))
            if case.round == 1:
                p.append(_("Trong thời hạn %(n)s (vùng sâu, vùng xa %(r)s) kể từ ngày nhận được quyết định này, nếu "
                           "không đồng ý, người khiếu nại có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính tại "
                           "Tòa án. Quyết định có hiệu lực pháp luật từ ngày %(d)s nếu không bị khiếu nại, khởi kiện "
                           "(Điều 33, 44 Luật Khiếu nại).") % {
                    "n": rule_text("complaints.window_2nd"), "r": rule_text("complaints.window_2nd_remote"),
                    "d": fmt_date(body.get("final_on"))})
            else:
                p.append(_("Người khiếu nại có quyền khởi kiện vụ án hành chính tại Tòa án theo quy định."))
        else:
            paper.title = _("KẾT LUẬN") if document.kind == DocumentKind.CONCLUSION else _("THÔNG BÁO")
            paper.subtitle = _("Nội dung tố cáo — hồ sơ %(c)s") % {"c": case.code} \
                if document.kind == DocumentKind.CONCLUSION else \
                _("Công khai kết luận nội dung tố cáo — hồ sơ %(c)s") % {"c": case.code}
            paper.addressee = ""
            p.append(_("Căn cứ Điều 35 và Điều 40 Luật Tố cáo ngày 12 tháng 6 năm 2018;"))
            p.append(_("Ngày %(d)s, Ủy ban nhân dân %(u)s thụ lý tố cáo đối với %(r)s, nội dung: %(s)s.") % {
                "d": fmt_date(case.accepted_on), "u": unit.name, "r": case.respondent or _("(không nêu)"),
                "s": case.summary})
            if document.kind == DocumentKind.PUBLICATION:
                p.append(_("Ủy ban nhân dân %(u)s công khai Kết luận số %(n)s ngày %(d)s.") % {
                    "u": unit.name, "n": case.decision_number, "d": fmt_date(case.decided_on)})
            p.append(_("Kết luận: nội dung tố cáo là %(f)s.") % {"f": str(finding).lower()})
            p.append(str(body.get("text", "")))
            p.append(_("Thông tin về người tố cáo được giữ bí mật theo quy định của Luật Tố cáo."))
    elif document.kind == DocumentKind.TERMINATION:
        paper.title = _("QUYẾT ĐỊNH")
        paper.subtitle = _("Về việc đình chỉ giải quyết đơn %(k)s") % {"k": kind_name}
        p.append(_("Căn cứ %(l)s;") % {"l": law})
        p.append(received)
        p.append(_("Người gửi đơn đã rút đơn: %(r)s") % {"r": body.get("reason", "")})
        p.append(_("Điều 1. Đình chỉ việc giải quyết đơn số hồ sơ %(c)s.") % {"c": case.code})
    else:  # ANSWER
        paper.title = _("CÔNG VĂN")
        paper.subtitle = _("Trả lời kiến nghị, phản ánh — hồ sơ %(c)s") % {"c": case.code}
        p.append(received)
        p.append(str(body.get("text", "")))
    paper.receivers = [
        _("- Như trên;") if paper.addressee else _("- Người bị tố cáo, cơ quan quản lý người bị tố cáo;"),
        _("- Thanh tra cấp trên;"),
        _("- Lưu: VT, hồ sơ %(c)s.") % {"c": case.code},
    ]
    return paper
