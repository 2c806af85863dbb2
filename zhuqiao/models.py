"""Shared core: people who log in, the committees and departments, and the audit log."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhuqiao.personal_data import decrypt, encrypt, mask_phone, normalise_phone, phone_hash
from zhuqiao.roles import Role


class TimeStampedModel(models.Model):
    """Abstract base giving every record its creation and last-change times."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class EncryptedPhoneModel(models.Model):
    """Abstract base of records holding a resident's phone number, stored like ID numbers:
    encrypted (``phone_encrypted``, under FIELD_ENCRYPTION_KEY), a keyed hash for exact search and
    the one-booking-per-phone rules (``phone_hash``), and the masked form for lists and the audit
    log (``phone_masked``). ``phone`` reads and writes the number in clear, in Python only:
    query by ``phone_hash=phone_hash(number)``, never by the number."""

    phone_encrypted = models.TextField(_("手机号（加密）"), blank=True, default="", editable=False)
    phone_hash = models.CharField(_("手机号摘要"), max_length=64, blank=True, default="", db_index=True, editable=False)
    phone_masked = models.CharField(_("手机号（脱敏）"), max_length=20, blank=True, default="", editable=False)

    encrypted_fields: ClassVar[tuple[str, ...]] = ("phone_encrypted",)

    class Meta:
        abstract = True

    @property
    def phone(self) -> str:
        token = self.phone_encrypted
        if not token:
            return ""
        cached = self.__dict__.get("_phone_clear")
        if cached is not None and cached[0] == token:
            return cached[1]
        value = decrypt(token)
        self.__dict__["_phone_clear"] = (token, value)
        return value

    @phone.setter
    def phone(self, value: str | None) -> None:
        number = normalise_phone(value)
        self.phone_encrypted = encrypt(number) if number else ""
        self.phone_hash = phone_hash(number)
        self.phone_masked = mask_phone(number)
        self.__dict__["_phone_clear"] = (self.phone_encrypted, number)

    @property
    def masked_phone(self) -> str:
        return self.phone_masked


