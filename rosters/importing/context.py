"""What the sheets of one import share: who imports (the scope), the registry of natural keys,
the catalogues, the errors and the counts of each sheet.

Each sheet module (``rosters.importing.sheets``) reads and extends this context; nothing else is
shared between sheets. The registry holds one small entry per key the import met (``pk`` once
known, and the committee code), never whole rows: rows stream through a chunk at a time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import ServiceType
from entrepreneurs.models import Policy, Venture
from jobseekers.models import Household, Person
from rosters.importing.cells import ABSENT, RowReader
from rosters.importing.result import RowError, SheetResult
from zhuqiao.models import Area, Department, User
from zhuqiao.scoping import scope_filter_for

CHUNK = 5000
BATCH = 2000

# Translated when a row has the error, not for each of the rows that refer to a person or venture.
PERSON_UNKNOWN = gettext_lazy("该身份证号的人员未登记，也不在本文件的“人员”表中。")
PERSON_OUTSIDE = gettext_lazy("该人员不属于本居村委，无权导入。")
VENTURE_UNKNOWN = gettext_lazy("该统一社会信用代码的创业组织未登记，也不在本文件的“创业组织”表中。")
VENTURE_OUTSIDE = gettext_lazy("该创业组织不属于本居村委，无权导入。")

Cleaned = tuple[RowReader, tuple[Any, ...]]


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_by(
    model: type[models.Model], field_name: str, keys: Iterable[Any], *columns: str
) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """``(key, (columns...))`` of the stored rows whose ``field_name`` is one of ``keys``, one query a chunk."""
    for batch in chunks(keys):
        for key, *values in model._default_manager.filter(**{f"{field_name}__in": batch}).values_list(
            field_name, *columns
        ):
            yield key, tuple(values)


def given(value: Any) -> bool:
    """A cell with a value: neither blank nor a column the sheet leaves out."""
    return bool(value) and value is not ABSENT


@dataclass(frozen=True)
class ImportScope:
    """The committees whose records an import may create or change: ``None`` is the whole town.

    Decided by the core's rule (``zhuqiao.scoping``) for a record kept by committee: who sees the
    whole town imports for the whole town, committee staff for their committee, anyone else
    (department staff, leaders who only read) for none. ``None`` as user is the command line.
    """

    area_ids: frozenset[int] | None

    @classmethod
    def of(cls, user: User | None) -> ImportScope:
        if user is None:
            return cls(None)
        if not (user.is_superuser or user.can_edit):
            return cls(frozenset())
        condition = scope_filter_for(Household, user)
        if condition is None:
            return cls(None)
        if user.area_id and condition == Q(**{Household.scope_area_path: user.area_id}):
            return cls(frozenset({user.area_id}))
        return cls(frozenset())

    @property
    def whole_town(self) -> bool:
        return self.area_ids is None

    def covers(self, area_id: int | None) -> bool:
        return self.area_ids is None or area_id in self.area_ids


class Entry(NamedTuple):
    """A key the import knows: the stored row's id (None until written) and its committee code."""

    pk: int | None
    area: str | None


class KeyTable:
    """Households, persons or ventures by natural key: rows of the file and stored rows alike.

    A row of the file replaces what was stored (its committee is the one the import gives);
    stored rows are looked up a chunk of keys at a time, only when a row names them.
    """

    def __init__(self, model: type[models.Model], field_name: str, area_code_of: dict[int, str]) -> None:
        self.model = model
        self.field_name = field_name
        self.area_code_of = area_code_of
        self.entries: dict[str, Entry] = {}

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def pk(self, key: str) -> int:
        entry = self.entries[key]
        assert entry.pk is not None, key
        return entry.pk

    def put(self, key: str, pk: int | None, area: str | None) -> None:
        self.entries[key] = Entry(pk, area)

    def stored_key(self, key: str) -> Any:
        return key

    def lookup(self, keys: Iterable[str]) -> None:
        """Look up the keys not known yet among the stored rows (one query per few thousand)."""
        wanted = {self.stored_key(key): key for key in keys if key and key is not ABSENT and key not in self.entries}
        for stored, (pk, area_id) in stored_by(self.model, self.field_name, wanted, "pk", "area_id"):
            self.entries[wanted[stored]] = Entry(pk, self.area_code_of.get(area_id))


class PersonKeys(KeyTable):
    """Persons are stored by a keyed hash of the ID number, never the number itself."""

    def stored_key(self, key: str) -> Any:
        return Person.hash_id_number(key)


@dataclass
class Areas:
    """The committees: stored ones (all 74, read once) and new ones of this file's 居村委 sheet."""

    stored: dict[str, tuple[int, str, str]]
    new: set[str] = field(default_factory=set)

    @classmethod
    def load(cls) -> Areas:
        return cls(
            {code: (pk, name, kind) for code, pk, name, kind in Area.objects.values_list("code", "pk", "name", "kind")}
        )

    def reload(self) -> None:
        fresh = Areas.load().stored
        self.stored.clear()
        self.stored.update(fresh)
        self.new.clear()

    def pk(self, code: str) -> int:
        return self.stored[code][0]

    def exists(self, code: str) -> bool:
        return code in self.stored or code in self.new


