"""The public surface is listed once, sorted, and everything listed is really there."""

from __future__ import annotations

import importlib
import pkgutil

import larande


def test_all_is_sorted_the_way_ruff_sorts_it():
    """``__all__`` is in RUF022 order: SCREAMING_CASE, then CamelCase, then the rest."""

    def key(name: str) -> tuple[int, str]:
        if name.isupper():
            return (0, name)
        if name[:1].isupper():
            return (1, name)
        return (2, name)

    assert sorted(larande.__all__, key=key) == larande.__all__


def test_every_name_in_all_is_importable_from_larande():
    missing = [name for name in larande.__all__ if not hasattr(larande, name)]
    assert missing == []


def test_every_public_name_of_the_domain_modules_is_in_all():
    """A public name defined in a domain module's ``__all__`` is exported from ``larande``."""
    domain = [
        "larande.calendars",
        "larande.catalog",
        "larande.competence",
        "larande.dataset",
        "larande.exceptions",
        "larande.followup",
        "larande.frozenmap",
        "larande.goals",
        "larande.needs",
        "larande.organization",
        "larande.planning",
        "larande.scheduling",
    ]
    missing = sorted(
        name
        for module in domain
        for name in importlib.import_module(module).__all__
        if name not in larande.__all__
    )
    assert missing == []


def test_all_has_no_duplicates():
    assert len(set(larande.__all__)) == len(larande.__all__)


def test_every_submodule_imports():
    """Nothing in the package fails to import (``larande.testing`` needs Hypothesis)."""
    names = [m.name for m in pkgutil.walk_packages(larande.__path__, "larande.")]
    for name in names:
        importlib.import_module(name)
    assert "larande.io.json" in names


def test_the_version_comes_from_the_package_metadata():
    from importlib.metadata import version

    assert larande.__version__ == version("larande")
