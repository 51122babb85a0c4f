"""Gives lower layers the signed-in user's applicant profile without importing Pick.

The catalog pages (``matchwise.programs``) can say whether a program's filters let the
applicant through; they read ``request.applicant_profile()`` (an engine Profile or None), which
this middleware provides, so the catalog never depends on where profiles are stored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse

from matchwise.engine.pick.profile import Profile
from matchwise.pick.web import profile_of


class ApplicantProfileMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        @cache
        def applicant_profile() -> Profile | None:
            user = request.user
            return profile_of(user) if user.is_authenticated else None

        request.applicant_profile = applicant_profile
        return self.get_response(request)
