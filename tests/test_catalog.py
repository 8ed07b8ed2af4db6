"""The catalog: activities, their sessions, and the checks that keep a catalog whole.

Bad input is refused with a ``larande.exceptions`` error naming the record and the field:
an unknown prerequisite, a prerequisite cycle, effort that is not positive, a session
without seats, a negative cost, a duplicate activity or session id, an unknown kind, a
level that is not one. Learning at work is an activity like any other.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from larande import (
    DEFAULT_SCALE,
    WORKPLACE_KINDS,
    Activity,
    ActivityKind,
    Catalog,
    Competency,
    CycleError,
    DuplicateIdError,
    Framework,
    FrozenMap,
    Scale,
    Session,
    UnknownIdError,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.testing import catalogs, frameworks

D = dt.date
HOUR = dt.timedelta(hours=1)
_FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def activity(id, develops=None, *, hours=1.0, kind="course", **fields):
    """A small activity; ``develops`` defaults to medication level 2."""
    return Activity(
        id,
        f"Activity {id}",
        kind,
        {"medication": 2} if develops is None else develops,
        dt.timedelta(hours=hours),
        **fields,
    )


def session(id, seats=6):
    return Session(id, D(2026, 2, 24), seats)


def framework():
    """Medication on the default scale (0..4) and CPR on a two-level certificate scale."""
    return Framework(
        [
            Competency("medication", "Medication handling"),
            Competency("cpr", "CPR (HLR)", scale="certificate"),
        ],
        scales=(DEFAULT_SCALE, Scale("certificate", ("no", "yes"))),
    )


# -- activities and sessions ------------------------------------------------------------


def test_activity_kinds_are_the_documented_strings():
    """Kinds compare equal to their lower-case, hyphenated names."""
    assert [str(k) for k in ActivityKind] == [
        "course",
        "e-learning",
        "webinar",
        "workshop",
        "reading",
        "mentoring",
        "peer-learning",
        "on-the-job",
        "reflection",
    ]


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_learning_at_work_is_on_the_job_mentoring_peer_learning_and_reflection(kind):
    """An activity is learning at work exactly when its kind is one of the four at work."""
    at_work = {"on-the-job", "mentoring", "peer-learning", "reflection"}
    assert activity("a", kind=kind).workplace == (kind in at_work)
    assert (kind in WORKPLACE_KINDS) == (kind in at_work)


def test_an_activity_takes_its_kind_as_a_string():
    """A kind given as its string becomes the enum member."""
    assert activity("a", kind="peer-learning").kind is ActivityKind.PEER_LEARNING


def test_an_activity_without_sessions_is_self_paced():
    """No dated occasions: it can be done any working day."""
    assert activity("a").self_paced is True


def test_an_activity_with_sessions_is_not_self_paced():
    """Dated occasions with seats: it happens on those days."""
    assert activity("a", sessions=[session("a-1")]).self_paced is False


def test_an_activity_freezes_what_it_is_given():
    """Lists and dicts become tuples and an immutable mapping, so activities hash."""
    a = activity("b", {"medication": 3}, prerequisites=["a"], sessions=[session("b-1")])
    assert (type(a.develops), a.prerequisites, a.sessions) == (
        FrozenMap,
        ("a",),
        (session("b-1"),),
    )
    assert hash(a) == hash(
        activity("b", {"medication": 3}, prerequisites=("a",), sessions=(session("b-1"),))
    )


def test_an_activity_cost_defaults_to_nothing_and_takes_an_int():
    """Learning need not be costly: cost defaults to 0.0; an int is taken as a float."""
    assert (activity("a").cost, activity("b", cost=450).cost) == (0.0, 450.0)


@pytest.mark.parametrize("seats", [0, -1, True, 1.5, "6"])
def test_a_session_needs_at_least_one_seat(seats):
    """Capacity is an int of 1 or more; the error names Session.capacity."""
    with pytest.raises(ValidationError) as err:
        Session("cpr-1", D(2026, 2, 24), seats)
    assert err.value.path == "capacity"
    assert "Session.capacity" in str(err.value)


def test_a_session_needs_a_date_not_a_datetime():
    """A session happens on a day."""
    with pytest.raises(ValidationError) as err:
        Session("cpr-1", dt.datetime(2026, 2, 24, 9), 6)
    assert err.value.path == "on"


@pytest.mark.parametrize(
    "effort",
    [dt.timedelta(0), -HOUR, 3, 3.0, None],
    ids=["zero", "negative", "int", "float", "none"],
)
def test_an_activity_takes_positive_working_time(effort):
    """Effort is a positive timedelta; the error names Activity.effort."""
    with pytest.raises(ValidationError) as err:
        Activity("a", "A", "course", {"medication": 2}, effort)
    assert err.value.path == "effort"
    assert "Activity.effort" in str(err.value)


@pytest.mark.parametrize("cost", [-1, -0.01, float("nan"), float("inf"), "450"])
def test_an_activity_cannot_cost_less_than_nothing(cost):
    """Cost is a finite number of zero or more; the error names Activity.cost."""
    with pytest.raises(ValidationError) as err:
        activity("a", cost=cost)
    assert err.value.path == "cost"
    assert "Activity.cost" in str(err.value)


@pytest.mark.parametrize("kind", ["", None, 3])
def test_an_activity_of_an_unknown_kind_is_refused(kind):
    """The kind is one of ActivityKind or a host's own non-empty str; the error lists them."""
    with pytest.raises(ValidationError) as err:
        activity("a", kind=kind)
    assert err.value.path == "kind"
    assert "'peer-learning'" in str(err.value)


