"""The Django site: settings from the environment, URLs, base templates and static files."""
