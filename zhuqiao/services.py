"""Writes of the core: users' sessions and activation, the audit log's archive."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from pathlib import Path

from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.authtoken.models import Token

from zhuqiao import audit_chain
from zhuqiao.audit import audit_record
from zhuqiao.models import AUDIT_MIN_RETENTION_DAYS, AuditArchive, AuditEntry, User, UserSession


def session_remember(*, user: User, session_key: str) -> None:
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None = None) -> None:
    """Enable or disable a login. Disabling ends every session and API token the user has, for
    good: enabling the user again revives none of them (see :func:`sessions_end_for_good`)."""
    if user.is_active == active:
        return
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    if not active:
        ended = sessions_end_for_good(user=user)
        audit_record(action=AuditEntry.Action.USER_DISABLED, obj=user, user=by, detail=f"{ended} sessions ended")


def sessions_end_for_good(*, user: User) -> int:
    """End every session of the user, including any the portal did not record (opened before the
    record existed, or kept in a copy of the session store): raising the session generation
    changes the hash each session must carry. API tokens are deleted. Returns the sessions ended."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    return len(keys)


class AuditChainBroken(Exception):
    """The audit chain does not verify; nothing is archived until it is looked into."""


def audit_chain_check() -> tuple[audit_chain.BrokenLink | None, int]:
    """The first broken link of the whole chain (or None) and how many entries were checked."""
    anchor = AuditArchive.objects.order_by("-up_to_id").values_list("anchor_hash", flat=True).first() or ""
    counted = 0

    def counting() -> object:
        nonlocal counted
        for entry in audit_chain.iterate(AuditEntry.objects.all()):
            counted += 1
            yield entry

    broken = audit_chain.first_broken_link(counting(), anchor)  # type: ignore[arg-type]
    return broken, counted


def audit_archive(*, before: datetime.date, directory: Path, by: str) -> AuditArchive | None:
    """Export the entries older than ``before`` to a JSON Lines file, then remove them.

    ``before`` may be at most today minus the retention period (184 days). The whole chain is
    verified first; the export is written and synced before anything is deleted; an
    :class:`AuditArchive` row keeps the new anchor (the last exported entry's hash) so the
    remaining chain verifies; the run itself is audited. Returns None when nothing is old enough.
    """
    latest_allowed = timezone.localdate() - datetime.timedelta(days=AUDIT_MIN_RETENTION_DAYS)
    if before > latest_allowed:
        raise ValueError(f"only entries older than {AUDIT_MIN_RETENTION_DAYS} days may be archived")
    cutoff = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    with transaction.atomic():
        audit_chain.lock_chain("default")
        broken, _checked = audit_chain_check()
        if broken is not None:
            raise AuditChainBroken(str(broken))
        first_young = AuditEntry.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        old = AuditEntry.objects.all() if first_young is None else AuditEntry.objects.filter(id__lt=first_young)
        if not old.exists():
            return None
        directory.mkdir(parents=True, exist_ok=True)
        digest, count, first, last = hashlib.sha256(), 0, None, None
        rows = old.order_by("id").values()
        path = directory / "audit-pending.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row in rows.iterator(chunk_size=2000):
                line = json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n"
                out.write(line)
                digest.update(line.encode())
                count += 1
                first = first or row
                last = row
            out.flush()
            os.fsync(out.fileno())
        assert first is not None and last is not None
        final = directory / f"audit-{first['id']:010d}-{last['id']:010d}.jsonl"
        path.rename(final)
        archive = AuditArchive.objects.create(
            archived_by=by,
            up_to_id=last["id"],
            entry_count=count,
            oldest_at=first["at"],
            newest_at=last["at"],
            anchor_hash=last["entry_hash"],
            file_name=final.name,
            file_sha256=digest.hexdigest(),
        )
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuqiao.audit_archive = 'on'")
        old.delete_archived()
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL zhuqiao.audit_archive = 'off'")
        audit_record(
            action=AuditEntry.Action.ARCHIVE,
            object_type="zhuqiao.auditarchive",
            object_id=str(archive.pk),
            object_repr=str(archive),
            detail=f"{count} entries #{first['id']}..#{last['id']} exported to {final.name} "
            f"(sha256 {archive.file_sha256}) and removed by {by}",
        )
    return archive
