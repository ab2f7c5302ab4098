"""The recognition decision of a convention with the recognised text as its annex, as .docx and PDF, on the
official page of core.documents (Nghị định 30/2020/NĐ-CP, Phụ lục I): issuing body and national heading, number
and place-date line, title and subject, legal bases, articles, "Nơi nhận" and the signature block; the annex starts
on a new page with the title and "(Ban hành kèm theo Quyết định số …)".

The wording follows the structure of the recognition decision of NĐ61 Art.11.3.b (Mẫu 03 of its appendix, whose
exact text was not available in the project's reference: the articles below are the project's own wording) and
is always Vietnamese, whatever the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.documents import Letterhead, OfficialDocx, date_line, place_name, render_pdf

from .models import Convention


@dataclass
class Decision:
    head: Letterhead
    subject: str
    authority: str
    bases: list[str]
    articles: list[str]
    receivers: list[str]
    signer: str
    annex_title: str
    annex_subtitle: str
    annex_lines: list[str] = field(default_factory=list)

    @property
    def date_line(self) -> str:
        return self.head.date_line


def decision_content(convention: Convention) -> Decision:
    """The text of the decision, from the recorded facts (adoption vote, dossier, decision number and date)."""
    if convention.in_force_version_id is None:
        raise ValueError("only a recognised convention has a recognition decision")
    with translation.override(settings.LANGUAGE_CODE):
        return _content(convention)


def _content(convention: Convention) -> Decision:
    commune, village, version = convention.village.parent, convention.village, convention.in_force_version
    kind = convention.get_kind_display()
    vote = convention.votes.filter(version=version, outcome="adopted").order_by("-held_on").first()
    decided = version.recognised_on
    bases = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
        _("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;"),
        _("Căn cứ Nghị định số 61/2023/NĐ-CP ngày 16 tháng 8 năm 2023 của Chính phủ về xây dựng và thực hiện "
          "hương ước, quy ước của cộng đồng dân cư;"),
    ]
    request = _("Xét đề nghị của Trưởng %(v)s") % {"v": village.name}
    if convention.submitted_on:
        request += _(" tại hồ sơ đề nghị công nhận gửi ngày %(d)s") % {"d": convention.submitted_on.strftime("%d/%m/%Y")}
    bases.append(request + ".")
    adopted = ""
    if vote is not None:
        adopted = _(", được cộng đồng dân cư thông qua ngày %(d)s với %(a)d/%(t)d hộ gia đình tán thành "
                    "(%(m)s)") % {"d": vote.held_on.strftime("%d/%m/%Y"), "a": vote.approve, "t": vote.households_total,
                                  "m": vote.get_method_display().lower()}
    articles = [
        _("Điều 1. Công nhận %(k)s %(t)s%(adopted)s (kèm theo toàn văn).") % {
            "k": kind.lower(), "t": _strip_kind(convention.title, kind), "adopted": adopted},
        _("Điều 2. Quyết định này có hiệu lực kể từ ngày ký. %(k)s được công nhận có hiệu lực thi hành trên địa bàn "
          "%(v)s.") % {"k": kind, "v": village.name},
        _("Điều 3. Văn phòng Ủy ban nhân dân %(c)s, Trưởng %(v)s, Ban công tác Mặt trận %(v)s và các tổ chức, cá nhân "
          "có liên quan chịu trách nhiệm thi hành Quyết định này.") % {"c": commune.name, "v": village.name},
    ]
    receivers = [
        _("- Như Điều 3;"),
        _("- Ban Thường trực Ủy ban MTTQ Việt Nam %(c)s;") % {"c": commune.name},
        _("- Trưởng %(v)s;") % {"v": village.name},
        _("- Lưu: VT."),
    ]
    return Decision(
        head=Letterhead(authority=_("ỦY BAN NHÂN DÂN"), issuer=commune.name.upper(),
                        number=_("Số: %(n)s") % {"n": version.recognition_number},
                        date_line=date_line(place_name(commune.name), decided)),
        subject=_("Về việc công nhận %(t)s") % {"t": _lower_first(convention.title)},
        authority=_("ỦY BAN NHÂN DÂN %(c)s") % {"c": commune.name.upper()},
        bases=bases, articles=articles, receivers=receivers, signer=convention.signer,
        annex_title=convention.title.upper(),
        annex_subtitle=_("(Ban hành kèm theo Quyết định số %(n)s ngày %(d)s của Ủy ban nhân dân %(c)s)") % {
            "n": version.recognition_number, "d": decided.strftime("%d/%m/%Y"), "c": commune.name},
        annex_lines=[line for line in version.text.splitlines()],
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _strip_kind(title: str, kind: str) -> str:
    """"Quy ước Khu vực 1 về …" → "Khu vực 1 về …" after "Công nhận quy ước"."""
    return title[len(kind) + 1:] if title.lower().startswith(kind.lower() + " ") else title


def is_heading(line: str) -> bool:
    """A chapter or part heading of the annexed text, centred and bold."""
    return line.strip().upper().startswith(("CHƯƠNG", "PHẦN"))


def build_docx(d: Decision) -> bytes:
    from docx.enum.text import WD_BREAK

    with translation.override(settings.LANGUAGE_CODE):
        doc = OfficialDocx()
        doc.letterhead(d.head)
        doc.title(_("QUYẾT ĐỊNH"), d.subject, after=6)
        doc.para(d.authority, bold=True, align="center", after=6)
        for line in d.bases:
            doc.para(line, italic=True, align="justify", indent=True, after=3)
        doc.para(_("QUYẾT ĐỊNH:"), bold=True, align="center", before=6, after=6)
        for line in d.articles:
            p = doc.para(align="justify", indent=True, after=6)
            head_text, _sep, rest = line.partition(". ")
            doc.run(p, head_text + ". ", bold=True)
            doc.run(p, rest)
        doc.receivers_and_signature(d.receivers, on_behalf=_("TM. ỦY BAN NHÂN DÂN"), role=_("CHỦ TỊCH"), name=d.signer)
        doc.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # the annex on a new page
        doc.para(d.annex_title, bold=True, align="center")
        doc.para(d.annex_subtitle, italic=True, align="center", after=12)
        for line in d.annex_lines:
            heading = is_heading(line)
            doc.para(line, bold=heading, align="center" if heading else "justify", indent=not heading, after=3)
        return doc.bytes()


def build_pdf(d: Decision) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("conventions/documents/recognition.html", {"d": d, "head": d.head, "title": d.subject})


def file_name(convention: Convention) -> str:
    """The download's name (core.exports makes it ASCII-safe and keeps the Vietnamese one in filename*)."""
    return f"Quyết định công nhận {convention.title}"[:80]
