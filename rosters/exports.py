"""The lists that can be exported to Excel, each through the same selector and GET filters as its
list page, so that the file holds exactly what the user sees (masked unless they may reveal)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhuqiao.periods import period_from

if TYPE_CHECKING:
    from zhuqiao.models import User

Row = Sequence[Any]


@dataclass(frozen=True)
class ExportKind:
    code: str
    title: Any
    headers: tuple[Any, ...]
    rows: Callable[[Any, Mapping[str, str], bool], Iterable[Row]]


def _iterate(queryset: QuerySet[Any]) -> Iterator[Any]:
    return queryset.iterator(chunk_size=2000)


def _id_number(person: Any, reveal: bool) -> str:
    return person.id_number if reveal else person.masked_id_number


def _phone(person: Any, reveal: bool) -> str:
    return person.phone if reveal else person.masked_phone


def _area(obj: Any) -> str:
    area = getattr(obj, "area", None)
    return f"{area.code} {area.name}" if area else ""


def person_rows(user: User, filters: Mapping[str, str], reveal: bool) -> Iterator[Row]:
    from jobseekers.selectors import person_list

    for person in _iterate(person_list(user=user, filters=filters)):
        yield (
            person.name,
            _id_number(person, reveal),
            person.get_sex_display(),
            person.birth_date,
            _phone(person, reveal),
            _area(person),
            person.household.household_no if person.household_id else "",
        )


def household_rows(user: User, filters: Mapping[str, str], reveal: bool) -> Iterator[Row]:
    from jobseekers.selectors import household_list

    for household in _iterate(household_list(user=user, filters=filters)):
        yield (household.household_no, _area(household), household.address, getattr(household, "member_count", ""))


def venture_rows(user: User, filters: Mapping[str, str], reveal: bool) -> Iterator[Row]:
    from entrepreneurs.selectors import venture_list

    for venture in _iterate(venture_list(user=user, filters=dict(filters.items()))):
        yield (
            venture.credit_code,
            venture.name,
            venture.get_kind_display(),
            venture.registered_on,
            _area(venture),
            venture.get_industry_display(),
            venture.founder.name if venture.founder_id else "",
            venture.get_status_display(),
            getattr(venture, "benefit_count", ""),
        )


def case_rows(user: User, filters: Mapping[str, str], reveal: bool) -> Iterator[Row]:
    from cases.selectors import case_list

    for case in _iterate(case_list(user=user, filters=filters)):
        subject = case.person if case.person_id else case.venture
        yield (
            case.ref,
            case.get_category_display(),
            case.service.name,
            str(subject) if subject else "",
            _area(case),
            str(case.department) if case.department_id else "",
            case.opened_on,
            case.get_status_display(),
            case.closed_on,
            str(case.owner) if case.owner_id else "",
        )


def _worklist(goal_code: str) -> Callable[[Any, Mapping[str, str], bool], Iterator[Row]]:
    def rows(user: User, filters: Mapping[str, str], reveal: bool) -> Iterator[Row]:
        from jobseekers import worklists

        goal = worklists.GOALS[goal_code]
        period = period_from(filters, today=timezone.localdate())  # as the worklist pages read it
        year, as_of = period.year, period.as_of
        queryset = worklists.worklist_rows(goal=goal, user=user, year=year, as_of=as_of, filters=dict(filters.items()))
        for row in _iterate(queryset):
            contact = (getattr(row, "last_contact_on", None), getattr(row, "next_followup_on", None))
            cases = getattr(row, "open_cases", None)
            if goal.households:
                yield (
                    row.household_no,
                    _area(row),
                    getattr(row, "certified_on", None),
                    row.member_count,
                    *contact,
                    cases,
                )
            else:
                yield (
                    row.name,
                    _id_number(row, reveal),
                    _phone(row, reveal),
                    _area(row),
                    getattr(row, "joined_on", None),
                    *contact,
                    cases,
                )

    return rows


PERSON_WORKLIST_HEADERS = (
    _("姓名"),
    _("身份证号"),
    _("手机号"),
    _("居村委"),
    _("纳入日期"),
    _("最近联系日期"),
    _("下次跟进日期"),
    _("在办个案数"),
)

KINDS: dict[str, ExportKind] = {
    kind.code: kind
    for kind in (
        ExportKind(
            "persons",
            _("人员名册"),
            (_("姓名"), _("身份证号"), _("性别"), _("出生日期"), _("手机号"), _("居村委"), _("户号")),
            person_rows,
        ),
        ExportKind("households", _("家庭名册"), (_("户号"), _("居村委"), _("地址"), _("成员数")), household_rows),
        ExportKind(
            "ventures",
            _("创业组织名册"),
            (
                _("统一社会信用代码"),
                _("名称"),
                _("组织类型"),
                _("成立日期"),
                _("居村委"),
                _("行业"),
                _("法定代表人"),
                _("状态"),
                _("享受政策次数"),
            ),
            venture_rows,
        ),
        ExportKind(
            "cases",
            _("服务个案"),
            (
                _("编号"),
                _("类别"),
                _("服务事项"),
                _("服务对象"),
                _("居村委"),
                _("承办部门"),
                _("受理日期"),
                _("状态"),
                _("办结日期"),
                _("经办人"),
            ),
            case_rows,
        ),
        ExportKind(
            "worklist-difficulty", _("就业困难人员清零工作清单"), PERSON_WORKLIST_HEADERS, _worklist("difficulty")
        ),
        ExportKind(
            "worklist-unemployed", _("登记失业人员清零工作清单"), PERSON_WORKLIST_HEADERS, _worklist("unemployed")
        ),
        ExportKind("worklist-graduate", _("应届毕业生清零工作清单"), PERSON_WORKLIST_HEADERS, _worklist("graduate")),
        ExportKind(
            "worklist-household",
            _("零就业家庭清零工作清单"),
            (
                _("户号"),
                _("居村委"),
                _("认定日期"),
                _("成员数"),
                _("最近联系日期"),
                _("下次跟进日期"),
                _("在办个案数"),
            ),
            _worklist("household"),
        ),
    )
}
