"""Statutory deadlines as data — PURE. One table, grouped by law, read by the domain apps.

Source: docs reference "Vietnamese legal rules" (§1–9, Appendix A; conflicts and open items §12).
Each entry keeps the unit exactly as the text writes it: "ngày" → D (calendar days, counted with
BLDS Art.147–148, see deadlines.py), "ngày làm việc" → WD, "tháng" → M.

`verified=False` marks what the reference lists as UNVERIFIED (§12.2) or takes from low-reliability
secondary copies (DX-2026 decree copies, §12.1 C4), and rules whose acting body no longer exists after
the district level was abolished on 01/07/2025 (§0.1.3, §12.2.3). Such a rule must not drive an
automatic consequence (e.g. an overdue flag) without a human confirming it.

`direction` says which way the period is measured:
- "within": an obligation to act within N units after the trigger → a due date (`due_date`);
- "before": something must happen at least N units before an event (a notice, a posting);
- "at_least": a minimum duration counted from the trigger (posting ≥ 30 days, consultation ≥ 20 days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from .deadlines import DeadlineUnit, explain_due, period_end
from .thresholds import Threshold

D, WD, M = DeadlineUnit.DAY, DeadlineUnit.WORKING_DAY, DeadlineUnit.MONTH

Direction = Literal["within", "before", "at_least"]


@dataclass(frozen=True)
class LegalDeadline:
    key: str  # "<law>.<rule>", unique in the registry
    amount: int
    unit: DeadlineUnit
    article: str  # where the number is written, e.g. "Luật 10/2022/QH15 Art.12.3"
    verified: bool
    note: str = ""
    direction: Direction = "within"


@dataclass(frozen=True)
class Law:
    key: str
    title: str
    number: str
    effective: date
    caveat: str  # what to check before relying on the whole group
    rules: tuple[LegalDeadline, ...]


def _rules(law: str, *rows: tuple) -> tuple[LegalDeadline, ...]:
    out = []
    for row in rows:
        name, amount, unit, article, verified, *rest = row
        note = rest[0] if rest else ""
        direction = rest[1] if len(rest) > 1 else "within"
        out.append(LegalDeadline(f"{law}.{name}", amount, unit, article, verified, note, direction))
    return tuple(out)


L10 = "Luật 10/2022/QH15"
ND59 = "NĐ 59/2023/NĐ-CP"
ND61 = "NĐ 61/2023/NĐ-CP"

GRASSROOTS_2022 = Law(
    key="grassroots",
    title="Luật Thực hiện dân chủ ở cơ sở",
    number="10/2022/QH15 (+ NĐ 59/2023/NĐ-CP, NĐ 61/2023/NĐ-CP)",
    effective=date(2023, 7, 1),
    caveat="Amended by Luật 97/2025/QH15 (eff. 01/07/2025); the amended wording was not read (UNVERIFIED).",
    rules=_rules(
        "grassroots",
        ("publicity_deadline", 5, WD, f"{L10} Art.12.3", True, "when no sector law sets the timing"),
        ("posting_min", 30, D, f"{L10} Art.13.2", True, "continuous, from the posting day", "at_least"),
        ("loudspeaker_min", 3, D, f"{L10} Art.13.3", True, "Art.11 items 7–12, continuous", "at_least"),
        ("consultation_min", 20, D, f"{L10} Art.28.2", True, "from the day the content is published", "at_least"),
        ("initiative_consent_valid", 3, M, f"{L10} Art.16.3", True, "each household consent is valid 03 months"),
        ("meeting_notice_min", 2, D, f"{ND59} Art.3.3", True, "Mẫu 01 sent and posted", "before"),
        ("meeting_documents_min", 2, D, f"{ND59} Art.3.4", True, "documents for K1–K3", "before"),
        ("ballot_notice_min", 2, D, f"{ND59} Art.4.4; {L10} Art.19.2", True, "", "before"),
        ("ballot_plan_to_commune", 2, D, f"{ND59} Art.4.2", True, "from issuing the ballot plan"),
        ("decision_to_commune", 5, WD, f"{L10} Art.20.3; {ND59} Art.3.5.d, 4.7, 5", True,
         "after the meeting / ballot deadline / end of online vote"),
        ("recognition_deadline", 5, WD, f"{L10} Art.21.2", True, "from receiving the community decision"),
        ("annual_meeting_notice_min", 5, D, f"{ND59} Art.11", True, "", "before"),
        ("election_plan_min", 20, D, f"{ND59} Art.6.1.a", True, "Trưởng thôn election", "before"),
        ("election_candidate_list_min", 15, D, f"{ND59} Art.6.2", True, "Mẫu 05", "before"),
        ("election_team_min", 10, D, f"{ND59} Art.6.1.b", True, "Tổ bầu cử", "before"),
        ("election_public_notice_min", 7, D, f"{ND59} Art.6.1", True, "", "before"),
        ("election_recognition", 5, WD, f"{ND59} Art.8", True, "recognise or order re-election"),
        ("dismissal_recognition", 5, WD, f"{ND59} Art.9.3", True, ""),
        ("re_election_after_dismissal_max", 60, D, f"{ND59} Art.9.3", True, "from the dismissal recognition"),
        ("bttnd_byelection_if_remaining_term", 6, M, f"{L10} Art.36.2", True,
         "by-election only when at least 06 months of the term remain", "at_least"),
        ("bttnd_inspection_plan_notice", 5, WD, f"{ND59} Art.14.1.b", True, "", "before"),
        ("authority_answer_bttnd", 15, D, f"{L10} Art.40.1.c", True, "UBND xã answers BTTND recommendations"),
        ("bgsdt_notice_to_investor", 45, D, f"{L10} Art.45.1.b", True, "", "before"),
        ("authority_answer_bgsdt", 15, D, f"{L10} Art.45.2", True, ""),
        ("huong_uoc_draft_posting", 30, D, f"{ND61} Art.9", True, "", "at_least"),
        ("huong_uoc_submit", 5, WD, f"{ND61} Art.11.3.a", True, "after the meeting / ballot deadline"),
        ("huong_uoc_recognise", 5, WD, f"{ND61} Art.11.3.b", True, "from the complete dossier"),
        ("huong_uoc_distribute", 2, WD, f"{ND61} Art.18.1.a", True, ""),
        ("huong_uoc_suspend", 3, WD, f"{ND61} Art.12", True, "from the written report"),
        ("huong_uoc_annul", 5, WD, f"{ND61} Art.14", True, ""),
        ("agency_publicity", 5, WD, f"{L10} Art.47.2", True, "state agencies and public service units"),
        ("agency_posting_min", 20, D, f"{L10} Art.48", True, "continuous", "at_least"),
        ("staff_conference_deadline", 3, M, f"{L10} Art.51.1", True, "after the end of the work year"),
        ("agency_bttnd_recognition", 5, WD, f"{ND59} Art.21–22", True, "by the trade union"),
        ("agency_answer_bttnd", 15, D, f"{L10} Art.63.1.c", True, ""),
        ("soe_publicity", 15, D, f"{L10} Art.65.2", True, "state-owned enterprises"),
        ("soe_posting_min", 20, D, f"{L10} Art.66", True, "continuous", "at_least"),
        ("workers_conference_deadline", 3, M, f"{L10} Art.68.1", True, "after the fiscal year"),
    ),
)

KN = "Luật Khiếu nại 02/2011/QH13"
COMPLAINTS_2011 = Law(
    key="complaints",
    title="Luật Khiếu nại",
    number="02/2011/QH13",
    effective=date(2012, 7, 1),
    caveat=(
        "Amended by Luật 136/2025/QH15 (eff. 01/07/2026), text not read (UNVERIFIED); the current decree is "
        "NĐ 124/2020/NĐ-CP whose article-level rules were not read. Version these rules by effective date."
    ),
    rules=_rules(
        "complaints",
        ("limitation", 90, D, f"{KN} Art.9", True,
         "periods of illness, disaster, war, distant work/study or other objective obstacles are not counted"),
        ("accept_1", 10, D, f"{KN} Art.27", True,
         "conflict C1: TT 07/2013 (old guidance) says 10 ngày làm việc; the Law's 'ngày' prevails"),
        ("accept_1_from_2026", 7, WD, "NĐ 155/2026/NĐ-CP (rewrite of NĐ 124/2020 Art.16.1)", False,
         "DX-2026 secondary copy; presumably reflects Luật 136/2025 from 01/07/2026 (conflict C1)"),
        ("resolve_1", 30, D, f"{KN} Art.28", True, "from acceptance (thụ lý)"),
        ("resolve_1_complex", 45, D, f"{KN} Art.28", True, ""),
        ("resolve_1_remote", 45, D, f"{KN} Art.28", True, "vùng sâu, vùng xa đi lại khó khăn"),
        ("resolve_1_remote_complex", 60, D, f"{KN} Art.28", True, ""),
        ("send_decision_1", 3, WD, f"{KN} Art.32", True, "from the decision"),
        ("window_2nd", 30, D, f"{KN} Art.33.1", True, "from expiry of the Art.28 deadline or receipt of the decision"),
        ("window_2nd_remote", 45, D, f"{KN} Art.33.1", True, ""),
        ("accept_2", 10, D, f"{KN} Art.36.1", True, ""),
        ("resolve_2", 45, D, f"{KN} Art.37", True, ""),
        ("resolve_2_complex", 60, D, f"{KN} Art.37", True, ""),
        ("resolve_2_remote", 60, D, f"{KN} Art.37", True, ""),
        ("resolve_2_remote_complex", 70, D, f"{KN} Art.37", True, ""),
        ("send_decision_2", 7, D, f"{KN} Art.41.1", True, "from the decision"),
        ("publicise_decision_2", 15, D, f"{KN} Art.41.2", True, "from the decision"),
        ("publicise_meeting_notice", 3, WD, f"{KN} Art.41.2; NĐ 75/2012 Art.12", True,
         "parties notified before the announcement meeting (old guidance)", "before"),
        ("publicise_posting_min", 15, D, f"{KN} Art.41.2; NĐ 75/2012 Art.12", True, "old guidance", "at_least"),
        ("decision_1_final", 30, D, f"{KN} Art.44", True, "if no 2nd complaint; remote areas 45"),
        ("decision_1_final_remote", 45, D, f"{KN} Art.44", True, "vùng sâu, vùng xa đi lại khó khăn"),
        ("decision_2_final", 30, D, f"{KN} Art.44", True, "remote areas 45"),
        ("decision_2_final_remote", 45, D, f"{KN} Art.44", True, "vùng sâu, vùng xa đi lại khó khăn"),
        ("refile_after_termination_notice", 30, D, f"{KN} Art.11.8", True, ""),
        ("provide_documents", 7, WD, "TT 07/2013/TT-TTCP", False,
         "old guidance; the current NĐ 124/2020 rules were not read (§12.2.13)"),
        ("dialogue_notice_from_2026", 5, D, "NĐ 155/2026/NĐ-CP Art.28", False, "DX-2026 secondary copy", "before"),
        ("suspension_decision_send_from_2026", 3, WD, "Luật Khiếu nại Art.11a (Luật 136/2025)", False,
         "known only via DX-2026 NĐ 155/2026 Art.28b"),
    ),
)

TC = "Luật Tố cáo 25/2018/QH14"
DENUNCIATIONS_2018 = Law(
    key="denunciations",
    title="Luật Tố cáo",
    number="25/2018/QH14 (+ NĐ 31/2019/NĐ-CP)",
    effective=date(2019, 1, 1),
    caveat="Amended by Luật 136/2025/QH15 (eff. 01/07/2026) and others; amendment contents UNVERIFIED.",
    rules=_rules(
        "denunciations",
        ("initial_processing", 7, WD, f"{TC} Art.24.1", True, "from receipt"),
        ("initial_processing_extended", 10, WD, f"{TC} Art.24.1", True, "several places / delegated verification"),
        ("transfer_if_not_competent", 5, WD, f"{TC} Art.24.2", True, "transfer and notify the denouncer"),
        ("notify_acceptance", 5, WD, f"{TC} Art.29.2–3; NĐ 31/2019 Art.9.2", True, "from the acceptance decision"),
        ("resolve", 30, D, f"{TC} Art.30.1", True, "from acceptance"),
        ("extend_complex", 30, D, f"{TC} Art.30.2", True, "once"),
        ("extend_especially_complex", 30, D, f"{TC} Art.30.2", True, "twice, each ≤ 30 days (90 days in all)"),
        ("notify_conclusion", 5, WD, f"{TC} Art.35", True, ""),
        ("publicise_conclusion", 7, WD, f"{TC} Art.40", True, "must not reveal the denouncer"),
        ("overdue_report_request", 5, WD, f"{TC} Art.38", True, "superior asks the resolver for a report"),
        ("overdue_report", 5, WD, f"{TC} Art.38", True, "resolver reports and continues"),
        ("re_denunciation_review", 20, D, f"{TC} Art.37", True, "superior reviews the file"),
    ),
)

TCD = "Luật Tiếp công dân 42/2013/QH13"
CITIZEN_RECEPTION_2013 = Law(
    key="reception",
    title="Luật Tiếp công dân",
    number="42/2013/QH13",
    effective=date(2014, 7, 1),
    caveat=(
        "Amended by Luật 136/2025/QH15 (eff. 01/07/2026; online reception Art.3a); NĐ 154/2026 known only "
        "via secondary copies (UNVERIFIED). Reception frequencies (Art.12–18) are schedules, not deadlines."
    ),
    rules=_rules(
        "reception",
        ("reply_after_receipt", 10, WD, f"{TCD} Art.28.1", True, "accepted / needs verification / refused / transferred"),
        ("inform_final_result", 5, WD, f"{TCD} Art.28.2", True, "NA bodies, deputies, reception boards, on request"),
        ("refusal_notice_from_2026", 3, WD, "NĐ 154/2026/NĐ-CP (Mẫu 01/TCD)", False, "DX-2026 secondary copy"),
        ("online_session_notice_from_2026", 5, WD, "NĐ 154/2026/NĐ-CP", False, "DX-2026 secondary copy", "before"),
        ("online_connection_test_from_2026", 1, WD, "NĐ 154/2026/NĐ-CP", False, "DX-2026 secondary copy", "before"),
    ),
)

TCTT = "Luật Tiếp cận thông tin 104/2016/QH13"
ACCESS_TO_INFORMATION_2016 = Law(
    key="information",
    title="Luật Tiếp cận thông tin",
    number="104/2016/QH13",
    effective=date(2018, 7, 1),
    caveat="In-person requests for simple, available information are answered immediately (Art.29).",
    rules=_rules(
        "information",
        ("in_person_complex", 10, WD, f"{TCTT} Art.29", True, "notify/appoint or refuse in writing"),
        ("in_person_extension", 10, WD, f"{TCTT} Art.29", True, "written notice within the period"),
        ("electronic_simple", 3, WD, f"{TCTT} Art.30", True, ""),
        ("electronic_notice_of_deadline", 3, WD, f"{TCTT} Art.30", True, "complex requests"),
        ("electronic_complex", 15, WD, f"{TCTT} Art.30", True, ""),
        ("electronic_extension", 15, D, f"{TCTT} Art.30", True, "the text says 'ngày', not working days"),
        ("post_simple", 5, WD, f"{TCTT} Art.31", True, "post or fax"),
        ("post_notice_of_deadline", 3, WD, f"{TCTT} Art.31", True, ""),
        ("post_complex", 15, WD, f"{TCTT} Art.31", True, ""),
        ("post_extension", 15, D, f"{TCTT} Art.31", True, "the text says 'ngày'"),
        ("proactive_timing", 5, WD, f"{TCTT} Art.18.4", True, "when no sector law sets the timing"),
        ("posting_min", 30, D, f"{TCTT} Art.21.2", True, "", "at_least"),
    ),
)

FEEDBACK_ND20_2008 = Law(
    key="feedback",
    title="Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
    number="NĐ 20/2008/NĐ-CP (amended NĐ 48/2013/NĐ-CP)",
    effective=date(2008, 3, 3),
    caveat=(
        "No overall processing deadline in NĐ 20/2008. The receiving body was later reassigned "
        "(Bộ Tư pháp → Văn phòng Chính phủ); the amended Art.8 was not re-read (UNVERIFIED)."
    ),
    rules=_rules(
        "feedback",
        ("transfer_if_not_competent", 5, WD, "NĐ 20/2008/NĐ-CP Art.9.1.d", True, "from receipt"),
    ),
)

NQLT72 = "NQLT 72/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN"
VOTER_PETITIONS_2025 = Law(
    key="voters",
    title="Tiếp xúc cử tri và kiến nghị của cử tri",
    number="NQLT 72/2025 (amended NQLT 100/2025)",
    effective=date(2025, 2, 20),
    caveat=(
        "HĐND-specific articles (Art.26, 32, 40–43, 45–48, 50) and QĐ 33/2017/QĐ-TTg internal deadlines "
        "were not retrieved (UNVERIFIED); only NA-level rules are encoded."
    ),
    rules=_rules(
        "voters",
        ("report_before_regular_session", 15, D, f"{NQLT72} Art.37.2", True, "before the opening", "before"),
        ("report_after_regular_session", 15, D, f"{NQLT72} Art.37.2", True, "after the close"),
        ("report_before_extra_session", 2, WD, f"{NQLT72} Art.38.2", True, "before the opening", "before"),
        ("report_after_extra_session", 7, WD, f"{NQLT72} Art.38.2", True, "after the close"),
        ("answer_voter", 60, D, f"{NQLT72} Art.49.1", True, "from receiving the petition"),
        ("agency_results_before_session", 20, WD, f"{NQLT72} Art.49.2", True, "before the next NA session", "before"),
        ("publish_results_after_answer_deadline", 15, WD, f"{NQLT72} Art.51.1", True,
         "publication happens after 15 WD from the end of the answer deadline"),
        ("posting", 30, D, f"{NQLT72} Art.51.2", True, "at the citizen-reception office", "at_least"),
        ("press_notice_before_contact", 7, WD, f"{NQLT72} Art.6.3", True, "", "before"),
        ("out_of_province_notice", 20, WD, f"{NQLT72} Art.31.2", True, "", "before"),
        ("individual_contact_decision", 5, WD, f"{NQLT72} Art.33.4", True, "after the deputy's request"),
        ("individual_contact_notice", 3, WD, f"{NQLT72} Art.33.5", True, "to Ban Công tác Mặt trận", "before"),
        ("individual_contact_forward", 5, WD, f"{NQLT72} Art.33.8", True, "after the meeting"),
    ),
)

QD25 = "QĐ 25/2021/QĐ-TTg"
TT09 = "TT 09/2021/TT-BTP"
ACCESS_TO_LAW_STANDARD = Law(
    key="access_to_law",
    title="Xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
    number="QĐ 25/2021/QĐ-TTg + TT 09/2021/TT-BTP",
    effective=date(2022, 1, 1),
    caveat=(
        "Steps assigned to the district level (Phòng Tư pháp, Chủ tịch UBND huyện, district council) lost "
        "their actor on 01/07/2025; the replacement is UNVERIFIED. Fixed dates: dossier before 10/01, "
        "recognition before 10/02, district report before 15/02, province report before 20/02."
    ),
    rules=_rules(
        "access_to_law",
        ("self_score_posting_min", 5, D, f"{TT09} Art.3.1.c", True, "at the commune HQ and on the portal", "at_least"),
        ("supplement_dossier", 3, WD, f"{TT09} Art.3.2.a", True, "from the request"),
        ("council_papers_before", 3, WD, f"{TT09} Art.5.6.c", False,
         "sent by Phòng Tư pháp (district level abolished 01/07/2025)", "before"),
        ("publish_recognition", 2, WD, f"{TT09} Art.3.2.d", False,
         "by Chủ tịch UBND cấp huyện (district level abolished 01/07/2025)"),
    ),
)

LAWS: dict[str, Law] = {
    law.key: law
    for law in (
        GRASSROOTS_2022,
        COMPLAINTS_2011,
        DENUNCIATIONS_2018,
        CITIZEN_RECEPTION_2013,
        ACCESS_TO_INFORMATION_2016,
        FEEDBACK_ND20_2008,
        VOTER_PETITIONS_2025,
        ACCESS_TO_LAW_STANDARD,
    )
}

RULES: dict[str, LegalDeadline] = {rule.key: rule for law in LAWS.values() for rule in law.rules}


def get_rule(key: str) -> LegalDeadline:
    """The rule with this key ("complaints.resolve_1"); KeyError with the known prefixes if unknown."""
    try:
        return RULES[key]
    except KeyError:
        raise KeyError(f"unknown legal deadline {key!r} (laws: {', '.join(LAWS)})") from None


def all_rules() -> list[LegalDeadline]:
    return list(RULES.values())


def unverified_rules() -> list[LegalDeadline]:
    return [rule for rule in RULES.values() if not rule.verified]


# --- thresholds (quorums and majorities) -------------------------------------------------------------


@dataclass(frozen=True)
class LegalThreshold:
    """A share of a whole that the law requires: "từ 2/3 tổng số hộ trở lên", "trên 50%"."""

    key: str
    threshold: Threshold
    of: str  # what the whole is, in words: "all households of the village", "household representatives present"
    article: str
    verified: bool = True
    note: str = ""

    def reached(self, count: int, total: int) -> bool:
        return self.threshold.reached(count, total)

    def needed(self, total: int) -> int:
        return self.threshold.needed(total)

    def describe(self) -> str:
        return self.threshold.describe()


def _t(key: str, share: Fraction, inclusive: bool, of: str, article: str, note: str = "") -> LegalThreshold:
    return LegalThreshold(key, Threshold(share, inclusive), of, article, True, note)


HALF, TWO_THIRDS, TENTH = Fraction(1, 2), Fraction(2, 3), Fraction(1, 10)
THRESHOLDS: dict[str, LegalThreshold] = {t.key: t for t in (
    _t("grassroots.pass_k1_k2", TWO_THIRDS, True, "all households of the village", f"{L10} Art.21.1.a",
       "contributions and public works (K1, K2): of ALL households, never of those present"),
    _t("grassroots.pass_k1_k2_commune", TWO_THIRDS, True, "all villages of the commune", f"{L10} Art.21.1.a",
       "commune-wide K1, K2: the villages that approve"),
    _t("grassroots.pass_other", HALF, False, "all households of the village", f"{L10} Art.21.1.b",
       "K3–K6: more than half of ALL households"),
    _t("grassroots.initiative", TENTH, True, "all households of the village", f"{L10} Art.16.3",
       "a citizens' initiative must be tabled"),
    _t("grassroots.meeting_choice", HALF, False, "household representatives present", f"{ND59} Art.3.5.a–c",
       "secretary, option, voting method, count team chosen at the meeting"),
    _t("grassroots.online_opt_in", HALF, False, "all households of the village", f"{ND59} Art.5",
       "online voting may be used only when more than half of the households choose it"),
    _t("grassroots.election", HALF, False, "all households of the village", f"{ND59} Art.7; {L10} Art.21.1.b",
       "village head, People's Inspection Board, investment supervision board members"),
    _t("grassroots.dismissal_petition", HALF, True, "all households of the village", f"{ND59} Art.9.1",
       "\"từ 50% trở lên\": exactly half petitions"),
    _t("grassroots.convention_attendance", HALF, False, "all households of the village", f"{ND61} Art.10",
       "the adoption meeting is valid only when more than half of the households attend"),
    _t("grassroots.convention_adoption", HALF, False, "all households of the village", f"{ND61} Art.10; {L10} Art.21.1",
       ""),
    _t("grassroots.staff_conference_quorum", TWO_THIRDS, True, "all staff (or delegates convened)", f"{L10} Art.51.2.c"),
    _t("grassroots.staff_conference_pass", HALF, False, "those present", f"{L10} Art.51.2.c"),
    _t("grassroots.workers_conference_quorum", TWO_THIRDS, True, "all workers (or delegates convened)",
       f"{L10} Art.69.2.c"),
    _t("grassroots.workers_conference_pass", HALF, False, "those present", f"{L10} Art.69.2.c"),
    _t("access_to_law.council_quorum", TWO_THIRDS, True, "members of the appraisal council", f"{TT09} Art.5"),
)}


def get_threshold(key: str) -> LegalThreshold:
    try:
        return THRESHOLDS[key]
    except KeyError:
        raise KeyError(f"unknown legal threshold {key!r}") from None


# --- reading the registry --------------------------------------------------------------------------


def rule_due(key: str, start: date, cal) -> date:
    """The due date of a "within" rule triggered on `start` (BLDS Art.147–148, see deadlines.py)."""
    rule = get_rule(key)
    return explain_due(start, rule.amount, rule.unit, cal).due


def rule_period_end(key: str, start: date, cal=None) -> date:
    """The last day of an "at_least" rule (a posting, a comment period) that began on `start`: the day of
    posting is not counted (BLDS Art.147), see deadlines.period_end."""
    rule = get_rule(key)
    if rule.direction != "at_least":
        raise ValueError(f"{key} is not a minimum period")
    return period_end(start, rule.amount, rule.unit, cal)


def rule_text(key: str) -> str:
    """The rule as residents read it: "30 ngày", "05 ngày làm việc", "03 tháng" (two digits, as the law writes)."""
    rule = get_rule(key)
    return f"{rule.amount:02d} {rule.unit.label}"


__all__ = ["LAWS", "RULES", "THRESHOLDS", "LegalDeadline", "LegalThreshold", "Law", "all_rules", "get_rule",
           "get_threshold", "rule_due", "rule_period_end", "rule_text", "unverified_rules"]
