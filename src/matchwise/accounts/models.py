"""API tokens: how a script reaches the JSON API as its owner in hosted mode.

Only a digest of the token is stored; the token itself is shown once, when it is made. A token
is 32 random bytes, so an unsalted SHA-256 is enough to make a stolen database useless.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "mw_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)  # the first characters, to tell tokens apart
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, owner: object, name: str) -> tuple[ApiToken, str]:
        """A new token for ``owner``: the row, and the token text (never stored)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = cls.objects.create(
            owner=owner, name=name.strip() or "script", digest=digest(token), hint=token[:9]
        )
        return row, token
