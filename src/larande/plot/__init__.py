"""Pictures for notebooks: the year, the gaps, the goal tree, progress and effect.

Needs the ``plot`` extra (matplotlib): ``pip install "larande[plot]"``. Only this package
imports matplotlib; ``import larande`` never does. Each function draws on the ``ax`` it is
given, or on a new figure's axes (through pyplot, so that a notebook shows it), and returns
the :class:`matplotlib.axes.Axes` it drew on; none shows or saves a figure. Titles, axis
labels and legends come from :mod:`larande.messages`, in English or Swedish (``lang=``);
colours are Okabe and Ito's, told apart with any common colour-vision deficiency.

- :func:`annual_load`: hours of learning per month against the time set aside;
- :func:`needs_heatmap`: people with a gap per unit and competency, suppressed cells hatched;
- :func:`goal_tree`: the goal graph, one row per level;
- :func:`progress_chart`: a goal's measurements, trend, forecast, target and deadline;
- :func:`effect_chart`: Kirkpatrick's four levels per activity.

>>> from matplotlib.figure import Figure
>>> from larande.datasets import load_demo
>>> from larande.plot import goal_tree
>>> goal_tree(load_demo().goals, ax=Figure().subplots(), lang="sv").get_title()
'Målträd: 14 mål, 12 kopplingar'
"""

from __future__ import annotations

try:
    import matplotlib as _matplotlib  # noqa: F401  # fail here, with the extra's name
except ImportError as exc:  # pragma: no cover - CI installs the extra
    raise ImportError('larande.plot needs matplotlib: pip install "larande[plot]"') from exc

from larande.plot._followup import effect_chart, progress_chart
from larande.plot._goals import goal_tree
from larande.plot._needs import needs_heatmap
from larande.plot._year import annual_load

__all__ = ["annual_load", "effect_chart", "goal_tree", "needs_heatmap", "progress_chart"]
