"""Walk the portal as every demo login would, following the links each page offers.

Used by the smoke test after ``load_demo`` (and handy after an upgrade): every page a role can
reach by clicking must answer without a server error. GET requests only; links that change
state are POST forms in this portal, so following links writes nothing but audit entries.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urldefrag, urlparse

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

from zhuqiao.demo import DEMO_USERS
from zhuqiao.models import User

HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/accounts/logout", "/admin/", "/static/", "/i18n/", "/api/v1/docs", "/api/v1/redoc")
# Downloads and files are checked for status, not parsed for links.
BINARY = ("application/pdf", "application/zip", "application/vnd", "image/", "text/calendar", "application/octet")


class Command(BaseCommand):
    help = "Follow every link each demo role can reach and report pages that fail."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--max-pages", type=int, default=250, help="pages per role at most")

    def handle(self, *args: Any, **options: Any) -> None:
        failures: list[str] = []
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, DEBUG=False):
            for username, *_rest in DEMO_USERS:
                user = User.objects.get(username=username)
                client = Client(raise_request_exception=False)
                client.force_login(user)
                seen = self.crawl(client, options["max_pages"], failures, username)
                self.stdout.write(f"{username}: {seen} pages")
            anonymous = Client(raise_request_exception=False)
            self.stdout.write(f"anonymous: {self.crawl(anonymous, 40, failures, 'anonymous')} pages")
        if failures:
            raise CommandError("pages failing:\n" + "\n".join(failures))
        self.stdout.write(self.style.SUCCESS("every reachable page answered without a server error"))

    def crawl(self, client: Client, limit: int, failures: list[str], who: str) -> int:
        queue: deque[str] = deque(["/"])
        seen: set[str] = set()
        while queue and len(seen) < limit:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{who} {url} -> {response.status_code}")
                continue
            content_type = response.get("Content-Type", "")
            if (
                response.status_code != 200
                or not content_type.startswith("text/html")
                or content_type.startswith(BINARY)
            ):
                continue
            for href in HREF.findall(response.content.decode(errors="replace")):
                link = urldefrag(href.replace("&amp;", "&"))[0]
                parsed = urlparse(link)
                if parsed.scheme or parsed.netloc or not link.startswith("/") or link.startswith(SKIP):
                    continue
                if "/export" in parsed.path or parsed.path.endswith((".pdf", ".xlsx", ".zip", ".ics")):
                    if link not in seen:
                        seen.add(link)
                        status = client.get(link).status_code
                        if status >= 500:
                            failures.append(f"{who} {link} -> {status}")
                    continue
                if link not in seen:
                    queue.append(link)
        return len(seen)
