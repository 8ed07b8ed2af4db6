"""Seats of sessions shared between organisations, split before the organisations run."""

from __future__ import annotations

from collections.abc import Mapping

from larande import _check as check
from larande.exceptions import ValidationError


def quotas(
    capacity: Mapping[str, int], demand: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, int]]:
    """Split shared sessions' seats between organisations; each gets what the others take.

    A regional course is one session that several organisations' people attend. Their
    reviews run apart, so the seats are split first: an organisation gets the seats it
    asks for when all requests fit; otherwise seats in proportion to its request, by
    largest remainder (ties to the smaller organisation id), never more than it asked
    for. The result is what :func:`~larande.distributed.run` takes as ``taken``: per
    organisation and session, the seats the others hold (``capacity - quota``).

    Args:
        capacity: session id -> its seats (the session's ``capacity``).
        demand: organisation id -> session id -> seats it asks for (0 or more).

    Raises:
        ValidationError: a capacity below 1, a negative or non-int request, or a request
            for a session ``capacity`` does not name.

    >>> quotas({"cpr-2026-03": 20}, {"0180": {"cpr-2026-03": 30}, "0114": {"cpr-2026-03": 10}})
    {'0114': {'cpr-2026-03': 15}, '0180': {'cpr-2026-03': 5}}
    """
    if not isinstance(capacity, Mapping):
        raise ValidationError(
            f"expected capacity to map session -> seats, got {check.describe(capacity)}",
            path="capacity",
            code="invalid-capacity",
        )
    if not isinstance(demand, Mapping):
        raise ValidationError(
            f"expected demand to map organisation -> session -> seats, got "
            f"{check.describe(demand)}",
            path="demand",
            code="invalid-demand",
        )
    for session, seats in capacity.items():
        if type(seats) is not int or seats < 1:
            raise ValidationError(
                f"expected the capacity of session {session!r} to be an int of 1 or more, "
                f"got {check.describe(seats)}",
                path=f"capacity[{session!r}]",
                code="invalid-capacity",
                params={"session": session, "value": repr(seats)},
            )
    asked: dict[str, dict[str, int]] = {}  # session -> org -> seats
    for org_id, wants in demand.items():
        if not isinstance(wants, Mapping):
            raise ValidationError(
                f"expected a mapping session -> seats for organisation {org_id!r}, got "
                f"{check.describe(wants)}",
                path=f"demand[{org_id!r}]",
                code="invalid-demand",
            )
        for session, seats in wants.items():
            if session not in capacity:
                raise ValidationError(
                    f"organisation {org_id!r} asks for seats of session {session!r}, which "
                    f"capacity does not name; expected one of {sorted(capacity)}",
                    path=f"demand[{org_id!r}][{session!r}]",
                    code="unknown-session",
                    params={"org_id": org_id, "session": session},
                )
            if type(seats) is not int or seats < 0:
                raise ValidationError(
                    f"expected the seats organisation {org_id!r} asks of session {session!r} "
                    f"to be an int of 0 or more, got {check.describe(seats)}",
                    path=f"demand[{org_id!r}][{session!r}]",
                    code="invalid-demand",
                    params={"org_id": org_id, "session": session, "value": repr(seats)},
                )
            asked.setdefault(session, {})[org_id] = seats
    out: dict[str, dict[str, int]] = {org_id: {} for org_id in sorted(demand)}
    for session in sorted(asked):
        seats, wants = capacity[session], asked[session]
        total = sum(wants.values())
        if total <= seats:
            given = dict(wants)
        else:
            # Largest remainder: floors first, then one seat each by the largest remainders.
            given = {o: w * seats // total for o, w in wants.items()}
            left = seats - sum(given.values())
            order = sorted(wants, key=lambda o: (-(wants[o] * seats % total), o))
            for o in order[:left]:
                given[o] += 1
        for org_id in wants:
            out[org_id][session] = seats - given[org_id]
    return out
