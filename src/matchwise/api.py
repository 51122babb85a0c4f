"""The JSON API (django-ninja): each part mounts its router; OpenAPI at /api/openapi.json,
interactive docs at /api/docs (served from the package, no CDN)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.security import django_auth

from matchwise import __version__
from matchwise.accounts.tokens import TokenAuth
from matchwise.market.api import router as market_router
from matchwise.network.api import router as network_router
from matchwise.pick.api import router as pick_router
from matchwise.programs.api import router as programs_router
from matchwise.roadmap.api import router as roadmap_router
from matchwise.scholarly.api import router as scholarly_router

api = NinjaAPI(
    title="MatchWise",
    version=__version__,
    description="Explained, calibrated residency application lists. Probabilities come with "
    "90% intervals; see docs/pick-output.md.",
    # the browser's session (with CSRF on writes), or a token for scripts (/accounts/tokens/)
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("/pick/", pick_router)
api.add_router("/programs/", programs_router)
api.add_router("/network/", network_router)
api.add_router("/scholarly/", scholarly_router)
api.add_router("/roadmap/", roadmap_router)
api.add_router("/market/", market_router)
