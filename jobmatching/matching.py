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

from django.utils.translation import gettext as _

from jobmatching.models import EDUCATION_RANK, split_terms

JOB_WISH = 25
INDUSTRY = 20
SKILLS = 20
SAME_AREA = 15
HOURS = 10
PAY = 10
UNMET = -30


@dataclass
class Match:
    score: int
    reasons: list[tuple[int, str]] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return not self.unmet


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def score(seeker: dict[str, Any], vacancy: dict[str, Any], *, today: datetime.date) -> Match:
    """Score one seeker against one vacancy.

    ``seeker`` keys: area_id, birth_date, desired_job, industries, hours, pay_expected, skills,
    education. ``vacancy`` keys: title, industry, area_id, hours, pay_min, pay_max, skills,
    education_min, age_min, age_max.
    """
    match = Match(score=0)

    def add(points: int, reason: str) -> None:
        match.score += points
        match.reasons.append((points, reason))

    title = vacancy["title"] or ""
    wishes = split_terms(seeker.get("desired_job") or "")
    hit = next((w for w in wishes if w and (w in title or title in w)), None)
    if hit:
        add(JOB_WISH, _("意向岗位“%(wish)s”与岗位名称相符") % {"wish": hit})
    if vacancy["industry"] and vacancy["industry"] in (seeker.get("industries") or []):
        add(INDUSTRY, _("属于意向行业"))
    wanted = split_terms(vacancy.get("skills") or "")
    if wanted:
        have = set(split_terms(seeker.get("skills") or ""))
        matched = [s for s in wanted if s in have]
        if matched:
            add(round(SKILLS * len(matched) / len(wanted)), _("具备技能：%(skills)s") % {"skills": "、".join(matched)})
    if seeker.get("area_id") == vacancy.get("area_id"):
        add(SAME_AREA, _("工作地点在本居村委"))
    if seeker.get("hours") and seeker["hours"] == vacancy.get("hours"):
        add(HOURS, _("工作时间符合意向"))
    expected = seeker.get("pay_expected")
    top = vacancy.get("pay_max") or vacancy.get("pay_min")
    if expected and top:
        if top >= expected:
            add(PAY, _("薪酬达到期望"))
        elif top >= expected * 0.8:
            add(PAY // 2, _("薪酬接近期望"))
    need = vacancy.get("education_min") or "none"
    if EDUCATION_RANK.get(seeker.get("education") or "none", 0) < EDUCATION_RANK.get(need, 0):
        match.unmet.append(_("学历未达要求"))
        add(UNMET, _("学历未达要求"))
    birth = seeker.get("birth_date")
    if birth and (vacancy.get("age_min") or vacancy.get("age_max")):
        age = age_on(birth, today)
        if (vacancy.get("age_min") and age < vacancy["age_min"]) or (
            vacancy.get("age_max") and age > vacancy["age_max"]
        ):
            match.unmet.append(_("年龄不在要求范围"))
            add(UNMET, _("年龄不在要求范围（%(age)s岁）") % {"age": age})
    return match


def rank(pairs: list[tuple[Any, Match]]) -> list[tuple[Any, Match]]:
    """Best first; ties broken by fewer unmet requirements, then by the row's id."""
    return sorted(pairs, key=lambda pair: (-pair[1].score, len(pair[1].unmet), pair[0]["id"]))
