"""人员 / persons, keyed by ID number (stored as a keyed hash). A column left out of the sheet
(手机号, 户号) keeps the stored value.

A new person whose ID number is valid (check digit, date) but whose region code never existed is
a warning, not an error: the staff member verifies the number before confirming, as forms and the
API ask (``jobseekers.validators.id_region_known``). Checked here, in this process, so that rows
cleaned in worker processes get it too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobseekers.models import Person
from jobseekers.validators import id_region_known
from rosters.importing.cells import ABSENT
from rosters.importing.context import BATCH, CHUNK, Cleaned, ImportContext, chunks, given, stored_by
from rosters.importing.copying import insert_rows
from rosters.importing.sheets import households
from rosters.importing.sheets.plan import Plan
from rosters.schema import SHEETS_BY_KEY

REGION_UNKNOWN = gettext_lazy("身份证号地区代码（前六位）从未设立，请核对原件后再确认导入。")


@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person to insert; ``stored`` holds the columns of the ID number and the phone."""

    number: str
    name: str
    stored: dict[str, Any]
    area: str
    household: str | None


@dataclass(frozen=True, slots=True)
class PersonChange:
    """A stored person; ``phone`` and ``household`` are ABSENT when the sheet leaves them out."""

    pk: int
    name: str
    phone: Any
    area: str
    household: Any


@dataclass
class PersonsPlan(Plan[NewPerson, PersonChange]):
    new_households: list[households.NewHousehold] = field(default_factory=list)


def check(rows: Sequence[Cleaned], context: ImportContext) -> PersonsPlan:
    keys = context.keys
    valid = []
    for row, (number, name, phone, area_text, household, stored_columns) in rows:
        area = context.area_code(row, "area_code", area_text)
        if row.failed or context.duplicate(row, number, "id_number"):
            continue
        valid.append((row, number, name, phone, area or "", household, stored_columns))
    by_hash = {item[6]["id_number_hash"]: item[1] for item in valid}
    stored_persons = {
        by_hash[digest]: values
        for digest, values in stored_by(
            Person, "id_number_hash", by_hash, "pk", "name", "phone_hash", "area_id", "household_id"
        )
    }
    keys.households.lookup(item[5] for item in valid if given(item[5]))
    plan = PersonsPlan()
    for row, number, name, phone, area, household, stored_columns in valid:
        stored = stored_persons.get(number)
        if stored is not None and not context.stored_in_scope(stored[3]):
            row.error("id_number", _("该人员已登记在其他居村委，无权修改。"))
            continue
        if given(household):
            entry = keys.households.get(household)
            if entry is None:
                keys.households.put(household, None, area)
                plan.new_households.append(households.NewHousehold(household, area))
                context.result("households", SHEETS_BY_KEY["households"].label).created += 1
            elif not context.area_in_scope(entry.area):
                row.error("household_no", _("该户号已登记在其他居村委，无权使用。"))
                continue
        if stored is None:
            if not id_region_known(number):
                context.warn(row, "id_number", REGION_UNKNOWN)
            keys.persons.put(number, None, area)
            plan.create.append(
                NewPerson(number, name, stored_columns, area, None if household is ABSENT else household)
            )
            context.count("created")
            continue
        pk, old_name, old_phone_hash, old_area_id, old_household_id = stored
        keys.persons.put(number, pk, area)
        if household is ABSENT:
            household_same = True
        elif not household:
            household_same = old_household_id is None
        else:
            known = keys.households.get(household)
            household_same = known is not None and known.pk == old_household_id
        same = (
            old_name == name
            and (phone is ABSENT or old_phone_hash == stored_columns["phone_hash"])
            and keys.area_code_of.get(old_area_id) == area
            and household_same
        )
        if same:
            context.count("unchanged")
        else:
            plan.update.append(PersonChange(pk, name, phone, area, household))
            context.count("updated")
    return plan


def _household_pk(number: Any, context: ImportContext) -> int | None:
    if not given(number):
        return None
    return context.keys.households.pk(number)


def write(plan: PersonsPlan, context: ImportContext) -> None:
    households.create(plan.new_households, context)
    areas = context.keys.areas
    persons = context.keys.persons
    for batch in chunks(plan.create, CHUNK):
        rows = [
            {
                "name": new.name,
                "area_id": areas.pk(new.area),
                "household_id": _household_pk(new.household, context),
                **new.stored,
            }
            for new in batch
        ]
        for new, pk in zip(batch, insert_rows(Person, rows), strict=True):
            persons.put(new.number, pk, new.area)
        context.advance(len(batch))
    for batch in chunks(plan.update, BATCH):
        # A column left out of the sheet leaves the stored value alone: group rows by the
        # fields they set, one bulk_update per group.
        groups: dict[tuple[str, ...], list[Person]] = {}
        for change in batch:
            person = Person(pk=change.pk, name=change.name, area_id=areas.pk(change.area), updated_at=context.now)
            fields = ["name", "area", "updated_at"]
            if change.phone is not ABSENT:
                person.phone = change.phone  # encrypted, hashed and masked
                fields.extend(["phone_encrypted", "phone_hash", "phone_masked"])
            if change.household is not ABSENT:
                person.household_id = _household_pk(change.household, context)
                fields.append("household")
            groups.setdefault(tuple(fields), []).append(person)
        for fields_, group in groups.items():
            Person.objects.bulk_update(group, list(fields_))
        context.advance(len(batch))
