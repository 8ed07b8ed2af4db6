"""The error tree: every larande error is also the builtin a host would catch."""

from __future__ import annotations

import pytest

from larande import (
    CycleError,
    DuplicateIdError,
    InvalidTransitionError,
    LarandeError,
    UnknownIdError,
    ValidationError,
)

# -- the tree -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (LarandeError, Exception),
        (ValidationError, LarandeError),
        (ValidationError, ValueError),
        (UnknownIdError, ValidationError),
        (UnknownIdError, KeyError),
        (UnknownIdError, ValueError),
        (DuplicateIdError, ValidationError),
        (CycleError, ValidationError),
        (InvalidTransitionError, LarandeError),
        (InvalidTransitionError, ValueError),
    ],
)
def test_each_error_is_also_the_matching_builtin(error, builtin):
    """A host that catches the builtin (ValueError, KeyError) also catches larande's error."""
    assert issubclass(error, builtin)


def test_an_invalid_transition_is_not_a_validation_error():
    """A refused lifecycle step is not bad input, so it sits beside ValidationError."""
    assert not issubclass(InvalidTransitionError, ValidationError)


def test_an_unknown_id_can_be_caught_as_a_key_error():
    """Code written for dict look-ups (``except KeyError``) still catches an unknown id."""
    with pytest.raises(KeyError):
        raise UnknownIdError("unit", "nowhere")


# -- codes and params -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (LarandeError("boom"), "larande-error"),
        (ValidationError("bad"), "invalid-value"),
        (UnknownIdError("unit", "x"), "unknown-id"),
        (DuplicateIdError("unit", "x"), "duplicate-id"),
        (CycleError("unit", ["a", "b", "a"]), "cycle"),
        (InvalidTransitionError("done", "start"), "invalid-transition"),
    ],
)
def test_every_error_carries_a_stable_code(error, code):
    """A host translates by code, so each kind of error has its own fixed code."""
    assert code == error.code


def test_a_validation_error_can_be_given_its_own_code_and_params():
    """A specific rule can name itself, with the values its message is built from."""
    err = ValidationError("too high", code="level-out-of-scale", params={"level": 7, "top": 4})
    assert (err.code, err.params) == ("level-out-of-scale", {"level": 7, "top": 4})


def test_an_error_without_params_has_an_empty_params_mapping():
    """``params`` is always a mapping, so a host can format it without a None check."""
    assert ValidationError("bad").params == {}


def test_the_message_is_kept_apart_from_the_path():
    """``message`` is the English text alone, for a host that shows the path its own way."""
    err = ValidationError("expected a date", path="people[0].on")
    assert (err.message, err.path) == ("expected a date", "people[0].on")


def test_an_unknown_id_names_its_kind_and_id_in_params():
    """A translated message can say what was not found."""
    err = UnknownIdError("unit", "north")
    assert (err.params, err.kind, err.id) == ({"kind": "unit", "id": "north"}, "unit", "north")


def test_a_duplicate_id_names_its_kind_and_id_in_params():
    """A translated message can say which id was used twice."""
    err = DuplicateIdError("person", "anna", first="people[0]")
    assert (err.params, err.id) == ({"kind": "person", "id": "anna"}, "anna")


def test_a_duplicate_id_says_where_the_id_was_first_used():
    """The reader can find both places the id is used."""
    err = DuplicateIdError("person", "anna", path="people[3].id", first="people[0]")
    assert str(err) == "people[3].id: duplicate person id 'anna'; already used by people[0]"


def test_a_cycle_error_names_the_loop_first_id_repeated_at_the_end():
    """``cycle`` lists the ids around the loop so the reader can break it."""
    err = CycleError("unit", ["a", "b", "a"])
    assert err.cycle == ("a", "b", "a")


def test_a_cycle_error_message_draws_the_loop():
    """The message shows the loop as arrows."""
    assert str(CycleError("unit", ["a", "b", "a"])) == "unit cycle: a -> b -> a"


def test_a_cycle_error_gives_the_loop_in_params():
    """The loop is in params too, for a translated message."""
    assert CycleError("unit", iter(["a", "b", "a"])).params["cycle"] == ["a", "b", "a"]


def test_an_invalid_transition_names_the_status_and_the_action():
    """A host can tell the user what they tried and from where."""
    err = InvalidTransitionError("completed", "start", allowed=["archive"])
    assert (err.status, err.action) == ("completed", "start")


def test_an_invalid_transition_lists_what_is_allowed():
    """The message says which actions would have been accepted."""
    err = InvalidTransitionError("completed", "start", allowed=["archive", "reopen"])
    assert str(err) == "cannot start a plan that is completed; allowed: archive, reopen"


def test_an_invalid_transition_puts_status_action_and_allowed_in_params():
    """Every value of the message is available for translation."""
    err = InvalidTransitionError("completed", "start", allowed=["archive"])
    assert err.params == {"status": "completed", "action": "start", "allowed": ["archive"]}


# -- readable text --------------------------------------------------------------------------


def test_an_unknown_id_reads_as_a_sentence_not_a_repr():
    """KeyError would show the quoted repr of its message; larande shows the sentence."""
    err = UnknownIdError("unit", "north", path="people[1].unit", referrer="person 'anna'")
    assert str(err) == "people[1].unit: person 'anna' refers to an unknown unit 'north'"


def test_an_unknown_id_may_say_what_was_expected():
    """The message can end with a hint of what would have been valid."""
    err = UnknownIdError("scale", "cert", expected="one of ['default']")
    assert str(err) == "unknown scale 'cert'; expected one of ['default']"


def test_a_validation_error_without_a_path_is_just_its_message():
    """An error about a whole value has no path prefix."""
    assert str(ValidationError("bad")) == "bad"


def test_a_validation_error_with_a_path_shows_the_path_first():
    """The reader sees where before what."""
    assert str(ValidationError("empty id", path="people[3].id")) == "people[3].id: empty id"


# -- path prefixing -------------------------------------------------------------------------


def test_at_joins_a_field_path_with_a_dot():
    """Re-raising from a field of a bigger value puts the field's name in front."""
    assert ValidationError("x", path="people[3].unit").at("data").path == "data.people[3].unit"


def test_at_joins_an_index_path_without_a_dot():
    """An index follows the name of the sequence directly: ``people[3]``, not ``people.[3]``."""
    assert ValidationError("x", path="[3].unit").at("people").path == "people[3].unit"


def test_at_on_an_error_without_a_path_gives_the_prefix():
    """An error about the whole value gets the prefix as its path."""
    assert ValidationError("x").at("assessments").path == "assessments"


def test_at_with_an_empty_prefix_changes_nothing():
    """No prefix, no change."""
    assert ValidationError("x", path="people[3]").at("").path == "people[3]"


def test_at_returns_the_same_error_for_re_raising():
    """``raise err.at(prefix)`` re-raises the error itself, keeping its kind and params."""
    err = UnknownIdError("unit", "north", path="[1].unit")
    assert err is err.at("people")


def test_at_prefixes_are_applied_innermost_first():
    """Each enclosing level adds its name in front as the error travels outwards."""
    err = ValidationError("x", path="level").at("[2]").at("requirements").at("[0]").at("roles")
    assert err.path == "roles[0].requirements[2].level"
