"""The examples in the docstrings of the engine and the formats are run, so they stay true."""

import doctest
import importlib
import pkgutil

import pytest

import matchwise.engine
import matchwise.formats

MODULES = [
    info.name
    for package in (matchwise.engine, matchwise.formats)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} docstring example(s) failed"
