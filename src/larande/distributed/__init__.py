"""National scale: many organisations' reviews as tasks, merged into one national picture.

:func:`run` reviews every organisation of a :class:`~larande.datasets.National` (or of any
stream of ``(org_id, Dataset)`` pairs, such as :func:`larande.io.json.read_folder`) as its
own task and merges the small summaries that come back into a :class:`NationalResult`:
needs per organisation and competency with small groups suppressed, hours per month,
progress per shared national goal and a summary per organisation. Without a client it
runs in-process; with a ``dask.distributed.Client`` (the extra ``distributed``) on any Dask
cluster, with the same result. Dask is imported only when a client is given.

>>> import datetime as dt
>>> from larande.datasets import national
>>> from larande.distributed import run
>>> nation = national(scale=0.0002)
>>> pairs = [(i, nation.dataset(i)) for i in nation.ids[:4]]
>>> result = run(pairs, as_of=nation.as_of)
>>> [(row.org_id, row.people) for row in result.summary()]
[('01', 9), ('0114', 1), ('0115', 1), ('0117', 1)]
>>> result.matrix()[("01", "medication")]
Cell(people=7, with_gap=1, mean_gap=0.4286)
>>> result.matrix(min_group=10)[("01", "medication")].suppressed
True
"""

from larande.distributed._quotas import quotas
from larande.distributed._result import (
    NATION,
    NationalProgress,
    NationalResult,
    SummaryRow,
)
from larande.distributed._run import run
from larande.distributed._summary import NATIONAL_PREFIX

__all__ = [
    "NATION",
    "NATIONAL_PREFIX",
    "NationalProgress",
    "NationalResult",
    "SummaryRow",
    "quotas",
    "run",
]
