"""The resident's satisfaction link and the figures given to the metrics engine."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from cases.indicators import INDICATORS, satisfaction, ventures_cultivated
from cases.models import Case, SatisfactionRating
from cases.services import case_open, case_transition


def _close(case: Case, user) -> Case:
    case_transition(case=case, user=user, action="start")
    return case_transition(case=case, user=user, action="close", outcome="已办结")


def test_the_rating_link_works_once_without_an_account(client, case_a, committee_user_a):
    case = _close(case_a, committee_user_a)
    url = f"/cases/rate/{case.rating_code}/"
    page = client.get(url)
    assert page.status_code == 200 and "服务满意度评价" in page.content.decode()
    done = client.post(url, {"score": "4", "comment": "工作人员很耐心"})
    assert done.status_code == 200 and "感谢您的评价" in done.content.decode()
    rating = SatisfactionRating.objects.get(case=case)
    assert (rating.score, rating.comment) == (4, "工作人员很耐心")
    again = client.post(url, {"score": "1"})
    assert "已经评价过了" in again.content.decode()
    assert SatisfactionRating.objects.get(case=case).score == 4


def test_rating_codes_are_unguessable(case_a, committee_user_a, person_a, job_matching):
    other = case_open(service=job_matching, opened_by=committee_user_a, person=person_a)
    codes = {_close(case_a, committee_user_a).rating_code, _close(other, committee_user_a).rating_code}
    assert len(codes) == 2
    assert all(len(code) >= 32 and code.replace("-", "").replace("_", "").isalnum() for code in codes)


@pytest.mark.parametrize("code", ["ZQ2026-000001", "1", "x" * 32, "0" * 40])
def test_unknown_or_short_codes_are_404(client, case_a, committee_user_a, code):
    _close(case_a, committee_user_a)
    assert client.get(f"/cases/rate/{code}/").status_code == 404
    assert client.get(f"/cases/rate/{case_a.ref}/").status_code == 404


def test_open_cases_have_no_link(case_a):
    assert case_a.rating_code is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请选择评分"),
        ({"score": "0"}, "评分必须在 1 到 5 之间"),
        ({"score": "6"}, "评分必须在 1 到 5 之间"),
        ({"score": "abc"}, "评分必须在 1 到 5 之间"),
        ({"score": "3", "comment": "长" * 1001}, "不能超过 1000 字"),
    ],
)
def test_bad_ratings_are_rejected_with_a_chinese_message(client, case_a, committee_user_a, data, message):
    case = _close(case_a, committee_user_a)
    response = client.post(f"/cases/rate/{case.rating_code}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SatisfactionRating.objects.exists()


def test_indicators_count_cultivated_ventures_and_the_mean_rating(
    client, committee_user_a, venture_a, person_a, diagnosis, job_matching
):
    assert set(INDICATORS) == {"ventures_cultivated", "satisfaction"}
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    with time_machine.travel(datetime.date(2026, 3, 2), tick=False):
        for _ in range(2):  # two closed cases of the same venture count once
            _close(case_open(service=diagnosis, opened_by=committee_user_a, venture=venture_a), committee_user_a)
        case_open(service=diagnosis, opened_by=committee_user_a, venture=venture_a)  # open: not resolved
        closed_person = _close(
            case_open(service=job_matching, opened_by=committee_user_a, person=person_a), committee_user_a
        )
        client.post(f"/cases/rate/{closed_person.rating_code}/", {"score": "5"})
        closed_venture = Case.objects.filter(venture=venture_a, status="closed").first()
        client.post(f"/cases/rate/{closed_venture.rating_code}/", {"score": "2"})
    count, ventures = ventures_cultivated(start=start, end=end)
    assert count == 1 and list(ventures) == [venture_a]
    assert ventures_cultivated(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))[0] == 0
    mean, ratings = satisfaction(start=start, end=end)
    assert mean == 3.5 and ratings.count() == 2
    assert satisfaction(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))[0] is None
