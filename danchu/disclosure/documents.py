"""Documents generated from the disclosure register.

- The QUARTERLY LIST (Law 10/2022/QH15 Art.13.2: "Danh sách các nội dung đã được thực hiện công khai kèm
  theo hình thức, thời gian thực hiện được lập, cập nhật theo từng quý"), as .docx (python-docx) and PDF
  (WeasyPrint), in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, Times New Roman,
  national heading with the underlined motto, issuing body top-left, place and date, title, table,
  signature block "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" and "Nơi nhận". The table is laid out landscape,
  which NĐ 30 allows for a document made of a table.
- A loudspeaker script (Art.12.1.c, 13.3: items 7–12 read out for at least 03 consecutive days) and a short
  SMS text (Art.13.4: SMS to the household representative) for one item.

`quarterly_list_items(commune, year, quarter)` gives the rows; the register may post the list itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.documents import Letterhead, OfficialDocx, date_line, fmt_date, place_name, render_pdf
from danchu.core.legal_rules import rule_text
from danchu.core.notify import sms_text
from danchu.units.domain import OrganisationKind
from danchu.units.models import Appointment

from .domain import CATEGORY_BY_NUMBER, ItemStatus, check_quarter_started, quarter_bounds
from .models import DisclosureItem, DisclosureItemVersion, Posting

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class QuarterRow:
    number: int
    item_pk: int
    title: str
    category: int
    category_label: str
    document: str
    forms: list[str] = field(default_factory=list)  # "channel — place", one per posting
    periods: list[str] = field(default_factory=list)  # "from – to", aligned with forms
    withdrawn: bool = False

    @property
    def places(self) -> list[tuple[str, str]]:
        """(form and place, time) per posting: one line of the table each, so that they always line up."""
        return list(zip(self.forms, self.periods, strict=True))


# --- the quarterly list ----------------------------------------------------------------------------


def _document_text(item) -> str:
    parts = []
    if item.decision_number:
        parts.append(_("Số %(n)s") % {"n": item.decision_number})
    if item.decision_date:
        parts.append(_("ngày %(d)s") % {"d": fmt_date(item.decision_date)})
    text = " ".join(parts)
    if item.decision_issuer:
        text = f"{text} — {item.decision_issuer}" if text else item.decision_issuer
    return text


def quarterly_list_items(commune, year: int, quarter: int) -> list[QuarterRow]:
    """What the commune disclosed in the quarter (Art.13.2): items published in it, or with a posting period
    overlapping it (permanent postings of Art.11.4 and 11.13 appear every quarter), with forms and times."""
    start, end = quarter_bounds(year, quarter)
    overlapping = Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start))
    postings = Posting.objects.filter(overlapping).select_related("village").order_by("start", "channel", "pk")
    # a (re-)publication in the quarter counts: each version keeps its date, while `published_on` of a permanent
    # item moves to its latest re-publication (Art.14.1) — an item re-published later still belongs here
    versions = DisclosureItemVersion.objects.filter(item=OuterRef("pk")).order_by("published_on")
    items = (
        DisclosureItem.objects.filter(commune=commune, status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN],
                                      published_on__isnull=False)
        .annotate(first_on=Coalesce(Subquery(versions.values("published_on")[:1]), F("published_on")),
                  quarter_on=Subquery(versions.filter(published_on__range=(start, end)).values("published_on")[:1]))
        .filter(first_on__lte=end)
        .filter(Q(published_on__range=(start, end)) | Q(quarter_on__isnull=False)
                | Exists(Posting.objects.filter(overlapping, item=OuterRef("pk"))))
        .prefetch_related(Prefetch("postings", queryset=postings, to_attr="quarter_postings"))
        .annotate(sort_on=Coalesce("quarter_on", "first_on"))
        .order_by("sort_on", "pk")
    )
    rows = []
    for number, item in enumerate(items, start=1):
        category = CATEGORY_BY_NUMBER.get(item.category)
        row = QuarterRow(
            number=number, item_pk=item.pk, title=item.title, category=item.category,
            category_label=_("Khoản %(n)d Điều 11") % {"n": item.category}
            + (f" ({category.short})" if category else ""),
            document=_document_text(item), withdrawn=item.status == ItemStatus.WITHDRAWN,
        )
        for posting in item.quarter_postings:
            where = [str(posting.get_channel_display())]
            if posting.village_id:
                where.append(posting.village.name)
            if posting.place:
                where.append(posting.place)
            row.forms.append(" — ".join(where))
            row.periods.append(_("%(a)s – %(b)s") % {"a": fmt_date(posting.start), "b": fmt_date(posting.end)}
                               if posting.end else _("từ %(a)s (thường xuyên)") % {"a": fmt_date(posting.start)})
        if not row.forms:
            row.forms.append(_("Trang công khai điện tử"))
            row.periods.append(_("từ %(a)s") % {"a": fmt_date(item.quarter_on or item.published_on)})
        rows.append(row)
    return rows


@dataclass
class QuarterHeading:
    commune_name: str
    issuer_upper: str  # "PHƯỜNG CÁI KHẾ"
    date_line: str
    title: str
    subtitle: str
    chairman: str
    year: int
    quarter: int


def quarterly_heading(commune, year: int, quarter: int, *, on: date) -> QuarterHeading:
    chairman = (
        Appointment.objects.active_on(on)
        .filter(position__organisation__unit=commune, position__organisation__kind=OrganisationKind.UBND,
                position__is_head=True, position__organisation__dissolved_on__isnull=True)
        .order_by("start").values_list("holder_name", flat=True).first()
    ) or ""
    return QuarterHeading(
        commune_name=commune.name, issuer_upper=commune.name.upper(), date_line=date_line(place_name(commune.name), on),
        title=_("DANH SÁCH"),
        subtitle=_("Các nội dung đã thực hiện công khai quý %(q)s năm %(y)d") % {"q": ROMAN[quarter], "y": year},
        chairman=chairman, year=year, quarter=quarter,
    )


def receivers(commune_name: str) -> list[str]:
    """"Nơi nhận": HĐND and the Fatherland Front of the commune (Art.14.3), the posting places (Art.13.2)."""
    return [
        _("- Thường trực HĐND %(c)s;") % {"c": commune_name},
        _("- Ban Thường trực Ủy ban MTTQ Việt Nam %(c)s;") % {"c": commune_name},
        _("- Ban Thanh tra nhân dân;"),
        _("- Niêm yết tại trụ sở UBND và nhà văn hóa thôn, tổ dân phố;"),
        _("- Lưu: VT."),
    ]


def table_headers() -> list[str]:
    return [_("STT"), _("Nội dung công khai"), _("Lĩnh vực (Điều 11)"), _("Văn bản quyết định"),
            _("Hình thức, địa điểm công khai"), _("Thời gian công khai (từ – đến)")]


def letterhead(heading: QuarterHeading) -> Letterhead:
    return Letterhead(authority=_("ỦY BAN NHÂN DÂN"), issuer=heading.issuer_upper, number=_("Số:       /DS-UBND"),
                      date_line=heading.date_line)


def build_quarterly_docx(heading: QuarterHeading, rows: list[QuarterRow]) -> bytes:
    """The list on the NĐ 30/2020 page (core.documents), landscape: a document made of a table."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = OfficialDocx(landscape=True, font_size=13)
    doc.letterhead(letterhead(heading))
    doc.title(heading.title, heading.subtitle, after=0)
    doc.para(_("(Theo khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15)"), italic=True, size=13,
             align="center", after=12)

    widths = [Mm(14), Mm(60), Mm(34), Mm(40), Mm(64), Mm(40)]  # 252 mm: the landscape text width
    table = doc.document.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it; Word reads the cells' widths)
    for cell, text, width in zip(table.rows[0].cells, table_headers(), widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.run(cell.paragraphs[0], text, bold=True)
    # repeat the header row on every page
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    for row in rows:
        # one table row per place, the form and its time side by side; the item's cells span them all
        lines = [table.add_row() for _place in row.places]
        title = row.title + (" " + _("(đã gỡ)") if row.withdrawn else "")
        for line, (form, period) in zip(lines, row.places, strict=True):
            for cell, width in zip(line.cells, widths, strict=True):
                cell.width = width
            line.cells[4].paragraphs[0].add_run(form)
            line.cells[5].paragraphs[0].add_run(period)
        first, last = lines[0].cells, lines[-1].cells
        for column, value in enumerate([str(row.number), title, row.category_label, row.document]):
            cell = first[column].merge(last[column]) if len(lines) > 1 else first[column]
            cell.paragraphs[0].add_run(value)
        first[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not rows:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].add_run(_("Không có nội dung công khai trong quý."))

    doc.receivers_and_signature(receivers(heading.commune_name), on_behalf=_("TM. ỦY BAN NHÂN DÂN"),
                                role=_("CHỦ TỊCH"), name=heading.chairman)
    return doc.bytes()


def build_quarterly_pdf(heading: QuarterHeading, rows: list[QuarterRow]) -> bytes:
    return render_pdf("disclosure/documents/quarterly_list.html", {
        "heading": heading, "head": letterhead(heading), "landscape": True, "rows": rows,
        "headers": table_headers(), "receivers": receivers(heading.commune_name),
    })


# --- one item: loudspeaker script and SMS ----------------------------------------------------------


def _item_places(item) -> list[str]:
    """Where the documents are posted (Art.13.2), as places to name in a sentence ("niêm yết tại: …"): the
    commune HQ and the villages' cultural houses — not the channel names, nor the loudspeaker, SMS or portal."""
    from .domain import Channel

    places = []
    postings = item.postings.filter(channel__in=[Channel.COMMUNE_HQ, Channel.VILLAGE_HOUSE])
    for posting in postings.select_related("village").order_by("start", "pk"):
        if posting.channel == Channel.COMMUNE_HQ:
            where = posting.place or _("trụ sở HĐND, UBND %(c)s") % {"c": item.commune.name}
        elif posting.village_id:
            where = f"{posting.place} {posting.village.name}" if posting.place else \
                _("nhà văn hóa %(v)s") % {"v": posting.village.name}
        else:
            where = posting.place or _("nhà văn hóa thôn, tổ dân phố")
        if where not in places:
            places.append(where)
    return places


def loudspeaker_script(item) -> str:
    """Plain text for the commune loudspeaker (Art.12.1.c; Art.13.3: items 7–12 for the loudspeaker period):
    greeting, the content, where to read the documents, the dates said twice."""
    commune = item.commune.name
    category = CATEGORY_BY_NUMBER.get(item.category)
    published = fmt_date(item.published_on)
    places = _item_places(item) or [_("trụ sở Ủy ban nhân dân %(c)s") % {"c": commune}]
    lines = [
        _("Kính thưa bà con Nhân dân %(c)s!") % {"c": commune},
        "",
        _("Thực hiện Luật Thực hiện dân chủ ở cơ sở, Ủy ban nhân dân %(c)s thông báo công khai nội dung sau:")
        % {"c": commune},
        "",
        item.title + ".",
    ]
    if category:
        lines.append(_("Lĩnh vực: %(t)s.") % {"t": category.title})
    doc = _document_text(item)
    if doc:
        lines.append(_("Căn cứ văn bản: %(d)s.") % {"d": doc})
    if item.body:
        lines += ["", item.body.strip()]
    lines += [
        "",
        _("Nội dung được công khai từ ngày %(d)s. Văn bản chi tiết được niêm yết tại: %(p)s, và đăng trên trang "
          "công khai điện tử của phường, xã.") % {"d": published, "p": "; ".join(places)},
    ]
    if category and category.loudspeaker_rule:
        lines.append(_("Thông báo này được phát trên hệ thống truyền thanh ít nhất %(rule)s liên tục.")
                     % {"rule": rule_text(category.loudspeaker_rule)})
    lines += [
        _("Mọi ý kiến, thắc mắc xin liên hệ Ủy ban nhân dân %(c)s.") % {"c": commune},
        "",
        _("Xin nhắc lại: %(t)s — công khai từ ngày %(d)s.") % {"t": item.title, "d": published},
        "",
        _("Ủy ban nhân dân %(c)s trân trọng thông báo!") % {"c": commune},
    ]
    return "\n".join(lines) + "\n"


def sms_notice(item, *, url: str = "", ascii_only: bool | None = None) -> str:
    """A short SMS (at most 3 parts; diacritics folded on request) for the household representatives
    (Art.13.4). The title is shortened first so that the date and the link are never cut."""
    from danchu.core.notify.services import sms_length, sms_limit

    commune = item.commune.name
    tail = " " + (_("(từ %(d)s).") % {"d": fmt_date(item.published_on)})
    if url:
        tail += " " + _("Xem: %(u)s") % {"u": url}
    head = _("UBND %(c)s công khai:") % {"c": commune} + " "
    title = item.title
    while True:
        text = sms_text(head + title + tail, ascii_only=ascii_only, max_segments=99)
        length, gsm7 = sms_length(text)
        if length <= sms_limit(gsm7=gsm7, max_segments=3) or len(title) <= 10:
            return sms_text(text, ascii_only=ascii_only, max_segments=3)
        title = title[: max(10, len(title) - max(1, length - sms_limit(gsm7=gsm7, max_segments=3)) - 1)].rstrip()
        title = title.rstrip("…") + "…"


QUARTERLY_CATEGORY = 14  # Art.11.14 "nội dung khác theo quy định": the quarterly list required by Art.13.2


def quarterly_list_title(commune, year: int, quarter: int) -> str:
    return _("Danh sách các nội dung đã công khai quý %(q)s năm %(y)s của %(c)s") % {
        "q": ROMAN[quarter], "y": year, "c": commune.name}


def quarterly_list_publish(*, commune, year: int, quarter: int, actor, on=None):
    """Post the quarterly list itself (Art.13.2: the list "được … niêm yết"): a register item of category 14
    with the PDF attached, published, so it reaches the portal, the feeds and the subscribers like any other.
    Publishing the same quarter again adds a new version with the updated PDF."""

    on = on or clock.today()
    check_quarter_started(year, quarter, on)
    with translation.override(settings.LANGUAGE_CODE):  # an official document: Vietnamese, whoever publishes
        return _quarterly_list_publish(commune=commune, year=year, quarter=quarter, actor=actor, on=on)


def _quarterly_list_publish(*, commune, year: int, quarter: int, actor, on):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from . import services

    title = quarterly_list_title(commune, year, quarter)
    rows = quarterly_list_items(commune, year, quarter)
    pdf = build_quarterly_pdf(quarterly_heading(commune, year, quarter, on=on), rows)
    upload = SimpleUploadedFile(f"danh-sach-cong-khai-quy-{quarter}-{year}.pdf", pdf, content_type="application/pdf")
    body = _("Danh sách gồm %(n)d nội dung đã công khai trong quý, kèm hình thức và thời gian thực hiện "
             "(khoản 2 Điều 13 Luật Thực hiện dân chủ ở cơ sở), lập ngày %(d)s.") % {"n": len(rows),
                                                                                  "d": on.strftime("%d/%m/%Y")}
    with transaction.atomic():
        item = DisclosureItem.objects.filter(commune=commune, category=QUARTERLY_CATEGORY, title=title).exclude(
            status=ItemStatus.WITHDRAWN).first()
        if item is None:
            item = services.item_create(commune=commune, category=QUARTERLY_CATEGORY, title=title, body=body,
                                        decision_date=on, decision_issuer=_("UBND %(c)s") % {"c": commune.name},
                                        actor=actor)
            services.item_attach(item=item, uploaded_file=upload, actor=actor)
            services.item_publish(item=item, actor=actor, on=on)
        else:
            for old in list(item.attachments.all()):
                services.item_detach(item=item, attachment=old, actor=actor)
            services.item_attach(item=item, uploaded_file=upload, actor=actor)
            if item.status == ItemStatus.PUBLISHED:
                services.item_update(item=item, actor=actor, change_note=_("Cập nhật danh sách"), body=body)
            else:
                services.item_publish(item=item, actor=actor, on=on)
    return item
