"""政策享受 / policy_benefits, keyed by (信用代码, 政策名称, 享受日期). A policy not yet in the
catalogue is added with the row's level; a row whose level disagrees with the catalogue is an error."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from entrepreneurs.models import Policy, PolicyBenefit
from rosters.importing.cells import ABSENT
from rosters.importing.context import BATCH, Cleaned, ImportContext, chunks
from rosters.importing.sheets.plan import Plan
from rosters.schema import POLICY_LEVEL_LABELS


@dataclass(frozen=True, slots=True)
class NewBenefit:
    code: str
    policy: str
    granted_on: datetime.date
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class BenefitChange:
    pk: int
    amount: Decimal | None


@dataclass(frozen=True, slots=True)
class NewPolicy:
    name: str
    level: str


@dataclass
class BenefitsPlan(Plan[NewBenefit, BenefitChange]):
    new_policies: list[NewPolicy] = field(default_factory=list)


def check(rows: Sequence[Cleaned], context: ImportContext) -> BenefitsPlan:
    ventures = context.keys.ventures
    policies = context.catalogues.policies
    valid = [(row, *values) for row, values in rows if not row.failed]
    ventures.lookup(item[1] for item in valid)
    venture_ids = {entry.pk for item in valid if (entry := ventures.get(item[1])) is not None and entry.pk is not None}
    stored: dict[tuple[int, int, datetime.date], tuple[int, Decimal | None]] = {}
    for batch in chunks(venture_ids):
        for pk, venture_id, policy_id, day, amount in PolicyBenefit.objects.filter(venture_id__in=batch).values_list(
            "pk", "venture_id", "policy_id", "granted_on", "amount"
        ):
            stored[(venture_id, policy_id, day)] = (pk, amount)
    plan = BenefitsPlan()
    level_labels = {value: label for label, value in POLICY_LEVEL_LABELS.items()}
    for row, code, policy, level, granted_on, amount in valid:
        if context.venture_area(row, "credit_code", code) is None:
            continue
        catalogue = policies.get(policy)
        if catalogue is not None and catalogue[1] != level:
            row.error(
                "level",
                _("政策目录中“%(policy)s”的级别为%(level)s，与本行不一致。")
                % {"policy": policy, "level": level_labels[catalogue[1]]},
            )
            continue
        if context.duplicate(row, (code, policy, granted_on), "granted_on"):
            continue
        if catalogue is None:
            policies[policy] = (None, level)
            plan.new_policies.append(NewPolicy(policy, level))
        venture = ventures.get(code)
        policy_pk = policies[policy][0]
        existing: Any = None
        if venture is not None and venture.pk is not None and policy_pk is not None:
            existing = stored.get((venture.pk, policy_pk, granted_on))
        if existing is None:
            plan.create.append(NewBenefit(code, policy, granted_on, None if amount is ABSENT else amount))
            context.count("created")
        elif amount is ABSENT or existing[1] == amount:
            context.count("unchanged")
        else:
            plan.update.append(BenefitChange(existing[0], amount))
            context.count("updated")
    return plan


def write(plan: BenefitsPlan, context: ImportContext) -> None:
    policies = context.catalogues.policies
    for policy in Policy.objects.bulk_create([Policy(name=new.name, level=new.level) for new in plan.new_policies]):
        policies[policy.name] = (policy.pk, policy.level)
    ventures = context.keys.ventures
    PolicyBenefit.objects.bulk_create(
        [
            PolicyBenefit(
                venture_id=ventures.pk(new.code),
                policy_id=context.catalogues.policy_pk(new.policy),
                granted_on=new.granted_on,
                amount=new.amount,
            )
            for new in plan.create
        ],
        batch_size=BATCH,
    )
    PolicyBenefit.objects.bulk_update(
        [PolicyBenefit(pk=c.pk, amount=c.amount, updated_at=context.now) for c in plan.update],
        ["amount", "updated_at"],
        batch_size=BATCH,
    )
    context.advance(len(plan))
