"""The evidence dossier (佐证材料汇编) of a year: what each indicator's page shows, the checklist
that says whether the dossier is complete for the on-site assessment, and the zip download
(every file, an index.html and, when WeasyPrint can render it, an index.pdf)."""

from __future__ import annotations

import datetime
import logging
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import indicators, selectors
from activities.models import Activity, Attachment, Evidence
from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry, User

logger = logging.getLogger(__name__)

INDICATOR_NOTES: dict[int, Any] = {
    1: gettext_lazy("享受市区两级创业扶持政策的创业组织数量及同比增长、帮扶成功创业人员目标完成情况的佐证。"),
    2: gettext_lazy("组织领导、制度建设、资金投入：领导小组会议、联席会议（含参会人员和纪要）、制度文件、资金投入。"),
    3: gettext_lazy("为创业孵化基地、孵化器、众创空间等创业载体提供政策支持和服务保障的佐证。"),
    4: gettext_lazy("培育创业服务品牌、提升品牌效应：服务品牌及其媒体报道。"),
    5: gettext_lazy("各类活动的多样化与创新性、覆盖群体的广度、内容的精准性和效果：活动记录、照片及成效。"),
    6: gettext_lazy("帮扶培育创业团队或组织、树立自主创业典型的佐证。"),
    7: gettext_lazy("立足本社区资源禀赋、结合区位和产业特点开展创建工作的特色和成效。"),
}

#: The numbers of METRICS.md shown on each indicator page (code, label, how it is counted).
INDICATOR_NUMBERS: dict[int, list[tuple[str, Any, Any]]] = {
    2: [
        (
            "meetings",
            gettext_lazy("召开会议次数"),
            gettext_lazy("期间内召开的领导小组会议和联席会议，一条记录为一次会议。"),
        ),
        ("rules_adopted", gettext_lazy("出台制度文件数"), gettext_lazy("期间内出台的制度文件。")),
        ("funds_invested", gettext_lazy("资金投入（元）"), gettext_lazy("期间内资金投入记录的金额合计。")),
    ],
    4: [
        ("brands_active", gettext_lazy("在用服务品牌数"), gettext_lazy("截至统计日已创立且未停用的服务品牌。")),
        ("brand_coverage_items", gettext_lazy("媒体报道数"), gettext_lazy("期间内发布的品牌媒体报道。")),
    ],
    5: [
        ("activities", gettext_lazy("活动场次"), gettext_lazy("期间内举办的各类活动。")),
        (
            "activity_participants",
            gettext_lazy("参与人次"),
            gettext_lazy(
                "每场活动取“实际参与人数”与“已登记参与者人数”中的较大者（实际人数已含已登记者，不重复计算），各场相加。"
            ),
        ),
        (
            "activity_groups_reached",
            gettext_lazy("覆盖重点群体数"),
            gettext_lazy("期间内活动面向的不同重点群体（共七类）。"),
        ),
    ],
}


def indicator_numbers(indicator: int, year: int) -> list[dict[str, Any]]:
    start, end = selectors.year_period(year)
    numbers = []
    for code, label, note in INDICATOR_NUMBERS.get(indicator, []):
        value, _rows = indicators.INDICATORS[code](start=start, end=end)
        numbers.append({"code": code, "label": label, "note": note, "value": value})
    return numbers


@dataclass
class IndicatorSection:
    indicator: int
    label: str
    note: str
    numbers: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    activities: Any = field(default_factory=list)  # a queryset: the page paginates it
    brands: list[Any] = field(default_factory=list)
    cohorts: list[Any] = field(default_factory=list)


def indicator_section(indicator: int, year: int) -> IndicatorSection:
    """Everything one indicator's page of the dossier lists for the year."""
    section = IndicatorSection(
        indicator=indicator,
        label=str(Evidence.Indicator(indicator).label),
        note=str(INDICATOR_NOTES[indicator]),
        numbers=indicator_numbers(indicator, year),
        evidence=list(selectors.evidence_for(year=year, indicator=indicator)),
    )
    if indicator == Evidence.Indicator.BRAND:
        section.brands = list(selectors.brands_of_year(year))
    if indicator == Evidence.Indicator.ATMOSPHERE:
        section.activities = selectors.activities_of_year(year)
        section.cohorts = list(selectors.cohorts_of_year(year))
    return section


# --- completeness ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    indicator: int
    label: str
    ok: bool
    detail: str = ""


