"""The policy catalogue: as staff read it, as residents see it, and the residents' self-check."""

from __future__ import annotations

from django.db.models import QuerySet

from entrepreneurs.models import Policy


def policy_list() -> QuerySet[Policy]:
    return Policy.objects.order_by("level", "name")


def public_policies() -> QuerySet[Policy]:
    """The active policy catalogue as residents see it (no personal data)."""
    return Policy.objects.filter(is_active=True).order_by("level", "name")


def policies_for_self_check(*, stage: str, needs: list[str]) -> list[Policy]:
    """The policies that may apply to a resident's self-check answers: a policy matches when one of
    its self-check answers was given; a policy with a start-up window (创业期) does not match a
    venture registered 3 years or more ago."""
    answers = {stage, *needs}
    matched = []
    for policy in public_policies():
        if stage == "established" and policy.window_months:
            continue
        if answers & set(policy.self_check or []):
            matched.append(policy)
    return matched
