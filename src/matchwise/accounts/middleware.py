"""Local mode: every request is the machine's one user, with no login (nothing leaves 127.0.0.1).

Hosted mode leaves authentication to Django's sessions; user-owned pages require a login.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse

LOCAL_USERNAME = "local"


def local_user() -> object:
    user, _ = get_user_model().objects.get_or_create(username=LOCAL_USERNAME)
    return user


class LocalUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.MATCHWISE_HOSTED and not request.user.is_authenticated:
            request.user = local_user()
        return self.get_response(request)
