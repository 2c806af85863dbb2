"""The match score: each factor moves the rank the right way, and says why."""

from __future__ import annotations

import datetime

import pytest

from jobmatching.matching import score

TODAY = datetime.date(2026, 6, 1)
SEEKER = {
    "area_id": 1,
    "birth_date": datetime.date(1995, 5, 1),
    "desired_job": "仓库管理员，分拣员",
    "industries": ["smart_logistics"],
    "hours": "full_time",
    "pay_expected": 6000,
    "skills": "叉车、仓储管理",
    "education": "senior",
}
VACANCY = {
    "id": 1,
    "title": "办公室文员",
    "industry": "commerce",
    "area_id": 2,
    "hours": "shift",
    "pay_min": 3000,
    "pay_max": 4000,
    "skills": "",
    "education_min": "none",
    "age_min": None,
    "age_max": None,
}


def with_(**changes):
    return {**VACANCY, **changes}


def test_a_plain_vacancy_scores_zero_and_fits():
    match = score(SEEKER, VACANCY, today=TODAY)
    assert match.score == 0 and match.fits and match.reasons == []


@pytest.mark.parametrize(
    ("change", "points", "reason_part"),
    [
        ({"title": "仓库管理员"}, 25, "意向岗位"),
        ({"industry": "smart_logistics"}, 20, "意向行业"),
        ({"skills": "叉车、电工证"}, 10, "叉车"),
        ({"skills": "叉车，仓储管理"}, 20, "仓储管理"),
        ({"area_id": 1}, 15, "本居村委"),
        ({"hours": "full_time"}, 10, "工作时间"),
        ({"pay_max": 6500}, 10, "薪酬达到期望"),
        ({"pay_max": 5000}, 5, "薪酬接近期望"),
    ],
)
def test_each_factor_adds_its_points_with_a_reason(change, points, reason_part):
    base = score(SEEKER, VACANCY, today=TODAY).score
    match = score(SEEKER, with_(**change), today=TODAY)
    assert match.score - base == points
    assert any(reason_part in reason for _, reason in match.reasons)


def test_requirements_not_met_are_penalised_and_flagged():
    too_educated = score(SEEKER, with_(education_min="bachelor"), today=TODAY)
    assert too_educated.score == -30 and not too_educated.fits and "学历未达要求" in too_educated.unmet
    too_old = score(SEEKER, with_(age_max=30), today=TODAY)  # 31 on 2026-06-01
    assert not too_old.fits and too_old.score == -30
    just_right = score(SEEKER, with_(age_min=31, age_max=31), today=TODAY)
    assert just_right.fits


def test_ranking_orders_by_score_then_fewer_unmet_then_id():
    from jobmatching.matching import rank

    rows = [
        ({"id": 3}, score(SEEKER, with_(id=3, area_id=1), today=TODAY)),
        ({"id": 1}, score(SEEKER, with_(id=1, title="仓库管理员", industry="smart_logistics"), today=TODAY)),
        ({"id": 2}, score(SEEKER, with_(id=2, area_id=1), today=TODAY)),
    ]
    assert [row["id"] for row, _ in rank(rows)] == [1, 2, 3]


def test_a_seeker_with_no_profile_still_gets_area_points():
    bare = {"area_id": 1, "birth_date": datetime.date(1990, 1, 1)}
    assert score(bare, with_(area_id=1), today=TODAY).score == 15
