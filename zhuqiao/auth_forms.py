from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续多次失败后账号将被暂时锁定。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }
