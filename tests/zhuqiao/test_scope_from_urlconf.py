"""The scope rule, probed on every route of the URLconf that takes an object id (issue 16 point 13).

The routes are read from the URLconf, not listed by hand: committee A's staff asking for committee
B's object get a 404 (pages: and exactly one audit entry), department staff asking for a person
outside their cases the same. Which model an id names is known from the API viewset itself; for
pages from ``PAGE_OBJECTS`` by the path in front of the id. A new page route whose id is not
classified there (or in ``NOT_SCOPED``) fails ``test_every_route_taking_an_id_is_classified``: it
is covered as soon as it exists, nobody has to remember to add it to a probe list.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from zhuqiao.models import Area, AuditEntry

# The path in front of an id on a page route -> the model whose id it is.
PAGE_OBJECTS: dict[str, str] = {
    "people/<int:pk>": "jobseekers.Person",
    "people/memberships/<int:pk>": "jobseekers.TargetGroupMembership",
    "people/employments/<int:pk>": "jobseekers.Employment",
    "people/households/<int:pk>": "jobseekers.Household",
    "ventures/<int:pk>": "entrepreneurs.Venture",
    "ventures/<int:pk>/startup-services/<int:service_pk>": "cases.ServiceType",
    "ventures/policies/<int:pk>": "entrepreneurs.Policy",
    "ventures/role-models/<int:pk>": "entrepreneurs.RoleModel",
    "ventures/role-models/photos/<int:pk>": "entrepreneurs.RoleModelPhoto",
    "cases/<int:pk>": "cases.Case",
    "cases/attachments/<int:pk>": "cases.Attachment",
    "carriers/<int:pk>": "incubators.Carrier",
    "carriers/<int:pk>/points/<int:point_pk>": "incubators.ServicePoint",
    "carriers/residencies/<int:pk>": "incubators.Residency",
    "carriers/organisations/<int:pk>": "incubators.ServiceOrganisation",
    "activities/<int:pk>": "activities.Activity",
    "activities/files/<int:pk>": "activities.Attachment",
    "activities/cohorts/<int:pk>": "activities.TrainingCohort",
    "activities/cohorts/enrolments/<int:pk>": "activities.Enrolment",
    "activities/brands/<int:pk>": "activities.Brand",
    "activities/brands/coverage/<int:pk>": "activities.BrandCoverage",
    "activities/evidence/<int:pk>": "activities.Evidence",
    "consultations/bookings/<int:pk>": "consultations.Booking",
    "rosters/runs/<int:pk>": "rosters.ImportRun",
    "jobs/vacancies/<int:pk>": "jobmatching.Vacancy",
    "jobs/employers/<int:pk>": "jobmatching.Employer",
    "jobs/people/<int:person_pk>": "jobseekers.Person",
    "jobs/recommendations/<int:pk>": "jobmatching.Recommendation",
    "jobs/checks/<int:pk>": "jobmatching.PlacementCheck",
    "people/unemployment/<int:pk>": "jobseekers.UnemploymentRegistration",
    "ventures/teams/<int:pk>": "entrepreneurs.FoundingTeam",
    "carriers/teams/<int:pk>": "entrepreneurs.FoundingTeam",
    "carriers/space/<int:case_pk>": "cases.Case",
}

# Ids of records that belong to no committee: town-wide work, the public booking pages.
NOT_SCOPED: dict[str, str] = {
    "consultations/book/<slug:topic_code>/<int:slot_id>": "a public booking slot",
    "consultations/blocks/<int:pk>": "no-show blocks are lifted by centre staff, town-wide",
    "dashboard/recompute/<int:pk>": "a recompute run of the town's indicators",
    "activities/evidence/<int:year>": "a year, not an object",
    "dashboard/report/<int:year>": "a year, not an object",
    "activities/decisions/<int:pk>": "a joint meeting's decision is town-wide work (indicator 2); only its "
    "owner department or the centre may close it (403 otherwise)",
    "dashboard/snapshots/<int:pk>": "the town's snapshot of a month-end; a committee signs only its own "
    "committee's figures (checked against the user's committee)",
    "activities/<int:pk>/participants/<int:person_id>": "the organiser removes a participation of their own "
    "activity (others get 403); the person is not read",
}

# API routes whose viewset names no queryset: the model their id names.
API_OBJECTS: dict[str, str] = {"jobs-match-detail": "jobseekers.Person"}

# Records without a scope rule of their own, visible exactly when this parent is.
SCOPED_BY_PARENT: dict[str, str] = {"cases.Attachment": "case"}

_PAGE_ID = re.compile(r"<int:(\w+)>")
_API_ID = re.compile(r"\(\?P<pk>")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    pattern: URLPattern
    api_model: type[models.Model] | None

    def __str__(self) -> str:
        return self.name


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner or "")
        else:
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield prefix + str(entry.pattern), name, entry


def routes_taking_an_id() -> list[Route]:
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "format" in route:
            continue
        view_class = getattr(pattern.callback, "cls", None)
        if route.startswith("api/") and _API_ID.search(route) and view_class is not None:
            queryset = getattr(view_class, "queryset", None)
            model = queryset.model if queryset is not None else None
            if model is None and name in API_OBJECTS:
                model = apps.get_model(API_OBJECTS[name])
            found.append(Route(name, route, pattern, model))
        elif not route.startswith("api/") and _PAGE_ID.search(route):
            found.append(Route(name, route, pattern, None))
    return found


ROUTES = routes_taking_an_id()
API_ROUTES = [r for r in ROUTES if r.route.startswith("api/")]
PAGE_ROUTES = [r for r in ROUTES if not r.route.startswith("api/")]


def _id_prefixes(route: str) -> list[tuple[str, str]]:
    """(converter name, the path up to and including it) for every id of a page route."""
    return [(m.group(1), route[: m.end()]) for m in _PAGE_ID.finditer(route)]


def _not_scoped(route: str) -> bool:
    return any(route.startswith(prefix) for prefix in NOT_SCOPED)


def test_every_route_taking_an_id_is_classified():
    assert len(API_ROUTES) >= 30 and len(PAGE_ROUTES) >= 70  # the URLconf was read
    unknown = [
        f"{r.name}: {prefix}"
        for r in PAGE_ROUTES
        if not _not_scoped(r.route)
        for _name, prefix in _id_prefixes(r.route)
        if prefix not in PAGE_OBJECTS
    ]
    assert not unknown, "say in PAGE_OBJECTS (or NOT_SCOPED) which model these ids name: " + ", ".join(unknown)
    assert all(r.api_model is not None for r in API_ROUTES)


# --- building a record of committee B ----------------------------------------------------------


def _factory_for(model: type[models.Model]) -> Any:
    import importlib
    import pkgutil

    from factory.django import DjangoModelFactory

    import tests.factories as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"tests.factories.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DjangoModelFactory) and value._meta.model is model:
                return value
    return None


def _builders(area: Area) -> dict[str, Callable[[], models.Model]]:
    from tests.factories.activities import ActivityFactory
    from tests.factories.cases import CaseFactory, FollowUpFactory
    from tests.factories.entrepreneurs import RoleModelFactory
    from tests.factories.jobmatching import ProfileFactory, VacancyFactory
    from tests.factories.jobseekers import PersonFactory

    def recommendation() -> models.Model:
        return apps.get_model("jobmatching", "Recommendation").objects.create(
            person=PersonFactory(area=area), vacancy=VacancyFactory(), recommended_on=datetime.date(2026, 3, 2)
        )

    return {
        "cases.Case": lambda: CaseFactory(person__area=area),
        "cases.FollowUp": lambda: FollowUpFactory(case__person__area=area),
        "cases.Attachment": lambda: apps.get_model("cases", "Attachment").objects.create(
            case=CaseFactory(person__area=area),
            file="cases/probe.pdf",
            original_name="probe.pdf",
            content_type="application/pdf",
            size=1,
        ),
        "entrepreneurs.RoleModelPhoto": lambda: apps.get_model("entrepreneurs", "RoleModelPhoto").objects.create(
            role_model=RoleModelFactory(venture__area=area), image="role_models/probe.jpg"
        ),
        "rosters.ImportRun": lambda: apps.get_model("rosters", "ImportRun").objects.create(
            area=area, original_name="probe.xlsx", file="rosters/probe.xlsx"
        ),
        "jobmatching.Recommendation": recommendation,
        "entrepreneurs.FoundingTeam": lambda: apps.get_model("entrepreneurs", "FoundingTeam").objects.create(
            name="探针团队", idea="探针", area=area, first_contact_on=datetime.date(2026, 3, 2)
        ),
        "jobseekers.UnemploymentRegistration": lambda: apps.get_model(
            "jobseekers", "UnemploymentRegistration"
        ).objects.create(person=PersonFactory(area=area), registered_on=datetime.date(2026, 3, 2)),
        "jobmatching.PlacementCheck": lambda: apps.get_model("jobmatching", "PlacementCheck").objects.create(
            recommendation=recommendation(), kind="3m", due_on=datetime.date(2026, 6, 2)
        ),
        "jobmatching.JobSeekerProfile": lambda: ProfileFactory(person__area=area),
        "activities.Attachment": lambda: apps.get_model("activities", "Attachment").objects.create(
            kind="photo",
            # A file that exists: the town-wide probe below is answered with its content.
            file=ContentFile(b"\xff\xd8\xff\xe0probe", name="probe.jpg"),
            original_name="probe.jpg",
            content_type="image/jpeg",
            size=1,
            activity=ActivityFactory(),
        ),
    }


def build_in(model: type[models.Model], area: Area) -> models.Model:
    """A record of ``model`` belonging to committee ``area`` (if the model belongs to committees)."""
    custom = _builders(area).get(model._meta.label)
    if custom is not None:
        return custom()
    factory = _factory_for(model)
    assert factory is not None, f"no factory or builder for {model._meta.label}: add one to _builders"
    path = getattr(model, "scope_area_path", None)
    if path is None:
        return factory()
    # "person__area" -> person__area=area for the factory's SubFactory
    return factory(**{path: area})


def hidden_from(user: Any, obj: models.Model) -> bool:
    """Whether the record lies outside the user's scope (so that a probe must be refused)."""
    parent = SCOPED_BY_PARENT.get(obj._meta.label)
    if parent is not None:
        return hidden_from(user, getattr(obj, parent))
    manager = type(obj)._default_manager
    if not hasattr(manager, "for_user"):
        return False
    return not manager.for_user(user).filter(pk=obj.pk).exists()


