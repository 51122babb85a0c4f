"""Pick: the optimized, explained application list (services shared by the CLI and the web app)."""
