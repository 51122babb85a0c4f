"""The ``matchwise`` command line (Typer + Rich), a thin layer over ``matchwise.pick``."""

from matchwise.cli.app import app, main

__all__ = ["app", "main"]
