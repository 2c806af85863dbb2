"""What higher apps add to the jobseekers app, registered in their ``AppConfig.ready()``, so
that jobseekers imports no app above it (the layers are declared in pyproject.toml and checked
by import-linter). Cases registers the department-staff scope, its help counts, its timeline
entries and the worklists' contact annotation; activities its help counts, timeline entries and
the trainees group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

# user -> the persons a department user may see (None: no rule of this extension)
PersonScopeRule = Callable[[Any], Q | None]
# person -> named counts of the help the person had
HelpCounter = Callable[[Any], dict[str, int]]
# (person, user, limit) -> timeline events {"on", "kind", "text", "verb"}
TimelineSource = Callable[[Any, Any, int], list[dict[str, Any]]]
# (queryset, person_path) -> the queryset annotated with open_cases, last_contact_on, next_followup_on
ContactAnnotation = Callable[[QuerySet[Any], str], QuerySet[Any]]
# (user, person ids) -> the ids of those persons with a case the user may open
CasePersons = Callable[[Any, list[int]], set[int]]
# day -> the condition of a target group on Person
GroupCondition = Callable[[Any], Q]

department_scope_rules: list[PersonScopeRule] = []
help_counters: list[HelpCounter] = []
timeline_sources: list[TimelineSource] = []
contact_annotations: list[ContactAnnotation] = []
case_persons: list[CasePersons] = []
group_conditions: dict[str, GroupCondition] = {}


def _add(registry: list[Any], item: Any) -> None:
    if item not in registry:  # ready() may run twice in tests
        registry.append(item)


def register_department_scope(rule: PersonScopeRule) -> None:
    _add(department_scope_rules, rule)


def register_help_counter(counter: HelpCounter) -> None:
    _add(help_counters, counter)


def register_timeline_source(source: TimelineSource) -> None:
    _add(timeline_sources, source)


def register_contact_annotation(annotate: ContactAnnotation) -> None:
    _add(contact_annotations, annotate)


def register_case_persons(lookup: CasePersons) -> None:
    _add(case_persons, lookup)


def register_group_condition(code: str, condition: GroupCondition) -> None:
    group_conditions[code] = condition
