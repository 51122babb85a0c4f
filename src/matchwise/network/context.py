"""The count of overdue follow-ups, for the navigation on every page (the dashboard's alert)."""

from __future__ import annotations

import functools

from django.http import HttpRequest

from matchwise.network.services import overdue_count


def network(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # a callable: the template calls it only where it is shown (not in HTMX partials)
    return {"network_overdue": functools.cache(lambda: overdue_count(user))}