@pytest.mark.parametrize("level", [-1, 1.5, "2", True, None])
def test_an_activity_that_develops_a_competency_to_a_non_level_is_refused(level):
    """Levels are non-negative ints; the path names the competency."""
    with pytest.raises(ValidationError) as err:
        activity("a", {"medication": level})
    assert err.value.path == "develops['medication']"
    assert "Activity.develops" in str(err.value)


@pytest.mark.parametrize("develops", [[("medication", 2)], "medication", {"": 2}, {3: 2}])
def test_an_activity_develops_a_mapping_of_competency_ids_to_levels(develops):
    """Anything but a mapping of non-empty ids is refused, naming Activity.develops."""
    with pytest.raises(ValidationError) as err:
        activity("a", develops)
    assert err.value.path == "develops"


def test_an_activity_cannot_be_its_own_prerequisite():
    """A self-prerequisite is the shortest cycle, and the error names it."""
    with pytest.raises(CycleError) as err:
        activity("a", prerequisites=["a"])
    assert err.value.cycle == ("a", "a")
    assert "a -> a" in str(err.value)


def test_an_activity_names_a_prerequisite_once():
    """The same prerequisite twice is a DuplicateIdError at the second."""
    with pytest.raises(DuplicateIdError) as err:
        activity("c", prerequisites=["a", "b", "a"])
    assert err.value.path == "prerequisites[2]"


def test_an_activity_cannot_hold_the_same_session_twice():
    """Session ids are unique within an activity."""
    with pytest.raises(DuplicateIdError) as err:
        activity("a", sessions=[session("s"), session("s")])
    assert (err.value.path, err.value.id) == ("sessions[1]", "s")


@pytest.mark.parametrize("group", [1, "yes", None])
def test_a_group_activity_is_flagged_with_a_bool(group):
    """``group`` is True or False, nothing that merely looks like one."""
    with pytest.raises(ValidationError) as err:
        activity("a", group=group)
    assert err.value.path == "group"


# -- the catalog as a whole -------------------------------------------------------------


def test_a_catalog_refuses_duplicate_activity_ids():
    """The second activity with an id is refused, at its place in the list."""
    with pytest.raises(DuplicateIdError) as err:
        Catalog([activity("a"), activity("b"), activity("a", hours=2)])
    assert (err.value.path, err.value.id) == ("activities[2].id", "a")


