"""Bearer-token authentication for the JSON API (``Authorization: Bearer mw_...``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from matchwise.accounts.models import ApiToken, digest


class TokenAuth(HttpBearer):
    """The token's owner becomes ``request.user``, so every route scopes to them as it does
    for a browser session; an unknown or revoked token is a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        row = (
            ApiToken.objects.select_related("owner")
            .filter(digest=digest(token), owner__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        request.user = row.owner
        return row.owner
