"""The match score: transparent, additive, every point explained.

A score is the sum of factors, each with the reason it adds (or takes away) points, so staff
can tell a job seeker why a vacancy ranks where it does:

| factor | points |
|---|---|
| desired job named in the vacancy title | +25 |
| vacancy industry among the desired industries | +20 |
| skills: share of the vacancy's skills the person has | up to +20 |
| same committee as the place of work (distance by committee) | +15 |
| hours as wished | +10 |
| pay reaches the expected pay (half if it reaches 80 %) | +10 (+5) |
| each requirement not met (education, age range) | -30 |

Rows come from ``.values()`` queries (one per list), so scoring 20,000 candidates is plain
arithmetic over dicts, never a query per row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from jobmatching.models import EDUCATION_RANK, split_terms

JOB_WISH = 25
INDUSTRY = 20
SKILLS = 20
SAME_AREA = 15
HOURS = 10
PAY = 10
UNMET = -30

# Reasons are kept as (lazy text, parameters) while scoring thousands of rows and turned into
# text only for the rows shown: translating every candidate's reasons would cost more than
# the scoring itself.
R_JOB = _("意向岗位“%(wish)s”与岗位名称相符")
R_INDUSTRY = _("属于意向行业")
R_SKILLS = _("具备技能：%(skills)s")
R_AREA = _("工作地点在本居村委")
R_HOURS = _("工作时间符合意向")
R_PAY = _("薪酬达到期望")
R_PAY_NEAR = _("薪酬接近期望")
R_EDUCATION = _("学历未达要求")
R_AGE = _("年龄不在要求范围（%(age)s岁）")


@dataclass
class Match:
    score: int
    raw: list[tuple[int, Any, dict[str, Any]]] = field(default_factory=list)
    unmet_count: int = 0

    @property
    def fits(self) -> bool:
        return self.unmet_count == 0

    @property
    def reasons(self) -> list[tuple[int, str]]:
        return [(points, str(text) % params if params else str(text)) for points, text, params in self.raw]

    @property
    def unmet(self) -> list[str]:
        return [reason for points, reason in self.reasons if points == UNMET]


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def prepare_seeker(row: dict[str, Any]) -> dict[str, Any]:
    """Split the seeker's free-text lists once, before scoring them against many vacancies."""
    return {
        **row,
        "_wishes": split_terms(row.get("desired_job") or ""),
        "_skills": set(split_terms(row.get("skills") or "")),
        "_industries": set(row.get("industries") or []),
        "_education_rank": EDUCATION_RANK.get(row.get("education") or "none", 0),
    }


def prepare_vacancy(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "_skills": split_terms(row.get("skills") or ""),
        "_education_rank": EDUCATION_RANK.get(row.get("education_min") or "none", 0),
    }


def score(seeker: dict[str, Any], vacancy: dict[str, Any], *, today: datetime.date) -> Match:
    """Score one seeker against one vacancy (rows prepared by ``prepare_seeker``/``prepare_vacancy``
    or plain: plain rows are prepared here).

    ``seeker`` keys: area_id, birth_date, desired_job, industries, hours, pay_expected, skills,
    education. ``vacancy`` keys: title, industry, area_id, hours, pay_min, pay_max, skills,
    education_min, age_min, age_max.
    """
    if "_wishes" not in seeker:
        seeker = prepare_seeker(seeker)
    if "_skills" not in vacancy:
        vacancy = prepare_vacancy(vacancy)
    match = Match(score=0)
    raw = match.raw

    title = vacancy["title"] or ""
    for wish in seeker["_wishes"]:
        if wish in title or title in wish:
            match.score += JOB_WISH
            raw.append((JOB_WISH, R_JOB, {"wish": wish}))
            break
    if vacancy["industry"] and vacancy["industry"] in seeker["_industries"]:
        match.score += INDUSTRY
        raw.append((INDUSTRY, R_INDUSTRY, {}))
    wanted = vacancy["_skills"]
    if wanted:
        matched = [s for s in wanted if s in seeker["_skills"]]
        if matched:
            points = round(SKILLS * len(matched) / len(wanted))
            match.score += points
            raw.append((points, R_SKILLS, {"skills": "、".join(matched)}))
    if seeker.get("area_id") == vacancy.get("area_id"):
        match.score += SAME_AREA
        raw.append((SAME_AREA, R_AREA, {}))
    if seeker.get("hours") and seeker["hours"] == vacancy.get("hours"):
        match.score += HOURS
        raw.append((HOURS, R_HOURS, {}))
    expected = seeker.get("pay_expected")
    top = vacancy.get("pay_max") or vacancy.get("pay_min")
    if expected and top:
        if top >= expected:
            match.score += PAY
            raw.append((PAY, R_PAY, {}))
        elif top >= expected * 0.8:
            match.score += PAY // 2
            raw.append((PAY // 2, R_PAY_NEAR, {}))
    if seeker["_education_rank"] < vacancy["_education_rank"]:
        match.score += UNMET
        match.unmet_count += 1
        raw.append((UNMET, R_EDUCATION, {}))
    birth = seeker.get("birth_date")
    if birth and (vacancy.get("age_min") or vacancy.get("age_max")):
        age = age_on(birth, today)
        if (vacancy.get("age_min") and age < vacancy["age_min"]) or (
            vacancy.get("age_max") and age > vacancy["age_max"]
        ):
            match.score += UNMET
            match.unmet_count += 1
            raw.append((UNMET, R_AGE, {"age": age}))
    return match


def rank(pairs: list[tuple[Any, Match]]) -> list[tuple[Any, Match]]:
    """Best first; ties broken by fewer unmet requirements, then by the row's id."""
    return sorted(pairs, key=lambda pair: (-pair[1].score, pair[1].unmet_count, pair[0]["id"]))