def test_a_catalog_refuses_a_session_id_used_by_two_activities():
    """Session ids are unique across the catalog; the error names the first holder."""
    with pytest.raises(DuplicateIdError) as err:
        Catalog([activity("a", sessions=[session("s")]), activity("b", sessions=[session("s")])])
    assert (err.value.path, err.value.id) == ("activities[1].sessions[0].id", "s")
    assert "activity 'a'" in str(err.value)


def test_a_catalog_refuses_an_unknown_prerequisite():
    """The path names the activity and the prerequisite's place; the message both ids."""
    with pytest.raises(UnknownIdError) as err:
        Catalog([activity("basics"), activity("workshop", prerequisites=["basics", "nope"])])
    assert (err.value.path, err.value.id) == ("activities[1].prerequisites[1]", "nope")
    assert "'workshop'" in str(err.value)


def test_an_unknown_prerequisite_is_also_a_key_error():
    """Each error is also the matching builtin."""
    with pytest.raises(KeyError):
        Catalog([activity("workshop", prerequisites=["nope"])])


def test_a_catalog_refuses_a_prerequisite_cycle_naming_it():
    """a needs b, b needs c, c needs a: the error walks the loop back to where it began."""
    with pytest.raises(CycleError) as err:
        Catalog(
            [
                activity("a", prerequisites=["b"]),
                activity("b", prerequisites=["c"]),
                activity("c", prerequisites=["a"]),
                activity("d", prerequisites=["a"]),
            ]
        )
    loop = err.value.cycle
    assert (loop[0], len(loop), set(loop)) == (loop[-1], 4, {"a", "b", "c"})
    assert " -> ".join(loop) in str(err.value)


def test_a_two_step_prerequisite_cycle_is_refused():
    """a needs b and b needs a."""
    with pytest.raises(CycleError) as err:
        Catalog([activity("a", prerequisites=["b"]), activity("b", prerequisites=["a"])])
    assert set(err.value.cycle) == {"a", "b"}


def test_a_catalog_holds_only_activities():
    """Anything else in the list is refused at its index."""
    with pytest.raises(ValidationError) as err:
        Catalog([activity("a"), "b"])
    assert err.value.path == "activities[1]"


def test_a_catalog_finds_activities_and_sessions_by_id():
    """``activity(id)``; ``session(id)`` gives the session and the activity it belongs to."""
    cpr = activity("cpr", {"cpr": 1}, sessions=[session("cpr-1"), session("cpr-2")])
    cat = Catalog([activity("meds"), cpr])
    assert (cat.activity("cpr"), cat.session("cpr-2")) == (cpr, (cpr, session("cpr-2")))


@pytest.mark.parametrize("lookup", ["activity", "session", "requires"])
def test_looking_up_an_unknown_id_is_an_unknown_id_error(lookup):
    """Never a bare KeyError from inside the catalog."""
    cat = Catalog([activity("meds", sessions=[session("meds-1")])])
    with pytest.raises(UnknownIdError) as err:
        getattr(cat, lookup)("nope")
    assert err.value.id == "nope"


def test_a_catalog_has_a_size_ids_and_membership():
    """``len``, iteration over ids in catalog order, and ``in``."""
    cat = Catalog([activity("b"), activity("a")])
    assert (len(cat), list(cat), "a" in cat, "c" in cat) == (2, ["b", "a"], True, False)


def test_providers_are_the_activities_developing_a_competency_at_any_level_sorted_by_id():
    """Every activity that develops the competency, whatever the level, by id."""
    cat = Catalog(
        [
            activity("meds-course", {"medication": 3, "cpr": 1}),
            activity("cpr"),
            activity("apt", {"medication": 1}),
            activity("other", {"cpr": 1}),
        ]
    )
    assert [a.id for a in cat.providers("medication")] == ["apt", "cpr", "meds-course"]


def test_a_competency_no_activity_develops_has_no_providers():
    """An empty tuple, not an error."""
    assert Catalog([activity("a")]).providers("cpr") == ()


def test_requires_lists_every_prerequisite_directly_or_not_before_what_needs_it():
    """The closure, prerequisites first, the activity itself excluded, each once."""
    cat = Catalog(
        [
            activity("intro"),
            activity("basics", prerequisites=["intro"]),
            activity("tools", prerequisites=["intro"]),
            activity("workshop", prerequisites=["basics", "tools"]),
        ]
    )
    assert cat.requires("workshop") == ("intro", "basics", "tools")