@dataclass
class Keys:
    """The one registry of keys: areas, persons, households and ventures."""

    areas: Areas
    area_code_of: dict[int, str]
    persons: PersonKeys
    households: KeyTable
    ventures: KeyTable

    @classmethod
    def load(cls) -> Keys:
        areas = Areas.load()
        code_of = {pk: code for code, (pk, _name, _kind) in areas.stored.items()}
        return cls(
            areas=areas,
            area_code_of=code_of,
            persons=PersonKeys(Person, "id_number_hash", code_of),
            households=KeyTable(Household, "household_no", code_of),
            ventures=KeyTable(Venture, "credit_code", code_of),
        )

    def areas_written(self) -> None:
        """New committees have ids now: refresh both directions of the code map."""
        self.areas.reload()
        self.area_code_of.clear()
        self.area_code_of.update({pk: code for code, (pk, _name, _kind) in self.areas.stored.items()})


@dataclass
class Catalogues:
    """Policies, case services and departments, by name (and departments by code too)."""

    policies: dict[str, tuple[int | None, str]]
    services: dict[str, int | None]
    departments: dict[str, int]

    def policy_pk(self, name: str) -> int:
        pk = self.policies[name][0]
        assert pk is not None, name
        return pk

    def service_pk(self, name: str) -> int:
        pk = self.services[name]
        assert pk is not None, name
        return pk

    @classmethod
    def load(cls) -> Catalogues:
        departments: dict[str, int] = {}
        for pk, code, name in Department.objects.values_list("pk", "code", "name"):
            departments[code] = pk
            departments[name] = pk
        return cls(
            policies={name: (pk, level) for name, pk, level in Policy.objects.values_list("name", "pk", "level")},
            services=dict(ServiceType.objects.values_list("name", "pk")),
            departments=departments,
        )


@dataclass
class SheetState:
    """One sheet while it streams through: its counts and the keys its rows used so far."""

    result: SheetResult
    seen: dict[Any, int] = field(default_factory=dict)


@dataclass
class ImportContext:
    scope: ImportScope
    today: datetime.date
    keys: Keys
    catalogues: Catalogues
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    results: dict[str, SheetResult] = field(default_factory=dict)
    now: datetime.datetime = field(default_factory=timezone.now)
    advance: Callable[[int], None] = lambda count: None
    sheet: SheetState | None = None

    @classmethod
    def start(cls, *, user: User | None, today: datetime.date) -> ImportContext:
        return cls(scope=ImportScope.of(user), today=today, keys=Keys.load(), catalogues=Catalogues.load())

    # --- counts -----------------------------------------------------------------------------------

    def result(self, key: str, name: str) -> SheetResult:
        return self.results.setdefault(key, SheetResult(key=key, name=name))

    def count(self, action: str, number: int = 1) -> None:
        assert self.sheet is not None
        result = self.sheet.result
        setattr(result, action, getattr(result, action) + number)

    def warn(self, row: RowReader, column: str, message: Any) -> None:
        """A warning on a cell: listed in the check report for the staff member to verify, never
        an error (the row is imported)."""
        self.warnings.append(RowError(row.layout.name, row.number, row.layout.header(column), str(message)))

    # --- checks every sheet uses ---------------------------------------------------------------------

    def duplicate(self, row: RowReader, key: Any, column: str) -> bool:
        """True (with an error) when an earlier row of the sheet had the same natural key."""
        assert self.sheet is not None
        first = self.sheet.seen.get(key)
        if first is not None:
            row.error(column, _("与第%(row)d行重复（唯一键相同）。") % {"row": first})
            return True
        self.sheet.seen[key] = row.number
        return False

    def area_code(self, row: RowReader, column: str, code: Any) -> str | None:
        """A committee code that exists (stored, or new in this file's 居村委 sheet) and is in scope."""
        if not code:
            return None
        if not self.keys.areas.exists(code):
            row.error(column, _("居村委编码 %(code)s 不存在。") % {"code": code})
            return None
        if not self.area_in_scope(code):
            row.error(column, _("不属于本居村委的数据，无权导入。"))
            return None
        return str(code)

    def area_in_scope(self, code: str | None) -> bool:
        if self.scope.whole_town:
            return True
        stored = self.keys.areas.stored.get(code or "")
        return stored is not None and self.scope.covers(stored[0])

    def stored_in_scope(self, area_id: int) -> bool:
        return self.scope.covers(area_id)

    def referenced_area(
        self, row: RowReader, column: str, table: KeyTable, key: str, *, unknown: Any, outside: Any
    ) -> str | None:
        """The committee code of a row this row refers to (in this file or stored), or None (with an error)."""
        entry = table.get(key)
        if entry is None:
            row.error(column, unknown)
            return None
        if not self.area_in_scope(entry.area):
            row.error(column, outside)
            return None
        return entry.area

    def person_area(self, row: RowReader, column: str, number: str) -> str | None:
        return self.referenced_area(
            row,
            column,
            self.keys.persons,
            number,
            unknown=PERSON_UNKNOWN,
            outside=PERSON_OUTSIDE,
        )

    def venture_area(self, row: RowReader, column: str, code: str) -> str | None:
        return self.referenced_area(
            row,
            column,
            self.keys.ventures,
            code,
            unknown=VENTURE_UNKNOWN,
            outside=VENTURE_OUTSIDE,
        )
