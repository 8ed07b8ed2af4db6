"""What every picture shares: the palette, the axes to draw on, and the words it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from larande import _check as check
from larande.exceptions import ValidationError
from larande.messages import LANGUAGES, render

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# Okabe and Ito's palette: told apart by people with any common colour-vision deficiency,
# and in grey print. Named so that each picture says what it means, not which hex it is.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#BBBBBB"

# cividis is perceptually uniform and built for colour-vision deficiencies.
SEQUENTIAL = "cividis"


def axes(ax: Any, *, size: tuple[float, float]) -> Axes:
    """``ax`` when given (checked), else the axes of a new pyplot figure of ``size`` inches.

    A new figure goes through pyplot so that a notebook shows it; nothing is shown or saved
    here.
    """
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        _, made = plt.subplots(figsize=size, layout="constrained")
        return made
    if not isinstance(ax, Axes):
        raise ValidationError(
            f"expected a matplotlib Axes or None, got {check.describe(ax)}",
            path="ax",
            code="bad-axes",
            params={"value": check.describe(ax)},
        )
    return ax


def language(lang: object) -> str:
    """``lang`` if it is one of the catalogue's languages, else a :class:`ValidationError`."""
    if lang not in LANGUAGES:
        raise ValidationError(
            f"expected a language of {list(LANGUAGES)}, got {lang!r}",
            path="lang",
            code="unknown-language",
            params={"lang": repr(lang)},
        )
    return str(lang)


def text(code: str, lang: str, **params: Any) -> str:
    """The catalogue's text for ``code`` (the picture's words, in ``lang``)."""
    return render(code, params, lang=lang)


def number(value: float) -> str:
    """A value as a label shows it: ``17``, ``16.9``, ``0.67`` (never ``16.87002957``)."""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
