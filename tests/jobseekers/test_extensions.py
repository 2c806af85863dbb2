"""The jobseekers app imports no higher app: cases and activities fill in its extension points
in their ready(), and the home page's overdue decisions come through the desk's panels."""

from __future__ import annotations

from activities import person_hooks as activity_hooks
from cases import person_hooks as case_hooks
from jobseekers import extensions
from zhuqiao import desk


def test_the_cases_app_registers_the_person_scope_help_timeline_and_contact_columns():
    assert case_hooks.department_scope in extensions.department_scope_rules
    assert case_hooks.help_counts in extensions.help_counters
    assert case_hooks.timeline in extensions.timeline_sources
    assert extensions.contact_annotations == [case_hooks.annotate_contact]
    assert case_hooks.persons_with_cases in extensions.case_persons


def test_the_activities_app_registers_fairs_its_timeline_the_trainees_group_and_the_home_panel():
    assert activity_hooks.help_counts in extensions.help_counters
    assert activity_hooks.timeline in extensions.timeline_sources
    assert extensions.group_conditions["trainees"] is activity_hooks.trainees
    assert "overdue_decisions" in desk._PANELS