def dossier_checklist(year: int) -> list[CheckItem]:
    """What the on-site assessment expects of a year's dossier, item by item.

    Complete means: every indicator 1–7 has at least one record (for 4 a brand counts, for 5 an
    activity); indicator 2 has a leading-group meeting, a joint meeting, a rule and a funds
    record, and every meeting has attendees and minutes; indicator 4 has an active brand and a
    media coverage item; every activity has a photo; every evidence record has a file.
    """
    evidence = Evidence.objects.filter(year=year)
    per_indicator = dict(evidence.values_list("indicator").annotate(n=Count("id")).order_by())
    per_kind = dict(evidence.values_list("kind").annotate(n=Count("id")).order_by())
    meetings_incomplete = evidence.filter(kind__in=Evidence.MEETING_KINDS).filter(Q(attendees="") | Q(minutes=""))
    without_file = evidence.filter(~Exists(Attachment.objects.filter(evidence_id=OuterRef("pk"))))
    brands: list[Any] = list(selectors.brands_of_year(year))
    coverage = sum(len(b.year_coverage) for b in brands)
    activities = Activity.objects.filter(held_on__year=year)
    without_photo = activities.filter(
        ~Exists(Attachment.objects.filter(activity_id=OuterRef("pk"), kind=Attachment.Kind.PHOTO))
    )

    items: list[CheckItem] = []
    extra = {4: len(brands), 5: activities.count()}
    for indicator in Evidence.Indicator:
        count = per_indicator.get(indicator.value, 0) + extra.get(indicator.value, 0)
        items.append(
            CheckItem(
                indicator.value,
                _("%(indicator)s 有佐证材料") % {"indicator": indicator.label},
                count > 0,
                _("%(n)d 项") % {"n": count},
            )
        )
    for kind in (
        Evidence.Kind.LEADING_GROUP_MEETING,
        Evidence.Kind.JOINT_MEETING,
        Evidence.Kind.RULE,
        Evidence.Kind.FUNDS,
    ):
        n = per_kind.get(kind.value, 0)
        items.append(CheckItem(2, _("有%(kind)s记录") % {"kind": kind.label}, n > 0, _("%(n)d 项") % {"n": n}))
    bad_meetings = [m.title for m in meetings_incomplete]
    items.append(CheckItem(2, _("会议均有参会人员和纪要"), not bad_meetings, "、".join(bad_meetings) or _("齐全")))
    items.append(CheckItem(4, _("有在用服务品牌"), len(brands) > 0, _("%(n)d 个") % {"n": len(brands)}))
    items.append(CheckItem(4, _("有品牌媒体报道"), coverage > 0, _("%(n)d 篇") % {"n": coverage}))
    no_photo = [a.title for a in without_photo]
    items.append(CheckItem(5, _("活动均有照片"), not no_photo, "、".join(no_photo) or _("齐全")))
    no_file = [e.title for e in without_file]
    items.append(CheckItem(0, _("佐证材料均附有文件"), not no_file, "、".join(no_file) or _("齐全")))
    return items


def is_complete(items: list[CheckItem]) -> bool:
    return all(item.ok for item in items)


# --- the zip ---------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]+")


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .")[:80] or "file"


def _archive_name(prefix: str, attachment: Attachment) -> str:
    return f"files/{prefix}/{attachment.pk}-{_safe(attachment.original_name)}"


def _render_pdf(html: str) -> bytes | None:
    """The index as PDF through WeasyPrint; None (and a log line) when it cannot render here."""
    try:
        from weasyprint import HTML
    except Exception:  # WeasyPrint needs system libraries (pango); the HTML index still ships
        logger.warning("dossier: WeasyPrint unavailable, index.pdf skipped")
        return None
    try:
        return HTML(string=html).write_pdf()
    except Exception:
        logger.exception("dossier: index.pdf could not be rendered")
        return None


def dossier_write(*, year: int, out: IO[bytes], with_pdf: bool = True) -> dict[str, Any]:
    """Write the year's dossier as a zip into ``out``; return a summary (sections, file count)."""
    sections = [indicator_section(indicator.value, year) for indicator in Evidence.Indicator]
    checklist = dossier_checklist(year)
    files: list[tuple[str, Attachment]] = []
    for section in sections:
        prefix = f"{section.indicator}"
        records: list[Any] = [*section.evidence, *section.activities]
        records += [item for brand in section.brands for item in brand.year_coverage]
        for record in records:
            # The index page links each record's files by their path inside the zip.
            record.archive_files = [
                (_archive_name(prefix, attachment), attachment) for attachment in record.attachments.all()
            ]
            files.extend(record.archive_files)
    context = {
        "year": year,
        "sections": sections,
        "checklist": checklist,
        "complete": is_complete(checklist),
        "generated_at": timezone.localtime(),
        "period": selectors.year_period(year),
    }
    html = render_to_string("activities/dossier_index.html", context)
    missing: list[str] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", html)
        pdf = _render_pdf(html) if with_pdf else None
        if pdf:
            archive.writestr("index.pdf", pdf)
        for path, attachment in files:
            try:
                with attachment.file.open("rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                missing.append(path)
        if missing:
            archive.writestr("MISSING.txt", "\n".join(missing))
    return {"sections": sections, "files": len(files) - len(missing), "missing": missing, "pdf": bool(pdf)}


def dossier_export(*, year: int, user: User) -> tuple[IO[bytes], dict[str, Any]]:
    """Build the dossier into a temporary file (rewound, for streaming) and audit the export."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    summary = dossier_write(year=year, out=out)
    out.seek(0)
    audit_record(
        action=AuditEntry.Action.EXPORT,
        user=user,
        object_type="activities.dossier",
        object_id=str(year),
        object_repr=_("%(year)d 年度佐证材料汇编") % {"year": year},
        detail=f"files={summary['files']} pdf={summary['pdf']}",
    )
    return out, summary


def dossier_filename(year: int) -> str:
    today = datetime.date.today()
    return f"zhuqiao-dossier-{year}-{today:%Y%m%d}.zip"
