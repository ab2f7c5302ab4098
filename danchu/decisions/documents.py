"""The forms of the Phụ lục of NĐ 59/2023/NĐ-CP for a community decision, as .docx (python-docx) and PDF
(WeasyPrint), in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4 portrait, Times New Roman
13–14 pt, issuing body top-left with a short rule, national heading with the underlined motto, place and date,
title, body, signature blocks.

- Mẫu 01: thông tin về cuộc họp cộng đồng dân cư (NĐ59 Art.3.3);
- Mẫu 02: biên bản kiểm phiếu biểu quyết kín tại cuộc họp (Art.3.5.c), 03 copies;
- Mẫu 03: biên bản / nghị quyết của cộng đồng dân cư with the fields of Law Art.20.2 (time, total households,
  present, absent, content, form, result, decision content, signatures of the village head, the head of the
  Front's village committee and 02 household representatives); also the minutes of an online vote (Art.5);
- Mẫu 04: biên bản kiểm phiếu lấy ý kiến hộ gia đình (Art.4.6.a);
- Mẫu 05: biên bản họp Ban công tác Mặt trận giới thiệu người ứng cử (Art.6.2) — for K4/K5 decisions, from the
  candidates written in the decision's options.

The forms' exact printed layout was not available (legal_rules.md names them, §1.h); each document carries the
fields the articles require. Names are printed only where the law asks for a signature (chair, secretary, team,
witnesses); no household's individual choice is ever printed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core import clock

from .domain import KIND_SHORT, RECOGNISER, Channel, Form, Kind, Rule, State, required_yes, rule_for
from .models import Decision, VoteMethod

PUBLIC = (1, 3)  # the meeting notice and the decision itself are posted (NĐ59 Art.3.3; Law Art.23.3)
_PREFIXES = ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


class NotAvailable(Exception):
    """The document has nothing to show yet (no meeting, no count…)."""


@dataclass
class Doc:
    number: int
    authority: str  # "ỦY BAN NHÂN DÂN PHƯỜNG CÁI KHẾ"
    issuer: str  # "KHU VỰC 1"
    reference: str
    date_line: str
    title: str
    subtitle: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # first row = headers
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    footnote: str = ""


def _place(unit) -> str:
    commune = unit.commune or unit
    name = commune.name
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _date_line(unit, on: date) -> str:
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)d") % {"place": _place(unit), "d": f"{on.day:02d}",
                                                                "m": month, "y": on.year}


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…/…/……"


def _pct(n: int, total: int | None) -> str:
    if not total:
        return "0%"
    return f"{n * 100 / total:.2f}%".replace(".", ",")


def _base(decision: Decision, number: int, title: str, subtitle: str, on: date) -> Doc:
    unit = decision.unit
    commune = unit.commune or unit
    return Doc(number=number, authority=_("ỦY BAN NHÂN DÂN %(c)s") % {"c": commune.name.upper()},
               issuer=unit.name.upper() if unit.pk != commune.pk else "", reference=_("Mẫu số %(n)02d — Nghị định "
                                                                                        "59/2023/NĐ-CP") % {"n": number},
               date_line=_date_line(unit, on), title=title, subtitle=subtitle)


def _village_signatures(decision: Decision, witnesses=()) -> list[tuple[str, str]]:
    chair = ""
    meeting = decision.meetings.order_by("held_on").first()
    if meeting:
        chair = meeting.chair_name
    rows = [(_("TRƯỞNG THÔN, TỔ TRƯỞNG TỔ DÂN PHỐ"), chair), (_("TRƯỞNG BAN CÔNG TÁC MẶT TRẬN"), "")]
    for i, w in enumerate(witnesses, start=1):
        rows.append((_("ĐẠI DIỆN HỘ GIA ĐÌNH %(n)d") % {"n": i}, w.representative_name if w else ""))
    while len(rows) < 4:
        rows.append((_("ĐẠI DIỆN HỘ GIA ĐÌNH %(n)d") % {"n": len(rows) - 1}, ""))
    return rows


def build_01(decision: Decision) -> Doc:
    meetings = list(decision.meetings.order_by("held_on", "id"))
    if not meetings:
        raise NotAvailable
    m = meetings[-1]
    doc = _base(decision, 1, _("THÔNG TIN VỀ CUỘC HỌP CỘNG ĐỒNG DÂN CƯ"), decision.unit.name, m.notice_on)
    when = _("%(t)s, ngày %(d)s") % {"t": m.starts_at.strftime("%H giờ %M"), "d": _d(m.held_on)} if m.starts_at \
        else _("Ngày %(d)s") % {"d": _d(m.held_on)}
    doc.paragraphs = [
        _("Kính gửi: Đại diện các hộ gia đình %(v)s.") % {"v": decision.unit.name},
        _("Thực hiện Luật Thực hiện dân chủ ở cơ sở và Nghị định số 59/2023/NĐ-CP, %(v)s tổ chức cuộc họp cộng đồng "
          "dân cư để Nhân dân bàn và quyết định nội dung sau:") % {"v": decision.unit.name},
        _("1. Nội dung: %(t)s (%(k)s).") % {"t": decision.title, "k": KIND_SHORT[decision.kind]},
        decision.content,
        _("2. Thời gian: %(w)s.") % {"w": when},
        _("3. Địa điểm: %(p)s%(c)s.") % {"p": m.place, "c": (" — " + _("cụm dân cư %(c)s") % {"c": m.cluster})
                                           if m.cluster else ""},
        _("4. Thành phần: Trưởng thôn, tổ trưởng tổ dân phố; Ban công tác Mặt trận; đại diện các hộ gia đình."),
        _("5. Nội dung được thông qua khi %(r)s của %(v)s đồng ý (Điều 21 Luật Thực hiện dân chủ ở cơ sở).") % {
            "r": Rule(rule_for(decision.kind)).label.lower(), "v": decision.unit.name},
    ]
    if decision.options:
        doc.paragraphs.insert(4, _("Phương án đưa ra biểu quyết: %(o)s") % {"o": decision.options})
    if decision.kind in (Kind.K1, Kind.K2, Kind.K3):
        doc.paragraphs.append(_("Tài liệu liên quan được gửi đến từng hộ gia đình trước ngày họp ít nhất 02 ngày."))
    doc.paragraphs.append(_("Đề nghị đại diện hộ gia đình đến dự họp đúng thời gian."))
    doc.signatures = [(_("NGƯỜI TRIỆU TẬP"), m.chair_name)]
    return doc


def build_02(decision: Decision) -> Doc:
    meeting = decision.meetings.filter(vote_method=VoteMethod.SECRET).exclude(recorded_at=None).first()
    if meeting is None:
        raise NotAvailable
    present = meeting.attendances.count()
    counted = meeting.secret_agree + meeting.secret_disagree + meeting.secret_other
    doc = _base(decision, 2, _("BIÊN BẢN KIỂM PHIẾU"), _("Biểu quyết bằng bỏ phiếu kín tại cuộc họp cộng đồng dân cư"),
                meeting.held_on)
    doc.paragraphs = [
        _("Nội dung biểu quyết: %(t)s.") % {"t": decision.title},
        _("Ban kiểm phiếu gồm: %(t)s.") % {"t": "; ".join(meeting.count_team)},
        _("Đại diện hộ gia đình chứng kiến: %(a)s; %(b)s.") % {
            "a": meeting.witness_1.representative_name if meeting.witness_1 else "",
            "b": meeting.witness_2.representative_name if meeting.witness_2 else ""},
        _("Số phiếu phát ra: %(p)d; số phiếu thu về: %(c)d.") % {"p": present, "c": counted},
    ]
    doc.table = [[_("Ý kiến"), _("Số phiếu"), _("Tỷ lệ so với số hộ dự họp")],
                 [_("Đồng ý"), str(meeting.secret_agree), _pct(meeting.secret_agree, present)],
                 [_("Không đồng ý"), str(meeting.secret_disagree), _pct(meeting.secret_disagree, present)],
                 [_("Ý kiến khác"), str(meeting.secret_other), _pct(meeting.secret_other, present)]]
    doc.footnote = _("Biên bản lập thành 03 bản: gửi UBND cấp xã, UB MTTQ cấp xã và lưu tại thôn, tổ dân phố.")
    doc.signatures = [(_("TRƯỞNG BAN KIỂM PHIẾU"), meeting.count_team[0] if meeting.count_team else "")] + [
        (_("ĐẠI DIỆN HỘ GIA ĐÌNH CHỨNG KIẾN"), w.representative_name) for w in (meeting.witness_1, meeting.witness_2)
        if w]
    return doc


def build_03(decision: Decision) -> Doc:
    if not decision.has_result:
        raise NotAvailable
    online = decision.result_form == Form.ONLINE
    title = _("BIÊN BẢN BIỂU QUYẾT TRỰC TUYẾN") if online else _("BIÊN BẢN CUỘC HỌP / NGHỊ QUYẾT CỦA CỘNG ĐỒNG DÂN CƯ")
    doc = _base(decision, 3, title, decision.unit.name, decision.result_on or clock.today())
    total = decision.household_total or 0
    if decision.scope == "commune":
        result = _("%(a)d/%(t)d thôn, tổ dân phố tán thành (cần từ 2/3 trở lên)") % {
            "a": decision.villages_approving or 0, "t": decision.villages_total or 0}
    else:
        result = _("%(a)d/%(t)d hộ đồng ý (%(p)s), cần ít nhất %(r)d hộ — %(rule)s") % {
            "a": decision.agree, "t": total, "p": _pct(decision.agree, total), "r": required_yes(decision.kind, total),
            "rule": Rule(rule_for(decision.kind)).label.lower()}
    outcome = _("THÔNG QUA") if decision.state not in (State.FAILED,) else _("KHÔNG THÔNG QUA")
    doc.paragraphs = [
        _("a) Thời gian bàn và quyết định: %(d)s.") % {"d": _d(decision.decided_on)},
        # Art.20.2(b): present = households whose representative took part (attendance, ballot, online vote);
        # absent = total − present; households present that did not vote are abstentions, reported in đ)
        _("b) Tổng số hộ gia đình: %(t)d; số đại diện hộ gia đình tham gia: %(p)d; số hộ không có đại diện tham gia: "
          "%(a)d.") % {"t": total, "p": decision.participating, "a": max(0, total - decision.participating)},
        _("c) Nội dung bàn: %(t)s — %(c)s") % {"t": decision.title, "c": decision.content},
        _("d) Hình thức quyết định: %(f)s.") % {"f": Form(decision.result_form).label if decision.result_form else ""},
        _("đ) Kết quả biểu quyết: đồng ý %(a)d; không đồng ý %(n)d; ý kiến khác %(o)d; tham gia nhưng không biểu "
          "quyết %(x)d; %(r)s.") % {"a": decision.agree, "n": decision.disagree, "o": decision.other,
                                    "x": decision.abstained, "r": result},
        _("e) Nội dung quyết định: %(o)s — %(v)s.") % {"o": decision.options or decision.title, "v": outcome},
    ]
    if online and decision.poll_id:
        poll = decision.poll
        doc.paragraphs.append(_("Thời gian biểu quyết: từ %(a)s đến %(b)s. Danh sách đại diện hộ tham gia kèm theo.") % {
            "a": timezone.localtime(poll.opens_at).strftime("%H:%M %d/%m/%Y"),
            "b": timezone.localtime(poll.closed_at or poll.closes_at).strftime("%H:%M %d/%m/%Y")})
        from django.core.exceptions import ValidationError

        from danchu.evoting import services as evoting

        try:
            voters = list(evoting.participants(poll))
        except ValidationError:  # results still hidden
            voters = []
        doc.table = [[_("STT"), _("Mã hộ"), _("Đại diện hộ tham gia")]] + [
            [str(i), h.code, h.representative_name] for i, h in enumerate(voters, start=1)]
    doc.footnote = _("Gửi UBND cấp xã và UB MTTQ cấp xã trong 05 ngày làm việc (Điều 20.3); cơ quan công nhận: %(r)s.") \
        % {"r": RECOGNISER[decision.kind]}
    witnesses = ()
    round_ = getattr(decision, "ballot_round", None)
    if round_ is not None:
        witnesses = (round_.witness_1, round_.witness_2)
    else:
        meeting = decision.meetings.exclude(witness_1=None).first()
        if meeting:
            witnesses = (meeting.witness_1, meeting.witness_2)
    doc.signatures = _village_signatures(decision, witnesses)
    return doc


def build_04(decision: Decision) -> Doc:
    round_ = getattr(decision, "ballot_round", None)
    if round_ is None or round_.state != "closed":
        raise NotAvailable
    total = decision.household_total or 0
    ballots = decision.positions.filter(channel=Channel.BALLOT)
    counts = {c: ballots.filter(choice=c).count() for c in ("agree", "disagree", "other")}
    doc = _base(decision, 4, _("BIÊN BẢN KIỂM PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH"), decision.title,
                clock.local_date(round_.closed_at))
    doc.paragraphs = [
        _("Kế hoạch phát phiếu ban hành ngày %(a)s; thông báo ngày %(b)s; phát phiếu ngày %(c)s; hạn thu phiếu "
          "%(d)s.") % {"a": _d(round_.plan_issued_on), "b": _d(round_.notice_on), "c": _d(round_.distribute_on),
                       "d": _d(round_.deadline)},
        _("Tổ phát phiếu: %(t)s (tổ trưởng: %(l)s).") % {"t": "; ".join(round_.team), "l": round_.leader_name},
        _("Đại diện hộ gia đình chứng kiến kiểm phiếu: %(a)s; %(b)s.") % {
            "a": round_.witness_1.representative_name if round_.witness_1 else "",
            "b": round_.witness_2.representative_name if round_.witness_2 else ""},
        _("Tổng số hộ gia đình: %(t)d; số phiếu phát ra: %(t)d; số phiếu thu về: %(r)d.") % {
            "t": total, "r": ballots.count()},
        _("Kết quả chung (mỗi hộ một ý kiến, gồm cả ý kiến đã biểu quyết tại cuộc họp): đồng ý %(a)d/%(t)d hộ "
          "(%(p)s); cần ít nhất %(r)d hộ. Kết luận: %(o)s.") % {
            "a": decision.agree, "t": total, "p": _pct(decision.agree, total), "r": required_yes(decision.kind, total),
            "o": _("THÔNG QUA") if decision.state != State.FAILED else _("KHÔNG THÔNG QUA")},
    ]
    doc.table = [[_("Ý kiến trên phiếu"), _("Số phiếu"), _("Tỷ lệ so với tổng số hộ")],
                 [_("Đồng ý"), str(counts["agree"]), _pct(counts["agree"], total)],
                 [_("Không đồng ý"), str(counts["disagree"]), _pct(counts["disagree"], total)],
                 [_("Ý kiến khác"), str(counts["other"]), _pct(counts["other"], total)]]
    doc.signatures = [(_("TỔ TRƯỞNG TỔ PHÁT PHIẾU"), round_.leader_name)] + [
        (_("ĐẠI DIỆN HỘ GIA ĐÌNH CHỨNG KIẾN"), w.representative_name) for w in (round_.witness_1, round_.witness_2)
        if w]
    return doc


def build_05(decision: Decision) -> Doc:
    if decision.kind not in (Kind.K4, Kind.K5):
        raise NotAvailable
    doc = _base(decision, 5, _("BIÊN BẢN HỌP BAN CÔNG TÁC MẶT TRẬN"),
                _("Giới thiệu người ứng cử — %(t)s") % {"t": decision.title}, clock.today())
    candidates = [line.strip() for line in decision.options.splitlines() if line.strip()]
    doc.paragraphs = [
        _("Ban công tác Mặt trận %(v)s họp, sau khi thống nhất với chi bộ, giới thiệu danh sách người ứng cử "
          "(Nghị định 59/2023/NĐ-CP, Điều 6.2).") % {"v": decision.unit.name},
        _("Biên bản gửi UBND cấp xã chậm nhất 15 ngày trước ngày họp bầu."),
    ]
    doc.table = [[_("STT"), _("Người được giới thiệu")]] + [[str(i), c] for i, c in enumerate(candidates, start=1)]
    doc.signatures = [(_("TRƯỞNG BAN CÔNG TÁC MẶT TRẬN"), ""), (_("THƯ KÝ"), "")]
    return doc


BUILDERS = {1: build_01, 2: build_02, 3: build_03, 4: build_04, 5: build_05}
TITLES = {1: _("Mẫu 01 — Thông tin cuộc họp"), 2: _("Mẫu 02 — Biên bản kiểm phiếu kín"),
          3: _("Mẫu 03 — Biên bản / nghị quyết"), 4: _("Mẫu 04 — Biên bản kiểm phiếu lấy ý kiến"),
          5: _("Mẫu 05 — Biên bản Ban công tác Mặt trận")}


def available(decision: Decision) -> list[tuple[int, str]]:
    out = []
    for number, builder in BUILDERS.items():
        try:
            with translation.override(settings.LANGUAGE_CODE):
                builder(decision)
        except NotAvailable:
            continue
        out.append((number, str(TITLES[number])))
    return out


def build_docx(doc: Doc) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, underline=False,
             space_before=0, space_after=0, indent=False):
        p = container.add_paragraph() if container is not None else document.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(space_before), Pt(space_after)
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return p

    def short_rule(p, indent_mm):
        p.paragraph_format.left_indent, p.paragraph_format.right_indent = Mm(indent_mm), Mm(indent_mm)
        borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p._p.get_or_add_pPr().append(borders)

    center = WD_ALIGN_PARAGRAPH.CENTER
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    lp = left.paragraphs[0]
    lp.alignment = center
    lp.add_run(doc.authority).font.size = Pt(13)
    p = para(left, doc.issuer or " ", bold=True, size=13, align=center)
    short_rule(p, 18)
    rp = right.paragraphs[0]
    rp.alignment = center
    run = rp.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    run.bold, run.font.size = True, Pt(13)
    para(right, _("Độc lập - Tự do - Hạnh phúc"), bold=True, size=14, underline=True, align=center)
    para(right, doc.date_line, italic=True, size=14, align=center, space_before=6)
    para(None, doc.title, bold=True, size=14, align=center, space_before=18)
    para(None, doc.subtitle, bold=True, size=14, align=center, space_after=12)
    for text in doc.paragraphs:
        para(None, text, indent=True, space_after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if doc.table:
        table = document.add_table(rows=0, cols=len(doc.table[0]))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, row in enumerate(doc.table):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                r = cell.paragraphs[0].add_run(value)
                r.bold = i == 0
                if i == 0:
                    cell.paragraphs[0].alignment = center
    if doc.footnote:
        para(None, doc.footnote, italic=True, size=12, space_before=6)
    sign = document.add_table(rows=0, cols=2)
    for i in range(0, len(doc.signatures), 2):
        cells = sign.add_row().cells
        for cell, (role, name) in zip(cells, doc.signatures[i:i + 2], strict=False):
            cp = cell.paragraphs[0]
            cp.alignment = center
            cp.paragraph_format.space_before = Pt(12)
            cp.add_run(role).bold = True
            para(cell, _("(Ký, ghi rõ họ tên)"), italic=True, size=13, align=center, space_after=48)
            para(cell, name or " ", bold=True, align=center)
    para(None, doc.reference, italic=True, size=10, space_before=12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pdf(doc: Doc) -> bytes:
    from weasyprint import HTML

    pairs = [doc.signatures[i:i + 2] for i in range(0, len(doc.signatures), 2)]
    html = render_to_string("decisions/documents/form.html", {"doc": doc, "signature_rows": pairs})
    return HTML(string=html).write_pdf()


def render(decision: Decision, number: int, ext: str, *, public: bool = False) -> bytes:
    """One form as .docx or PDF, always in Vietnamese (an official document, whoever asks). The public copy of
    Mẫu 03 leaves out the list of households that voted online (kept in the staff copy, NĐ59 Art.5)."""
    with translation.override(settings.LANGUAGE_CODE):
        doc = BUILDERS[number](decision)
        if public and number == 3:
            doc.table = []
        return build_docx(doc) if ext == "docx" else build_pdf(doc)
