"""The plan of a chunk of rows: the records to create and the records to update, as frozen rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

C = TypeVar("C")
U = TypeVar("U")


@dataclass
class Plan(Generic[C, U]):
    create: list[C] = field(default_factory=list)
    update: list[U] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.create) + len(self.update)