def test_an_activity_without_prerequisites_requires_nothing():
    assert Catalog([activity("a")]).requires("a") == ()


@_FEW
@given(frameworks().flatmap(lambda fw: catalogs(framework=fw)))
def test_requires_puts_each_prerequisite_after_its_own(catalog):
    """In ``requires(a)``, everything ``x`` requires comes before ``x``; ``a`` is absent."""
    for a in catalog:
        closure = catalog.requires(a)
        assert a not in closure
        assert len(set(closure)) == len(closure)
        for i, x in enumerate(closure):
            assert set(catalog.requires(x)) <= set(closure[:i])


@_FEW
@given(frameworks().flatmap(lambda fw: catalogs(framework=fw)))
def test_requires_holds_exactly_what_is_reachable_through_prerequisites(catalog):
    """An independent walk over direct prerequisites finds the same activities."""
    for a in catalog:
        seen: set[str] = set()
        todo = list(catalog.activity(a).prerequisites)
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(catalog.activity(x).prerequisites)
        assert set(catalog.requires(a)) == seen


# -- a catalog against a framework ------------------------------------------------------


def test_a_catalog_that_fits_its_framework_passes_the_check():
    """The demo catalog develops only the demo framework's competencies, within scale."""
    demo = load_demo()
    assert demo.catalog is not None
    assert demo.catalog.check(demo.org.framework) is None


def test_the_check_refuses_a_competency_the_framework_does_not_know():
    """An UnknownIdError naming the activity and the competency."""
    cat = Catalog([activity("a"), activity("b", {"medication": 1, "juggling": 2})])
    with pytest.raises(UnknownIdError) as err:
        cat.check(framework())
    assert (err.value.path, err.value.id) == ("activities[1].develops['juggling']", "juggling")
    assert "'b'" in str(err.value)


@pytest.mark.parametrize(("competency", "level"), [("medication", 5), ("cpr", 2)])
def test_the_check_refuses_a_level_outside_the_competency_scale(competency, level):
    """Medication's scale goes to 4, a certificate's to 1."""
    cat = Catalog([activity("a", {competency: level})])
    with pytest.raises(ValidationError) as err:
        cat.check(framework())
    assert (err.value.path, err.value.code) == (
        f"activities[0].develops[{competency!r}]",
        "level-out-of-scale",
    )


@pytest.mark.parametrize(("competency", "level"), [("medication", 4), ("cpr", 1)])
def test_the_check_takes_the_top_of_each_scale(competency, level):
    """The highest level of a scale is within it."""
    assert Catalog([activity("a", {competency: level})]).check(framework()) is None


# -- JSON -------------------------------------------------------------------------------


def test_the_demo_catalog_survives_a_json_round_trip():
    """Sessions, prerequisites, group activities and costs come back as they were."""
    demo = load_demo()
    assert ljson.loads(ljson.dumps(demo.catalog), Catalog) == demo.catalog


@_FEW
@given(frameworks().flatmap(lambda fw: catalogs(framework=fw)))
def test_a_catalog_survives_a_json_round_trip(catalog):
    """``loads(dumps(catalog), Catalog) == catalog`` for generated catalogs."""
    assert ljson.loads(ljson.dumps(catalog), Catalog) == catalog


@_FEW
@given(frameworks().flatmap(lambda fw: catalogs(framework=fw)))
def test_a_catalog_document_is_checked_again_when_read(catalog):
    """A document whose activities repeat an id is refused like the constructor refuses."""
    document = ljson.to_dict(catalog)
    document["data"]["activities"].append(document["data"]["activities"][0])
    with pytest.raises(ValidationError):
        ljson.from_dict(document, Catalog)


@given(st.integers(min_value=1, max_value=1000))
def test_a_session_survives_a_json_round_trip(seats):
    assert ljson.loads(ljson.dumps(session("s", seats)), Session) == session("s", seats)
