"""Sphinx configuration for the larande documentation.

Build with ``sphinx-build -W --keep-going -b html docs docs/_build/html``. Pages are MyST
Markdown; the API reference is rendered from the docstrings (Google style) by autodoc and
napoleon. Nothing here needs the network.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# Prefer the source tree next to this file, so the docs describe the code beside them even
# when another larande is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

project = "larande"
author = "The larande developers"
copyright = "the larande developers"
try:
    release = metadata.version("larande")
except metadata.PackageNotFoundError:  # building from a checkout that is not installed
    release = "0+unknown"
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    # the pictures in howto-pictures.md are drawn while the docs build, never committed
    "matplotlib.sphinxext.plot_directive",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# The tour notebook is executed as a test (nbmake) and offered as a download, not a page.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "notebooks"]
language = "en"

# -- MyST ------------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- pictures (matplotlib's plot directive, Agg) -------------------------------------------

plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"figure.max_open_warning": 0}

# -- autodoc and napoleon --------------------------------------------------------------------

# ``members`` is not a default: Sphinx 9 would let a default of True override an explicit
# ``:members: a, b`` list, so every directive in api.md says which members it wants.
autodoc_default_options = {
    "member-order": "bysource",
}
autodoc_typehints = "signature"
autodoc_class_signature = "mixed"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_include_init_with_doc = False
napoleon_use_ivar = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- HTML ------------------------------------------------------------------------------------

html_theme = "alabaster"
html_title = f"larande {release}"
html_theme_options = {
    "description": "Competence development for organisations, as a pure Python library.",
    "fixed_sidebar": True,
}


def _show_attrs_factories(
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """Show an ``attrs`` field whose default is a factory as ``= FrozenMap()``, not ``NOTHING``."""
    if signature and isinstance(obj, type) and attrs.has(obj):
        for field in attrs.fields(obj):
            if field.init and isinstance(field.default, attrs.Factory):
                made = getattr(field.default.factory, "__name__", "")
                shown = f"{made}()" if made.isidentifier() else "..."
                signature = signature.replace("= NOTHING", f"= {shown}", 1)
    return signature, return_annotation


def setup(app: Sphinx) -> None:
    app.connect("autodoc-process-signature", _show_attrs_factories)