def _page_url(route: Route, ids: dict[str, Any]) -> str:
    url = "/" + route.route
    for name, value in ids.items():
        url = url.replace(f"<int:{name}>", str(value))
    url = re.sub(r"<str:\w+>|<slug:\w+>", "probe", url)
    return url


def _probe(client: Any, url: str) -> int:
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response.status_code


def _denials() -> int:
    return AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).count()


def _assert_town_wide_answered(status: int, where: str) -> None:
    """A record every member of staff reads (town-wide work: a policy, a carrier, an activity) is
    not hidden: the probe is answered (shown, or refused with 403 where only its owner may change
    it, or a form's 400), never a 404 that would mean the scope rule took it for another
    committee's, and never a server error."""
    assert status != 404 and status < 500, f"{where}: {status}"


def _page_ids(route: Route, area: Area, user: Any) -> tuple[dict[str, Any], bool]:
    """Ids for every converter of the route, and whether one of them names a record hidden from
    the user (then the route must answer 404)."""
    ids, hidden = {}, False
    for name, prefix in _id_prefixes(route.route):
        model = apps.get_model(PAGE_OBJECTS[prefix])
        obj = build_in(model, area)
        ids[name] = obj.pk
        hidden = hidden or hidden_from(user, obj)
    return ids, hidden


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in PAGE_ROUTES if not _not_scoped(r.route)], ids=str)
def test_committee_staff_probing_another_committees_record_on_a_page_get_404_and_one_audit_entry(
    client_for, committee_user_a, area_b, route
):
    ids, hidden = _page_ids(route, area_b, committee_user_a)
    before = _denials()
    status = _probe(client_for(committee_user_a), _page_url(route, ids))
    if hidden:
        assert status == 404, route.route
        assert _denials() - before == 1, route.route
    else:
        _assert_town_wide_answered(status, route.route)


