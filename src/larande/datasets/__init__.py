"""Data to play with: a bundled demo municipality, synthetic organisations of any size, a nation.

>>> from larande.datasets import load_demo, synthetic
>>> demo = load_demo()
>>> demo.org
Organization(units=8, people=34, roles=7, competencies=21)
>>> synthetic(people=200, seed=1).org.people[0].id
'p00000'

Both are deterministic and return a fresh :class:`~larande.Dataset` per call.
"""

from larande.dataset import Dataset
from larande.datasets._demo import load_demo
from larande.datasets._national import NATIONAL_GOALS, National, national
from larande.datasets._practices import DemoPractices, load_practices
from larande.datasets._synthetic import synthetic

__all__ = [
    "NATIONAL_GOALS",
    "Dataset",
    "DemoPractices",
    "National",
    "load_demo",
    "load_practices",
    "national",
    "synthetic",
]
