"""The forms of the Phụ lục of NĐ 59/2023/NĐ-CP for a community decision, as .docx (python-docx) and PDF
(WeasyPrint), on the official page of core.documents (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait, Times New Roman
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

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.documents import (
    Letterhead,
    OfficialDocx,
    Signature,
    date_line,
    fmt_date,
    place_name,
    render_pdf,
)
from danchu.core.legal_rules import rule_text

from .domain import (
    DOCUMENTS_BEFORE_MEETING,
    DOCUMENTS_RULE,
    KIND_SHORT,
    RECOGNISER,
    RULE_THRESHOLD,
    Channel,
    Form,
    Kind,
    Rule,
    State,
    required_yes,
    rule_for,
)
from .models import Decision, VoteMethod

PUBLIC = (1, 3)  # the meeting notice and the decision itself are posted (NĐ59 Art.3.3; Law Art.23.3)
BLANK_DATE = "…/…/……"  # a date the form leaves to be written by hand


class NotAvailable(Exception):
    """The document has nothing to show yet (no meeting, no count…)."""


@dataclass
class Doc:
    number: int
    head: Letterhead  # "ỦY BAN NHÂN DÂN PHƯỜNG CÁI KHẾ" / "KHU VỰC 1", the place and date
    reference: str
    title: str
    subtitle: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # first row = headers
    signatures: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    footnote: str = ""

    @property
    def authority(self) -> str:
        return self.head.authority

    @property
    def issuer(self) -> str:
        return self.head.issuer

    @property
    def date_line(self) -> str:
        return self.head.date_line


def _date_or_blank(day: date | None) -> str:
    return fmt_date(day) or BLANK_DATE


def _pct(n: int, total: int | None) -> str:
    if not total:
        return "0%"
    return f"{n * 100 / total:.2f}%".replace(".", ",")


def _base(decision: Decision, number: int, title: str, subtitle: str, on: date) -> Doc:
    unit = decision.unit
    commune = unit.commune or unit
    head = Letterhead(authority=_("ỦY BAN NHÂN DÂN %(c)s") % {"c": commune.name.upper()},
                      issuer=unit.name.upper() if unit.pk != commune.pk else "",
                      date_line=date_line(place_name(commune.name), on))
    return Doc(number=number, head=head,
               reference=_("Mẫu số %(n)02d — Nghị định 59/2023/NĐ-CP") % {"n": number}, title=title, subtitle=subtitle)


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
    held = _date_or_blank(m.held_on)
    when = (_("%(t)s, ngày %(d)s") % {"t": m.starts_at.strftime("%H giờ %M"), "d": held} if m.starts_at
            else _("Ngày %(d)s") % {"d": held})
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
    if decision.kind in DOCUMENTS_BEFORE_MEETING:
        doc.paragraphs.append(_("Tài liệu liên quan được gửi đến từng hộ gia đình trước ngày họp ít nhất %(n)s.")
                              % {"n": rule_text(DOCUMENTS_RULE)})
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
        result = _("%(a)d/%(t)d thôn, tổ dân phố tán thành (cần %(r)s)") % {
            "a": decision.villages_approving or 0, "t": decision.villages_total or 0,
            "r": RULE_THRESHOLD[Rule.VILLAGES_TWO_THIRDS].describe()}
    else:
        result = _("%(a)d/%(t)d hộ đồng ý (%(p)s), cần ít nhất %(r)d hộ — %(rule)s") % {
            "a": decision.agree, "t": total, "p": _pct(decision.agree, total), "r": required_yes(decision.kind, total),
            "rule": Rule(rule_for(decision.kind)).label.lower()}
    outcome = _("THÔNG QUA") if decision.state not in (State.FAILED,) else _("KHÔNG THÔNG QUA")
    doc.paragraphs = [
        _("a) Thời gian bàn và quyết định: %(d)s.") % {"d": _date_or_blank(decision.decided_on)},
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
    doc.footnote = _("Gửi UBND cấp xã và UB MTTQ cấp xã trong %(n)s (Điều 20.3); cơ quan công nhận: %(r)s.") % {
        "n": rule_text("grassroots.decision_to_commune"), "r": RECOGNISER[decision.kind]}
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
          "%(d)s.") % {"a": _date_or_blank(round_.plan_issued_on), "b": _date_or_blank(round_.notice_on), "c": _date_or_blank(round_.distribute_on),
                       "d": _date_or_blank(round_.deadline)},
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
        _("Biên bản gửi UBND cấp xã chậm nhất %(n)s trước ngày họp bầu.")
        % {"n": rule_text("grassroots.election_candidate_list_min")},
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
    out = OfficialDocx()
    out.letterhead(doc.head)
    out.title(doc.title, doc.subtitle)
    out.body(doc.paragraphs)
    if doc.table:
        out.table(doc.table)
    if doc.footnote:
        out.para(doc.footnote, italic=True, size=12, before=6)
    out.signatures([Signature(role, name) for role, name in doc.signatures])
    out.para(doc.reference, italic=True, size=10, before=12)
    return out.bytes()


def build_pdf(doc: Doc) -> bytes:
    pairs = [doc.signatures[i:i + 2] for i in range(0, len(doc.signatures), 2)]
    return render_pdf("decisions/documents/form.html", {"doc": doc, "head": doc.head, "title": doc.title,
                                                        "signature_rows": pairs})


def render(decision: Decision, number: int, ext: str, *, public: bool = False) -> bytes:
    """One form as .docx or PDF on the official page of core.documents, always in Vietnamese (an official document,
    whoever asks). The public copy of Mẫu 03 leaves out the list of households that voted online (kept in the
    staff copy, NĐ59 Art.5)."""
    with translation.override(settings.LANGUAGE_CODE):
        doc = BUILDERS[number](decision)
        if public and number == 3:
            doc.table = []
        return build_docx(doc) if ext == "docx" else build_pdf(doc)
