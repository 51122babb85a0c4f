"""WSGI entry point (waitress locally; gunicorn in hosted mode, see docs/settings.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchwise.site.settings")
application = get_wsgi_application()
