"""The short examples in crmlab's docstrings run and give the values they show."""

import doctest
import importlib

import pytest

MODULES = ["crmlab.abc", "crmlab.pyramid", "crmlab.concentration", "crmlab.rfm",
           "crmlab.scoring", "crmlab.membership", "crmlab._i18n", "crmlab.plots", "crmlab.fonts",
           "crmlab.profit", "crmlab.datasets"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