class Area(models.Model):
    """One of the town's 74 village (村) or residential (居) committees: the unit of drill-down."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("村")
        RESIDENTIAL = "residential", _("居")

    code = models.CharField(_("编码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("居村委")
        verbose_name_plural = _("居村委")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A responsible unit of section 四 of the town's plan (工会, 团委, 税务所, ...)."""

    code = models.CharField(_("编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    is_centre = models.BooleanField(
        _("镇级统筹部门"), default=False, help_text=_("社建办、社区事务受理服务中心等可查看全镇数据的部门")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("部门/单位")
        verbose_name_plural = _("部门/单位")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff (or a leader, or an administrator) who logs in to the portal.

    The role decides the scope: centre staff see the whole town, committee staff one area,
    department staff one department, leaders read aggregates and masked lists.
    """

    Role = Role  # zhuqiao.roles: importable before the app registry is ready

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CENTRE)
    area = models.ForeignKey(
        Area, verbose_name=_("居村委"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门/单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号"), max_length=11, blank=True)
    # Raised each time the user is disabled; it is part of the session hash, so every session
    # opened before stays dead when the user is enabled again (disabling ends sessions for good).
    session_generation = models.PositiveIntegerField(_("会话代数"), default=0, editable=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [
            ("reveal_personal_data", _("可查看完整身份证号和手机号")),
            ("view_audit_log", _("可查看审计日志")),
        ]
        constraints = [
            models.CheckConstraint(
                name="user_committee_has_area",
                condition=~Q(role=Role.COMMITTEE) | Q(area__isnull=False),
                violation_error_message=_("居村委工作人员必须指定居村委。"),
            ),
            models.CheckConstraint(
                name="user_department_has_department",
                condition=~Q(role=Role.DEPARTMENT) | Q(department__isnull=False),
                violation_error_message=_("部门工作人员必须指定部门。"),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, salted with the session generation once it is raised."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        from django.utils.crypto import salted_hmac

        key_salt = f"zhuqiao.User.get_session_auth_hash.{self.session_generation}"
        return salted_hmac(key_salt, self.password, secret=secret, algorithm="sha256").hexdigest()

    @property
    def sees_whole_town(self) -> bool:
        return self.is_superuser or self.role in (self.Role.CENTRE, self.Role.ADMIN)

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER

    @property
    def can_edit(self) -> bool:
        """Leaders read; everyone else with an account may log and edit within their scope."""
        return self.is_active and self.role != self.Role.LEADER

    @property
    def can_reveal(self) -> bool:
        return self.has_perm("zhuqiao.reveal_personal_data")

    @property
    def scope_label(self) -> str:
        if self.role == self.Role.COMMITTEE and self.area_id:
            return str(self.area)
        if self.role == self.Role.DEPARTMENT and self.department_id:
            return str(self.department)
        return str(_("全镇"))


class UserSession(models.Model):
    """A session a user logged in with, so that disabling the user can end all of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"


# Audit entries younger than this cannot be removed by any path (the application refuses, and on
# PostgreSQL a trigger with the same figure); older ones only by ``manage.py archive_audit``.
AUDIT_MIN_RETENTION_DAYS = 184


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries are append-only; old ones are removed only by `archive_audit`.")

    def delete_archived(self) -> int:
        """Remove entries already exported by the archive service; refuses any younger than the
        retention period. Only ``zhuqiao.services.audit_archive`` calls this."""
        cutoff = timezone.now() - datetime.timedelta(days=AUDIT_MIN_RETENTION_DAYS)
        if self.filter(at__gte=cutoff).exists():
            raise PermissionError(f"Audit entries younger than {AUDIT_MIN_RETENTION_DAYS} days cannot be removed.")
        deleted, _per_model = super().delete()
        return deleted


class AuditEntry(models.Model):
    """One append-only line of the audit log: who did what to which record, when, from where.

    Personal data never appears here in clear: values of sensitive fields are stored masked.
    Entries cannot be changed or deleted through the application (and, on PostgreSQL, not even
    through SQL: a trigger refuses UPDATE, and DELETE of anything younger than 184 days or
    outside the archive command). Each entry carries a keyed hash of its content and of the entry
    before it (``zhuqiao.audit_chain``); ``manage.py verify_audit`` checks the chain.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        REVEAL = "reveal", _("查看完整信息")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        PERMISSION_DENIED = "denied", _("拒绝访问")
        USER_DISABLED = "user_disabled", _("停用用户")
        TRANSFER = "transfer", _("转出/转入")
        ARCHIVE = "archive", _("归档审计日志")
        OTP_ENROLLED = "otp_enrolled", _("启用两步验证")
        OTP_RESET = "otp_reset", _("重置两步验证")
        OTP_FAILED = "otp_failed", _("两步验证失败")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    prev_hash = models.CharField(_("上一条的哈希"), max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append the entry to the chain: lock, read the head, link, hash, insert (one transaction)."""
        from zhuqiao import audit_chain

        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        ip_field = self._meta.get_field("ip_address")
        self.ip_address = ip_field.get_prep_value(self.ip_address)
        with transaction.atomic(using=using):
            audit_chain.lock_chain(using)
            self.at = timezone.now()
            self.prev_hash = AuditEntry.chain_head(using)
            self.entry_hash = audit_chain.entry_hash(self, self.prev_hash)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries are append-only.")

    @staticmethod
    def chain_head(using: str = "default") -> str:
        """The hash the next entry links to: the newest entry's, else the last archive's anchor."""
        newest = AuditEntry.objects.using(using).order_by("-id").values_list("entry_hash", flat=True).first()
        if newest is not None:
            return newest
        return (
            AuditArchive.objects.using(using).order_by("-up_to_id").values_list("anchor_hash", flat=True).first() or ""
        )


class AuditArchive(models.Model):
    """One run of ``manage.py archive_audit``: which entries left the table, into which file, and
    the hash the first remaining entry links to (the chain's new anchor)."""

    archived_at = models.DateTimeField(_("归档时间"), default=timezone.now)
    archived_by = models.CharField(_("操作人"), max_length=150)
    up_to_id = models.BigIntegerField(_("归档至编号"), unique=True)
    entry_count = models.PositiveIntegerField(_("条数"))
    oldest_at = models.DateTimeField(_("最早时间"))
    newest_at = models.DateTimeField(_("最晚时间"))
    anchor_hash = models.CharField(_("锚定哈希"), max_length=64)
    file_name = models.CharField(_("归档文件"), max_length=255)
    file_sha256 = models.CharField(_("文件SHA-256"), max_length=64)

    class Meta:
        ordering = ["-up_to_id"]
        verbose_name = _("审计日志归档")
        verbose_name_plural = _("审计日志归档")

    def __str__(self) -> str:
        return f"{self.archived_at:%Y-%m-%d} ≤#{self.up_to_id} ({self.entry_count})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit archive records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit archive records are append-only.")
