"""Fresh numbers per committee (METRICS.md, Freshness): the refresh after an edit counts the
committees of the changed records and the town, and carries every other committee's numbers
over from the current snapshot of the day; a change whose committees are unknown counts them all.

To tell a carried number from a counted one, some tests add a record without signals
(``bulk_create``, as a raw SQL fix would): a committee counted again sees it, a carried one does
not, and the town, always counted, does.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction

from jobseekers import clearance
from jobseekers.models import Employment, TargetGroupMembership
from metrics import freshness
from metrics.models import Snapshot, SnapshotValue
from metrics.selectors import snapshot_current, snapshot_document
from metrics.services import metrics_compute, target_set
from tests.factories import AreaFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory
from zhuqiao.models import Area

pytestmark = pytest.mark.django_db
D = datetime.date
MORNING = datetime.datetime(2025, 7, 1, 2, 0, tzinfo=datetime.UTC)  # 10:00 on 1 July in Shanghai
LATER = MORNING + datetime.timedelta(minutes=5)
TODAY = D(2025, 7, 1)
GROUP = TargetGroupMembership.Group.DIFFICULTY


@pytest.fixture(autouse=True)
def _fresh_claims(settings):  # type: ignore[no-untyped-def]
    settings.METRICS_REFRESH_DEBOUNCE = 0
    cache.delete_many([freshness.pending_key(2025), freshness.running_key(2025), freshness.areas_key(2025)])
    yield
    cache.delete_many([freshness.pending_key(2025), freshness.running_key(2025), freshness.areas_key(2025)])


@pytest.fixture
def area_c(db: None) -> Area:
    return AreaFactory(code="A03", name="演示03村", kind=Area.Kind.VILLAGE)


def _worklist_person(area: Area, name: str):  # type: ignore[no-untyped-def]
    person = PersonFactory(area=area, name=name)
    MembershipFactory(person=person, group=GROUP, start_date=D(2025, 1, 1))
    return person


@pytest.fixture
def committees(area_a, area_b, area_c, settings):  # type: ignore[no-untyped-def]
    """One person to help in each of A01, A02 and A03 (A02 also one already employed), counted
    at 10:00 on 1 July 2025; from then on, edits are followed."""
    people = {area.code: _worklist_person(area, f"待业{area.code}") for area in (area_a, area_b, area_c)}
    employed = _worklist_person(area_b, "已就业A02")
    EmploymentFactory(person=employed, start_date=D(2025, 3, 1))
    with time_machine.travel(MORNING, tick=False):
        metrics_compute(year=2025)
    settings.METRICS_REFRESH_ON_EDIT = True
    return people


def _silent_job(person) -> None:  # type: ignore[no-untyped-def]
    """A job recorded without signals: no refresh is asked for and no committee is noted."""
    Employment.objects.bulk_create([EmploymentFactory.build(person=person, start_date=D(2025, 6, 1))])


def _employed(snapshot: Snapshot, code: str | None = None) -> int:
    document = snapshot_document(snapshot)
    block = document["town"] if code is None else document["areas"][code]
    return block["clearance_difficulty_employed"]


def _drill_down(area: Area) -> tuple[int, int]:
    """(base, employed) of the difficulty group in a committee, as its drill-down lists them."""
    base = clearance.clearance_base(group=GROUP, year=2025, as_of=TODAY).filter(area=area).count()
    employed = clearance.clearance_employed(group=GROUP, year=2025, as_of=TODAY).filter(area=area).count()
    return base, employed


def _card(snapshot: Snapshot, area: Area) -> tuple[int, int]:
    block = snapshot_document(snapshot)["areas"][area.code]
    return block["clearance_difficulty_base"], block["clearance_difficulty_employed"]


def _values(snapshot: Snapshot, area: Area) -> dict[str, Decimal | None]:
    return dict(SnapshotValue.objects.filter(snapshot=snapshot, area=area).values_list("code", "value"))


def _edit(callback_capture, fn) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False), callback_capture(execute=True), transaction.atomic():
        fn()


def test_an_edit_in_one_committee_refreshes_it_and_the_town_and_carries_the_others_over_unchanged(
    committees, area_a, area_b, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot_current(year=2025)
    assert before.as_of == TODAY and _card(before, area_a) == (1, 0) and _card(before, area_b) == (2, 1)
    _edit(django_capture_on_commit_callbacks, lambda: EmploymentFactory(person=committees["A01"], start_date=TODAY))
    after = snapshot_current(year=2025)
    assert after.pk != before.pk and after.computed_at == LATER  # the card says when it was counted
    assert _card(after, area_a) == (1, 1) == _drill_down(area_a)
    assert _employed(after) == 2  # the town: A01's new job and A02's
    assert _values(after, area_b) == _values(before, area_b)  # carried over, every code
    assert _card(after, area_b) == (2, 1) == _drill_down(area_b)
    assert set(SnapshotValue.objects.filter(snapshot=after).values_list("area_id", flat=True)) == set(
        SnapshotValue.objects.filter(snapshot=before).values_list("area_id", flat=True)
    )


def test_a_committee_without_an_edit_keeps_its_numbers_while_the_town_is_counted_again(
    committees, area_a, area_c, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    _edit(django_capture_on_commit_callbacks, lambda: EmploymentFactory(person=committees["A01"], start_date=TODAY))
    after = snapshot_current(year=2025)
    assert _employed(after, "A01") == 1  # counted again
    assert _employed(after, "A03") == 0  # carried over: no edit of A03 was seen
    assert _employed(after) == 3  # the town is always counted: A01, A02 and the silent A03 job


def test_a_person_moved_to_another_committee_refreshes_both(
    committees, area_a, area_b, area_c, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    moved = committees["A01"]

    def move() -> None:
        moved.area = area_b
        moved.save()

    _edit(django_capture_on_commit_callbacks, move)
    after = snapshot_current(year=2025)
    assert _card(after, area_a) == (0, 0) == _drill_down(area_a)
    assert _card(after, area_b) == (3, 1) == _drill_down(area_b)
    assert _employed(after, "A03") == 0  # not touched by the move: carried over


def test_a_target_change_falls_back_to_counting_every_committee(
    committees, area_c, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    _edit(
        django_capture_on_commit_callbacks,
        lambda: target_set(year=2025, code="successful_entrepreneurs", value=12),
    )
    after = snapshot_current(year=2025)
    assert after.computed_at == LATER
    assert _card(after, area_c) == (1, 1) == _drill_down(area_c)  # counted again with the others
    assert snapshot_document(after)["town"]["successful_entrepreneurs_target"] == 12


def test_a_refresh_asked_for_without_committees_counts_every_committee(committees, area_c) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    with time_machine.travel(LATER, tick=False):
        assert freshness.refresh_requested(reason="edit") is True  # eager: ran at once
    assert _card(snapshot_current(year=2025), area_c) == (1, 1) == _drill_down(area_c)


def test_the_first_refresh_of_a_day_counts_every_committee(
    committees, area_c, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    next_day = LATER + datetime.timedelta(days=1)
    with (
        time_machine.travel(next_day, tick=False),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        EmploymentFactory(person=committees["A01"], start_date=TODAY)
    after = snapshot_current(year=2025)
    assert after.as_of == D(2025, 7, 2)  # no snapshot of 2 July to carry from
    assert _employed(after, "A01") == 1 and _employed(after, "A03") == 1


@pytest.mark.django_db(transaction=True)  # two transactions that really commit
def test_a_debounced_burst_of_edits_in_two_committees_refreshes_both(committees, area_a, area_b, area_c) -> None:  # type: ignore[no-untyped-def]
    _silent_job(committees["A03"])
    with time_machine.travel(LATER, tick=False):
        cache.set(freshness.pending_key(2025), "claimed by the first edit", 60)  # its task waits
        with transaction.atomic():
            EmploymentFactory(person=committees["A01"], start_date=TODAY)
        with transaction.atomic():
            _worklist_person(area_b, "新登记A02")
        assert snapshot_current(year=2025).computed_at == MORNING  # nothing counted yet
        freshness.refresh_current_period(year=2025)  # the debounced task
    after = snapshot_current(year=2025)
    assert after.computed_at == LATER
    assert _card(after, area_a) == (1, 1) == _drill_down(area_a)
    assert _card(after, area_b) == (3, 1) == _drill_down(area_b)
    assert _employed(after, "A03") == 0  # carried over
    assert cache.get(freshness.pending_key(2025)) is None
    assert freshness.refresh_status(2025) == {"pending": False, "running": False}


def test_an_edit_of_a_job_counts_the_clearance_goals_again_and_keeps_the_other_numbers(
    committees, area_a, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories.entrepreneurs import RoleModelFactory

    settings.METRICS_REFRESH_ON_EDIT = False  # two role models recorded, not followed (as a fix in SQL)
    RoleModelFactory.create_batch(2, area=area_a, year=2025)
    settings.METRICS_REFRESH_ON_EDIT = True
    before = snapshot_current(year=2025)
    _edit(django_capture_on_commit_callbacks, lambda: EmploymentFactory(person=committees["A01"], start_date=TODAY))
    after = snapshot_current(year=2025)
    town_before, town_after = snapshot_document(before)["town"], snapshot_document(after)["town"]
    assert town_after["clearance_difficulty_employed"] == town_before["clearance_difficulty_employed"] + 1
    assert town_after["role_models"] == town_before["role_models"] == 0  # indicators 2-7 kept
    a01 = _values(after, area_a)
    assert a01["role_models"] == 0 and a01["clearance_difficulty_employed"] == 1
    assert set(a01) == set(_values(before, area_a))  # every code of the committee still there


def test_a_refresh_that_fails_leaves_every_committee_to_the_next_one(committees, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from metrics import services

    def broken(**_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "metrics_refresh_areas", broken)
    freshness._note_areas(2025, {committees["A01"].area_id})
    with time_machine.travel(LATER, tick=False), pytest.raises(RuntimeError):
        freshness.refresh_current_period(year=2025)
    assert freshness._take_areas(2025) is None  # every committee next time


def test_the_committees_of_a_record_are_those_its_numbers_count_in(committees, area_a, area_b) -> None:  # type: ignore[no-untyped-def]
    from entrepreneurs.models import Policy
    from tests.factories.entrepreneurs import VentureFactory

    person = committees["A01"]
    venture = VentureFactory(area=area_b, founder=person)
    assert freshness.affected_areas(person) == {area_a.pk, area_b.pk}  # own committee, founded venture's
    assert freshness.affected_areas(person.memberships.get()) == {area_a.pk}
    assert freshness.affected_areas(venture) == {area_b.pk}
    assert freshness.affected_areas(Policy()) is None  # town-wide: every committee


def test_a_transaction_changing_many_records_counts_every_committee(
    committees, area_c, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(freshness, "MAX_RECORDS", 1)  # an import-sized batch, in small
    _silent_job(committees["A03"])

    def batch() -> None:
        EmploymentFactory(person=committees["A01"], start_date=TODAY)
        EmploymentFactory(person=committees["A02"], start_date=TODAY)
        EmploymentFactory(person=committees["A01"], start_date=D(2025, 6, 1))

    _edit(django_capture_on_commit_callbacks, batch)
    assert _card(snapshot_current(year=2025), area_c) == (1, 1) == _drill_down(area_c)