@pytest.mark.django_db
@pytest.mark.parametrize("route", API_ROUTES, ids=str)
def test_committee_staff_probing_another_committees_record_through_the_api_get_404(
    api_client_for, committee_user_a, area_b, route
):
    assert route.api_model is not None
    obj = build_in(route.api_model, area_b)
    url = "/" + route.route.replace("^", "").replace("$", "")
    url = re.sub(r"\(\?P<pk>[^)]*\)", str(obj.pk), url)
    before = _denials()
    status = _probe(api_client_for(committee_user_a), url)
    if hidden_from(committee_user_a, obj):
        assert status == 404, url
        assert _denials() - before == 1, url
    else:
        _assert_town_wide_answered(status, url)


PERSON_PAGE_ROUTES = [
    r
    for r in PAGE_ROUTES
    if not _not_scoped(r.route) and "jobseekers.Person" in {PAGE_OBJECTS.get(p) for _n, p in _id_prefixes(r.route)}
]
PERSON_API_ROUTES = [
    r for r in API_ROUTES if r.api_model is not None and r.api_model._meta.label == "jobseekers.Person"
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", PERSON_PAGE_ROUTES, ids=str)
def test_department_staff_probing_a_person_outside_their_cases_on_a_page_get_404_and_one_audit_entry(
    client_for, department_user, area_b, route
):
    ids, hidden = _page_ids(route, area_b, department_user)
    assert hidden
    before = _denials()
    assert _probe(client_for(department_user), _page_url(route, ids)) == 404, route.route
    assert _denials() - before == 1, route.route


@pytest.mark.django_db
@pytest.mark.parametrize("route", PERSON_API_ROUTES, ids=str)
def test_department_staff_probing_a_person_outside_their_cases_through_the_api_get_404(
    api_client_for, department_user, area_b, route
):
    from tests.factories.jobseekers import PersonFactory

    person = PersonFactory(area=area_b)
    url = re.sub(r"\(\?P<pk>[^)]*\)", str(person.pk), "/" + route.route.replace("^", "").replace("$", ""))
    before = _denials()
    assert _probe(api_client_for(department_user), url) == 404, url
    assert _denials() - before == 1, url
