"""The errors a user can fix: the CLI prints their message (never a traceback) and exits 2."""

from __future__ import annotations

from matchwise.formats.pick.catalog import CatalogError
from matchwise.formats.pick.parameters import ParameterFileError
from matchwise.formats.pick.profile import ProfileError
from matchwise.pick.options import OptionError

USER_ERRORS: tuple[type[Exception], ...] = (
    OptionError,
    ProfileError,
    CatalogError,
    ParameterFileError,
)
