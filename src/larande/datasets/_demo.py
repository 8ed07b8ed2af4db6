"""The demo municipality, Älvby: home care with two teams, and an IT unit.

Everything here is invented: the places, the people and their records. It is shaped to show
the whole loop: a home-care service introducing digital night supervision and fighting
medication deviations, and an IT unit that wants to cut its release time.
"""

from __future__ import annotations

import datetime as dt

from larande.calendars import WorkCalendar
from larande.catalog import Activity, ActivityKind, Catalog, Session
from larande.competence import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    Framework,
    Requirement,
    Role,
    Scale,
)
from larande.dataset import Dataset
from larande.followup import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Event,
    FeedbackGiven,
    KnowledgeShared,
    Measured,
    ObjectiveAchieved,
    Retracted,
)
from larande.goals import Goal, GoalGraph, Level, Metric
from larande.needs import Signal, SignalKind
from larande.organization import Organization, Person, Unit

AS_OF = dt.date(2026, 1, 12)
"""The demo's "today": the Monday the annual plan is made."""

YEAR = dt.timedelta(days=365)

CERTIFICATE = Scale("certificate", ("not certified", "certified"))

_COMPETENCIES = (
    # id, name, parent, scale, validity
    ("care", "Care and nursing", None, "default", None),
    ("medication", "Medication handling", "care", "default", None),
    (
        "medication-delegation",
        "Delegation for giving medication",
        "medication",
        "certificate",
        YEAR,
    ),
    ("documentation", "Care documentation", "care", "default", None),
    ("hygiene", "Basic hygiene", "care", "default", None),
    ("dementia-care", "Dementia care", "care", "default", None),
    ("first-aid", "First aid", "care", "default", None),
    ("cpr", "CPR (HLR)", "first-aid", "certificate", YEAR),
    ("welfare-tech", "Welfare technology", None, "default", None),
    ("digital-supervision", "Digital night supervision", "welfare-tech", "default", None),
    ("safety-alarms", "Digital safety alarms", "welfare-tech", "default", None),
    ("it", "IT", None, "default", None),
    ("devops", "DevOps practices", "it", "default", None),
    ("ci-cd", "Continuous integration and delivery", "devops", "default", None),
    ("release-management", "Release management", "devops", "default", None),
    ("cloud-security", "Cloud security", "it", "default", None),
    ("agile", "Agile project management", "it", "default", None),
    ("leadership", "Leadership", None, "default", None),
    ("coaching", "Coaching and feedback", "leadership", "default", None),
    ("work-environment", "Systematic work environment management", "leadership", "default", None),
    ("self-leadership", "Self-leadership", "leadership", "default", None),
)

_SUPERVISION_ROLLOUT = dt.date(2026, 4, 1)

_ROLES = (
    Role("assistant-nurse", "Assistant nurse (undersköterska)", (
        Requirement("medication", 3, weight=2.0),
        Requirement("medication-delegation", 1, weight=2.0),
        Requirement("documentation", 3),
        Requirement("hygiene", 3),
        Requirement("dementia-care", 2),
        Requirement("cpr", 1),
        Requirement("digital-supervision", 2, effective=_SUPERVISION_ROLLOUT),
    )),
    Role("care-assistant", "Care assistant (vårdbiträde)", (
        Requirement("medication", 2, weight=2.0),
        Requirement("documentation", 2),
        Requirement("hygiene", 3),
        Requirement("dementia-care", 2),
        Requirement("cpr", 1),
        Requirement("digital-supervision", 1, effective=_SUPERVISION_ROLLOUT),
    )),
    Role("care-manager", "Unit manager, care (enhetschef)", (
        Requirement("work-environment", 3, weight=1.5),
        Requirement("coaching", 3),
        Requirement("documentation", 3),
        Requirement("digital-supervision", 2, effective=_SUPERVISION_ROLLOUT),
    )),
    Role("developer", "Developer", (
        Requirement("ci-cd", 3, weight=1.5),
        Requirement("release-management", 2),
        Requirement("cloud-security", 2),
        Requirement("agile", 2),
    )),
    Role("ops-engineer", "Operations engineer", (
        Requirement("ci-cd", 2),
        Requirement("release-management", 3, weight=1.5),
        Requirement("cloud-security", 3),
    )),
    Role("it-manager", "IT manager", (
        Requirement("agile", 3),
        Requirement("coaching", 3),
        Requirement("work-environment", 3),
        Requirement("release-management", 2),
    )),
    Role("director", "Head of administration", (
        Requirement("work-environment", 3),
        Requirement("coaching", 3),
        Requirement("self-leadership", 3),
    )),
)  # fmt: skip

_UNITS = (
    Unit("alvby", "Älvby municipality"),
    Unit("care-admin", "Care and welfare administration", parent="alvby"),
    Unit("homecare", "Home care (hemtjänst)", parent="care-admin"),
    Unit("homecare-north", "Home care, team North", parent="homecare"),
    Unit("homecare-south", "Home care, team South", parent="homecare"),
    Unit("it", "IT unit", parent="alvby"),
    Unit("it-platform", "IT, platform team", parent="it"),
    Unit("it-service", "IT, service team", parent="it"),
)

# id, name, unit, role, manager
_PEOPLE = (
    ("eva.lind", "Eva Lind", "care-admin", "director", None),
    ("karin.holm", "Karin Holm", "homecare", "care-manager", "eva.lind"),
    ("amir.haddad", "Amir Haddad", "homecare-north", "assistant-nurse", "karin.holm"),
    ("birgitta.sjo", "Birgitta Sjö", "homecare-north", "assistant-nurse", "karin.holm"),
    ("cecilia.ek", "Cecilia Ek", "homecare-north", "assistant-nurse", "karin.holm"),
    ("dragan.petrovic", "Dragan Petrović", "homecare-north", "care-assistant", "karin.holm"),
    ("elin.nyberg", "Elin Nyberg", "homecare-north", "assistant-nurse", "karin.holm"),
    ("fatima.ali", "Fatima Ali", "homecare-north", "care-assistant", "karin.holm"),
    ("goran.blom", "Göran Blom", "homecare-north", "assistant-nurse", "karin.holm"),
    ("hanna.vik", "Hanna Vik", "homecare-north", "care-assistant", "karin.holm"),
    ("ines.marquez", "Inés Márquez", "homecare-north", "assistant-nurse", "karin.holm"),
    ("jonas.strand", "Jonas Strand", "homecare-north", "care-assistant", "karin.holm"),
    ("kalle.dahl", "Kalle Dahl", "homecare-south", "assistant-nurse", "karin.holm"),
    ("lejla.hodzic", "Lejla Hodžić", "homecare-south", "assistant-nurse", "karin.holm"),
    ("maria.lund", "Maria Lund", "homecare-south", "care-assistant", "karin.holm"),
    ("nils.berg", "Nils Berg", "homecare-south", "assistant-nurse", "karin.holm"),
    ("olivia.sand", "Olivia Sand", "homecare-south", "care-assistant", "karin.holm"),
    ("per.hedlund", "Per Hedlund", "homecare-south", "assistant-nurse", "karin.holm"),
    ("rut.engstrom", "Rut Engström", "homecare-south", "assistant-nurse", "karin.holm"),
    ("samir.yusuf", "Samir Yusuf", "homecare-south", "care-assistant", "karin.holm"),
    ("tove.aberg", "Tove Åberg", "homecare-south", "assistant-nurse", "karin.holm"),
    ("ulla.falk", "Ulla Falk", "homecare-south", "care-assistant", "karin.holm"),
    ("viktor.nord", "Viktor Nord", "it", "it-manager", None),
    ("wilma.gran", "Wilma Gran", "it-platform", "developer", "viktor.nord"),
    ("xin.li", "Xin Li", "it-platform", "developer", "viktor.nord"),
    ("yusuf.demir", "Yusuf Demir", "it-platform", "ops-engineer", "viktor.nord"),
    ("zara.holmberg", "Zara Holmberg", "it-platform", "developer", "viktor.nord"),
    ("anders.moberg", "Anders Moberg", "it-platform", "ops-engineer", "viktor.nord"),
    ("bella.carlsson", "Bella Carlsson", "it-service", "developer", "viktor.nord"),
    ("david.sundin", "David Sundin", "it-service", "ops-engineer", "viktor.nord"),
    ("emma.wallin", "Emma Wallin", "it-service", "developer", "viktor.nord"),
    ("filip.ahmed", "Filip Ahmed", "it-service", "ops-engineer", "viktor.nord"),
    ("greta.roos", "Greta Roos", "it-service", "developer", "viktor.nord"),
    ("hugo.lindqvist", "Hugo Lindqvist", "it-service", "developer", "viktor.nord"),
)

# The assessments, person by person: competency -> (level, day, source). What is missing is
# deliberate: nobody has been assessed in digital supervision yet (the rollout is in April),
# a few CPR certificates have lapsed or lapse soon, and some assessments are years old.
_D = dt.date
_ASSESSED: dict[str, dict[str, tuple[int, dt.date, str]]] = {
    "eva.lind": {"work-environment": (3, _D(2025, 3, 10), "manager"),
                 "coaching": (3, _D(2024, 11, 4), "manager"),
                 "self-leadership": (2, _D(2025, 3, 10), "self")},
    "karin.holm": {"work-environment": (2, _D(2025, 4, 2), "manager"),
                   "coaching": (3, _D(2025, 4, 2), "manager"),
                   "documentation": (4, _D(2023, 9, 14), "manager"),
                   "digital-supervision": (1, _D(2025, 11, 20), "self")},
    "amir.haddad": {"medication": (3, _D(2025, 5, 12), "manager"),
                    "medication-delegation": (1, _D(2025, 3, 3), "nurse"),
                    "documentation": (2, _D(2025, 10, 6), "record-sample"),
                    "hygiene": (3, _D(2025, 5, 12), "manager"),
                    "dementia-care": (3, _D(2024, 2, 19), "manager"),
                    "cpr": (1, _D(2025, 2, 20), "certificate")},
    "birgitta.sjo": {"medication": (4, _D(2025, 5, 12), "manager"),
                     "medication-delegation": (1, _D(2025, 9, 1), "nurse"),
                     "documentation": (4, _D(2025, 10, 6), "record-sample"),
                     "hygiene": (4, _D(2025, 5, 12), "manager"),
                     "dementia-care": (4, _D(2025, 5, 12), "manager"),
                     "cpr": (1, _D(2025, 10, 15), "certificate")},
    "cecilia.ek": {"medication": (2, _D(2025, 5, 12), "manager"),
                   "medication-delegation": (1, _D(2024, 12, 2), "nurse"),
                   "documentation": (3, _D(2025, 10, 6), "record-sample"),
                   "hygiene": (3, _D(2025, 5, 12), "manager"),
                   "dementia-care": (2, _D(2025, 5, 12), "manager"),
                   "cpr": (1, _D(2024, 10, 9), "certificate")},
    "dragan.petrovic": {"medication": (2, _D(2025, 5, 12), "manager"),
                        "documentation": (1, _D(2025, 10, 6), "record-sample"),
                        "hygiene": (3, _D(2025, 5, 12), "manager"),
                        "dementia-care": (1, _D(2025, 5, 12), "manager"),
                        "cpr": (1, _D(2025, 10, 15), "certificate")},
    "elin.nyberg": {"medication": (3, _D(2025, 5, 12), "manager"),
                    "medication-delegation": (1, _D(2025, 9, 1), "nurse"),
                    "documentation": (3, _D(2025, 10, 6), "record-sample"),
                    "hygiene": (3, _D(2025, 5, 12), "manager"),
                    "dementia-care": (2, _D(2025, 5, 12), "manager"),
                    "cpr": (1, _D(2025, 10, 15), "certificate"),
                    "digital-supervision": (3, _D(2025, 12, 1), "test")},
    "fatima.ali": {"medication": (1, _D(2025, 5, 12), "manager"),
                   "documentation": (2, _D(2025, 10, 6), "record-sample"),
                   "hygiene": (3, _D(2025, 5, 12), "manager"),
                   "dementia-care": (3, _D(2025, 5, 12), "manager"),
                   "cpr": (1, _D(2025, 10, 15), "certificate")},
    "goran.blom": {"medication": (3, _D(2023, 4, 17), "manager"),
                   "medication-delegation": (1, _D(2025, 1, 27), "nurse"),
                   "documentation": (3, _D(2023, 4, 17), "manager"),
                   "hygiene": (3, _D(2023, 4, 17), "manager"),
                   "dementia-care": (3, _D(2023, 4, 17), "manager"),
                   "cpr": (1, _D(2025, 2, 20), "certificate")},
    "hanna.vik": {"medication": (2, _D(2025, 5, 12), "manager"),
                  "documentation": (2, _D(2025, 10, 6), "record-sample"),
                  "hygiene": (2, _D(2025, 5, 12), "manager"),
                  "dementia-care": (2, _D(2025, 5, 12), "manager")},
    "ines.marquez": {"medication": (3, _D(2025, 5, 12), "manager"),
                     "medication-delegation": (1, _D(2025, 9, 1), "nurse"),
                     "documentation": (3, _D(2025, 10, 6), "record-sample"),
                     "hygiene": (3, _D(2025, 5, 12), "manager"),
                     "dementia-care": (3, _D(2025, 5, 12), "manager"),
                     "cpr": (1, _D(2025, 10, 15), "certificate"),
                     "safety-alarms": (3, _D(2025, 6, 9), "manager")},
    "jonas.strand": {"medication": (2, _D(2025, 5, 12), "manager"),
                     "documentation": (2, _D(2025, 10, 6), "record-sample"),
                     "hygiene": (3, _D(2025, 5, 12), "manager"),
                     "dementia-care": (2, _D(2025, 5, 12), "manager"),
                     "cpr": (1, _D(2024, 10, 9), "certificate")},
    "kalle.dahl": {"medication": (2, _D(2025, 5, 19), "manager"),
                   "medication-delegation": (1, _D(2025, 2, 10), "nurse"),
                   "documentation": (2, _D(2025, 10, 13), "record-sample"),
                   "hygiene": (3, _D(2025, 5, 19), "manager"),
                   "dementia-care": (2, _D(2025, 5, 19), "manager"),
                   "cpr": (1, _D(2025, 10, 22), "certificate")},
    "lejla.hodzic": {"medication": (4, _D(2025, 5, 19), "manager"),
                     "medication-delegation": (1, _D(2025, 8, 25), "nurse"),
                     "documentation": (3, _D(2025, 10, 13), "record-sample"),
                     "hygiene": (4, _D(2025, 5, 19), "manager"),
                     "dementia-care": (3, _D(2025, 5, 19), "manager"),
                     "cpr": (1, _D(2025, 10, 22), "certificate"),
                     "digital-supervision": (2, _D(2025, 12, 1), "test")},
    "maria.lund": {"medication": (2, _D(2025, 5, 19), "manager"),
                   "documentation": (1, _D(2025, 10, 13), "record-sample"),
                   "hygiene": (3, _D(2025, 5, 19), "manager"),
                   "dementia-care": (2, _D(2025, 5, 19), "manager"),
                   "cpr": (1, _D(2025, 10, 22), "certificate")},
    "nils.berg": {"medication": (2, _D(2025, 5, 19), "manager"),
                  "medication-delegation": (1, _D(2024, 11, 18), "nurse"),
                  "documentation": (2, _D(2025, 10, 13), "record-sample"),
                  "hygiene": (3, _D(2025, 5, 19), "manager"),
                  "dementia-care": (2, _D(2025, 5, 19), "manager"),
                  "cpr": (1, _D(2025, 10, 22), "certificate")},
    "olivia.sand": {"medication": (2, _D(2025, 5, 19), "manager"),
                    "documentation": (2, _D(2025, 10, 13), "record-sample"),
                    "hygiene": (3, _D(2025, 5, 19), "manager"),
                    "dementia-care": (2, _D(2025, 5, 19), "manager"),
                    "cpr": (1, _D(2025, 3, 1), "certificate")},
    "per.hedlund": {"medication": (3, _D(2025, 5, 19), "manager"),
                    "medication-delegation": (1, _D(2025, 8, 25), "nurse"),
                    "documentation": (3, _D(2025, 10, 13), "record-sample"),
                    "hygiene": (3, _D(2025, 5, 19), "manager"),
                    "dementia-care": (1, _D(2025, 5, 19), "manager"),
                    "cpr": (1, _D(2025, 10, 22), "certificate")},
    "rut.engstrom": {"medication": (3, _D(2022, 9, 5), "manager"),
                     "medication-delegation": (1, _D(2025, 8, 25), "nurse"),
                     "documentation": (3, _D(2022, 9, 5), "manager"),
                     "hygiene": (3, _D(2022, 9, 5), "manager"),
                     "dementia-care": (4, _D(2022, 9, 5), "manager"),
                     "cpr": (1, _D(2025, 10, 22), "certificate"),
                     "coaching": (3, _D(2024, 6, 3), "manager")},
    "samir.yusuf": {"medication": (2, _D(2025, 5, 19), "manager"),
                    "documentation": (2, _D(2025, 10, 13), "record-sample"),
                    "hygiene": (3, _D(2025, 5, 19), "manager"),
                    "dementia-care": (2, _D(2025, 5, 19), "manager"),
                    "cpr": (1, _D(2025, 10, 22), "certificate"),
                    "safety-alarms": (2, _D(2025, 6, 9), "manager")},
    "tove.aberg": {"medication": (3, _D(2025, 5, 19), "manager"),
                   "medication-delegation": (1, _D(2025, 8, 25), "nurse"),
                   "documentation": (2, _D(2025, 10, 13), "record-sample"),
                   "hygiene": (3, _D(2025, 5, 19), "manager"),
                   "dementia-care": (2, _D(2025, 5, 19), "manager"),
                   "cpr": (1, _D(2025, 10, 22), "certificate")},
    "ulla.falk": {"medication": (1, _D(2025, 5, 19), "manager"),
                  "documentation": (2, _D(2025, 10, 13), "record-sample"),
                  "hygiene": (3, _D(2025, 5, 19), "manager"),
                  "dementia-care": (2, _D(2025, 5, 19), "manager"),
                  "cpr": (1, _D(2025, 10, 22), "certificate")},
    "viktor.nord": {"agile": (3, _D(2025, 2, 3), "manager"),
                    "coaching": (2, _D(2025, 2, 3), "manager"),
                    "work-environment": (2, _D(2025, 2, 3), "manager"),
                    "release-management": (3, _D(2025, 2, 3), "manager")},
    "wilma.gran": {"ci-cd": (4, _D(2025, 9, 8), "manager"),
                   "release-management": (3, _D(2025, 9, 8), "manager"),
                   "cloud-security": (2, _D(2025, 9, 8), "test"),
                   "agile": (3, _D(2025, 9, 8), "manager")},
    "xin.li": {"ci-cd": (2, _D(2025, 9, 8), "manager"),
               "release-management": (1, _D(2025, 9, 8), "manager"),
               "cloud-security": (2, _D(2025, 9, 8), "test"),
               "agile": (2, _D(2025, 9, 8), "manager")},
    "yusuf.demir": {"ci-cd": (3, _D(2025, 9, 8), "manager"),
                    "release-management": (2, _D(2025, 9, 8), "manager"),
                    "cloud-security": (3, _D(2025, 9, 8), "test")},
    "zara.holmberg": {"ci-cd": (2, _D(2025, 9, 8), "manager"),
                      "release-management": (2, _D(2025, 9, 8), "manager"),
                      "cloud-security": (1, _D(2025, 9, 8), "test"),
                      "agile": (2, _D(2025, 9, 8), "manager")},
    "anders.moberg": {"ci-cd": (2, _D(2023, 11, 6), "manager"),
                      "release-management": (3, _D(2023, 11, 6), "manager"),
                      "cloud-security": (2, _D(2023, 11, 6), "test")},
    "bella.carlsson": {"ci-cd": (3, _D(2025, 9, 15), "manager"),
                       "release-management": (2, _D(2025, 9, 15), "manager"),
                       "cloud-security": (2, _D(2025, 9, 15), "test"),
                       "agile": (3, _D(2025, 9, 15), "manager")},
    "david.sundin": {"ci-cd": (1, _D(2025, 9, 15), "manager"),
                     "release-management": (2, _D(2025, 9, 15), "manager"),
                     "cloud-security": (3, _D(2025, 9, 15), "test")},
    "emma.wallin": {"ci-cd": (2, _D(2025, 9, 15), "manager"),
                    "release-management": (2, _D(2025, 9, 15), "manager"),
                    "cloud-security": (2, _D(2025, 9, 15), "test"),
                    "agile": (1, _D(2025, 9, 15), "manager")},
    "filip.ahmed": {"ci-cd": (2, _D(2025, 9, 15), "manager"),
                    "release-management": (2, _D(2025, 9, 15), "manager"),
                    "cloud-security": (2, _D(2025, 9, 15), "test")},
    "greta.roos": {"ci-cd": (4, _D(2025, 9, 15), "manager"),
                   "release-management": (4, _D(2025, 9, 15), "manager"),
                   "cloud-security": (3, _D(2025, 9, 15), "test"),
                   "agile": (3, _D(2025, 9, 15), "manager")},
    "hugo.lindqvist": {"ci-cd": (1, _D(2025, 12, 8), "self"),
                       "agile": (2, _D(2025, 12, 8), "self")},
}  # fmt: skip


def framework() -> Framework:
    """The demo's competency framework (21 competencies under four roots)."""
    return Framework(
        [
            Competency(id, name, parent=parent, scale=scale, validity=validity)
            for id, name, parent, scale, validity in _COMPETENCIES
        ],
        scales=(DEFAULT_SCALE, CERTIFICATE),
    )


def roles() -> tuple[Role, ...]:
    """The demo's roles and what they require."""
    return _ROLES


def organization() -> Organization:
    """The demo municipality: 8 units, 34 people, 7 roles."""
    people = [
        Person(id, name, unit, roles=(role,), manager=manager)
        for id, name, unit, role, manager in _PEOPLE
    ]
    return Organization(_UNITS, people, _ROLES, framework())


def assessments() -> tuple[Assessment, ...]:
    """What is known of the demo people's competence, of varied age."""
    return tuple(
        Assessment(person, competency, level, on, source=source)
        for person, known in _ASSESSED.items()
        for competency, (level, on, source) in known.items()
    )


def goals() -> GoalGraph:
    """The demo's goal tree, from Älvby's two guiding stars down to a few objectives.

    One weakness is deliberate: the IT service team's checklist goal is due after the unit
    goal it serves, which ``findings()`` reports as ``deadline-after-parent``.
    """
    g = GoalGraph()
    year_end = _D(2026, 12, 31)
    g.add(
        Goal(
            "safe-care",
            "Safe medication at home: halve medication deviations",
            Level.ORGANIZATION,
            metric=Metric("medication deviations", "per month", 12, 6),
            deadline=year_end,
            competencies={"medication", "medication-delegation"},
        )
    )
    g.add(
        Goal(
            "digital-welfare",
            "Digital first: welfare technology and faster IT delivery",
            Level.ORGANIZATION,
            metric=Metric("clients with digital night supervision", "%", 10, 40),
            deadline=year_end,
            competencies={"digital-supervision", "ci-cd"},
        )
    )
    g.add(
        Goal(
            "homecare-medication",
            "Fewer medication deviations in home care",
            Level.UNIT,
            owner="homecare",
            metric=Metric("medication deviations", "per month", 12, 6),
            deadline=year_end,
            competencies={"medication", "medication-delegation", "documentation"},
        ),
        contributes_to="safe-care",
    )
    g.add(
        Goal(
            "homecare-night-supervision",
            "Digital night supervision for every client who wants it",
            Level.UNIT,
            owner="homecare",
            metric=Metric("clients with digital night supervision", "%", 10, 40),
            deadline=_D(2026, 10, 31),
            competencies={"digital-supervision", "welfare-tech"},
        ),
        contributes_to="digital-welfare",
    )
    g.add(
        Goal(
            "it-release-time",
            "Cut release time by 15 % within three months",
            Level.UNIT,
            owner="it",
            metric=Metric("release lead time", "days", 20, 17),
            deadline=_D(2026, 4, 30),
            competencies={"ci-cd", "release-management"},
        ),
        contributes_to="digital-welfare",
    )
    g.add(
        Goal(
            "north-documentation",
            "Complete documentation at every visit",
            Level.TEAM,
            owner="homecare-north",
            metric=Metric("sampled records complete", "%", 70, 95),
            deadline=_D(2026, 9, 30),
            competencies={"documentation"},
        ),
        contributes_to="homecare-medication",
    )
    g.add(
        Goal(
            "south-double-check",
            "Double-check routine for medication",
            Level.TEAM,
            owner="homecare-south",
            metric=Metric("medication deviations in team South", "per month", 6, 3),
            deadline=_D(2026, 9, 30),
            competencies={"medication"},
        ),
        contributes_to="homecare-medication",
    )
    g.add(
        Goal(
            "platform-pipeline",
            "Every service deployed through the pipeline",
            Level.TEAM,
            owner="it-platform",
            metric=Metric("services deployed through the pipeline", "%", 30, 90),
            deadline=_D(2026, 4, 15),
            competencies={"ci-cd"},
        ),
        contributes_to="it-release-time",
    )
    # The deliberate weakness: due after the unit goal it serves.
    g.add(
        Goal(
            "service-release-checklist",
            "A release checklist the whole team uses",
            Level.TEAM,
            owner="it-service",
            metric=Metric("releases following the checklist", "%", 20, 100),
            deadline=_D(2026, 6, 30),
            competencies={"release-management"},
        ),
        contributes_to="it-release-time",
    )
    for person, competency, level, parent, deadline in _OBJECTIVES:
        g.add(
            Goal(
                f"obj:{person}:{competency}",
                f"{_NAMES[person]}: {competency} to level {level}",
                Level.INDIVIDUAL,
                owner=person,
                deadline=deadline,
                competencies={competency},
                target_level=level,
            ),
            contributes_to=parent,
        )
    return g


_NAMES = {id: name for id, name, *_ in _PEOPLE}

# person, competency, target level, the goal it serves, deadline
_OBJECTIVES = (
    ("ulla.falk", "medication", 2, "south-double-check", _D(2026, 6, 30)),
    ("dragan.petrovic", "documentation", 2, "north-documentation", _D(2026, 6, 30)),
    ("hanna.vik", "documentation", 2, "north-documentation", _D(2026, 6, 30)),
    ("xin.li", "release-management", 2, "platform-pipeline", _D(2026, 3, 31)),
    ("zara.holmberg", "ci-cd", 3, "platform-pipeline", _D(2026, 3, 31)),
)


def signals() -> tuple[Signal, ...]:
    """The evidence a needs analysis of the demo looks at, beyond assessments.

    Medication deviations pile up in team South; a record-sample audit finds gaps in team
    North's documentation; IT reports failed releases. Some evidence falls below its rule's
    threshold or outside its window, on purpose.
    """
    dev, rep = SignalKind.DEVIATION, SignalKind.REPORT
    sample, control, test = (
        SignalKind.RECORD_SAMPLE,
        SignalKind.INTERNAL_CONTROL,
        SignalKind.TEST_RESULT,
    )
    out = [
        # Team South: medication deviations, summed severity 5 in the last 90 days.
        Signal("dev-2025-311", dev, _D(2025, 10, 21), "medication", unit="homecare-south"),
        Signal(
            "dev-2025-344", dev, _D(2025, 11, 18), "medication", person="kalle.dahl", severity=2
        ),
        Signal("dev-2025-379", dev, _D(2025, 12, 9), "medication", unit="homecare-south"),
        Signal("dev-2026-004", dev, _D(2026, 1, 7), "medication", person="ulla.falk"),
        # An older one, outside the 90-day window.
        Signal("dev-2025-201", dev, _D(2025, 9, 2), "medication", unit="homecare-south"),
        # Team North: one deviation only, below the threshold.
        Signal("dev-2025-362", dev, _D(2025, 12, 1), "medication", unit="homecare-north"),
        # IT service: three reports of releases rolled back.
        Signal("rep-it-0917", rep, _D(2025, 11, 3), "release-management", unit="it-service"),
        Signal("rep-it-0942", rep, _D(2025, 12, 2), "release-management", unit="it-service"),
        Signal("rep-it-0955", rep, _D(2025, 12, 19), "release-management", person="david.sundin"),
    ]
    # Team North: a record-sample audit of care documentation, 4 of 12 records incomplete.
    north = [p for p, _, unit, *_ in _PEOPLE if unit == "homecare-north"]
    out += [
        Signal(f"audit-doc-n{i + 1:02d}", sample, _D(2025, 10, 6), "documentation",
               unit="homecare-north", person=north[i % len(north)], passed=i % 3 != 0)
        for i in range(12)
    ]  # fmt: skip
    # Team South: internal control of hygiene, 1 of 10 failed (below the 20 % rate).
    out += [
        Signal(f"ic-hyg-s{i + 1:02d}", control, _D(2025, 11, 12), "hygiene",
               unit="homecare-south", passed=i != 4)
        for i in range(10)
    ]  # fmt: skip
    # IT platform: a cloud-security quiz, too few results to judge (6 of 10 needed).
    quizzed = ("wilma.gran", "xin.li", "yusuf.demir", "zara.holmberg", "anders.moberg",
               "viktor.nord")  # fmt: skip
    out += [
        Signal(f"quiz-sec-{i + 1}", test, _D(2025, 12, 15), "cloud-security", person=person,
               passed=i % 2 == 0)
        for i, person in enumerate(quizzed)
    ]  # fmt: skip
    return tuple(out)


def _h(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)


def _sessions(prefix: str, capacity: int, *days: dt.date) -> tuple[Session, ...]:
    return tuple(Session(f"{prefix}-{d.isoformat()}", d, capacity) for d in days)


# The first Tuesday of each month from February: the home-care teams' workplace meeting.
_APT = tuple(_D(2026, m, 1) + dt.timedelta(days=(1 - _D(2026, m, 1).weekday()) % 7)
             for m in range(2, 13))  # fmt: skip


def catalog() -> Catalog:
    """What the demo municipality offers: courses, e-learning, and learning at work.

    Among them: a short e-learning on medication and a longer classroom course covering
    more; a CPR refresher with dated sessions and few seats; a documentation workshop;
    mentoring in dementia care; a DevOps e-learning and a workshop that requires it; and
    reflection on medication routines at the monthly team meeting (APT), taken as a group.
    """
    kind = ActivityKind
    return Catalog([
        Activity("medication-elearning", "Safe medication handling (e-learning)",
                 kind.E_LEARNING, {"medication": 2}, _h(3), cost=450),
        Activity("medication-course", "Medication and delegation: classroom course",
                 kind.COURSE, {"medication": 3, "medication-delegation": 1, "documentation": 2},
                 _h(16), sessions=_sessions("medcourse", 12, _D(2026, 2, 10), _D(2026, 4, 14),
                                            _D(2026, 9, 15)), cost=4200),
        Activity("delegation-review", "Delegation review with the nurse", kind.ON_THE_JOB,
                 {"medication-delegation": 1}, _h(1)),
        Activity("apt-medication-reflection",
                 "Reflection at the team meeting (APT): medication routines and deviations",
                 kind.REFLECTION, {"medication": 2}, _h(1.5), group=True,
                 sessions=_sessions("apt", 30, *_APT), every="month"),
        Activity("cpr-refresher", "CPR (HLR) refresher", kind.COURSE, {"cpr": 1}, _h(4),
                 sessions=_sessions("cpr", 6, _D(2026, 1, 27), _D(2026, 2, 24),
                                    _D(2026, 5, 12), _D(2026, 10, 6)), cost=900),
        Activity("documentation-workshop", "Writing care records: documentation workshop",
                 kind.WORKSHOP, {"documentation": 3}, _h(8),
                 sessions=_sessions("docws", 16, _D(2026, 3, 3), _D(2026, 10, 20)), cost=1500),
        Activity("hygiene-elearning", "Basic hygiene (e-learning)", kind.E_LEARNING,
                 {"hygiene": 3}, _h(1)),
        Activity("dementia-mentoring", "Mentoring in dementia care", kind.MENTORING,
                 {"dementia-care": 3}, _h(10)),
        Activity("dementia-course", "Dementia care: classroom course", kind.COURSE,
                 {"dementia-care": 3}, _h(16), sessions=_sessions("demcourse", 20,
                                                                   _D(2026, 3, 17)), cost=3000),
        Activity("supervision-elearning", "Digital night supervision: the system (e-learning)",
                 kind.E_LEARNING, {"digital-supervision": 2}, _h(2)),
        Activity("supervision-peer", "Peer learning with a super user: digital supervision",
                 kind.PEER_LEARNING, {"digital-supervision": 2, "welfare-tech": 1}, _h(2)),
        Activity("devops-elearning", "DevOps foundations (e-learning)", kind.E_LEARNING,
                 {"ci-cd": 2, "release-management": 2}, _h(6), cost=800),
        Activity("devops-workshop", "DevOps in practice: pipelines and releases",
                 kind.WORKSHOP, {"ci-cd": 3, "release-management": 3}, _h(16),
                 prerequisites=["devops-elearning"],
                 sessions=_sessions("devopsws", 10, _D(2026, 2, 17), _D(2026, 3, 10),
                                    _D(2026, 9, 22)), cost=6000),
        Activity("pipeline-assignment", "Lead the pipeline migration of one service",
                 kind.ON_THE_JOB, {"ci-cd": 3}, _h(24), prerequisites=["devops-elearning"]),
        Activity("cloud-security-webinar", "Cloud security essentials (webinar series)",
                 kind.WEBINAR, {"cloud-security": 3}, _h(6), cost=1200),
        Activity("agile-reading", "Reading: agile project management", kind.READING,
                 {"agile": 2}, _h(4), cost=350),
        Activity("agile-course", "Agile project management: course", kind.COURSE,
                 {"agile": 3}, _h(16), cost=5500),
        Activity("coaching-programme", "Coaching leadership programme", kind.COURSE,
                 {"coaching": 3}, _h(24), cost=9000),
        Activity("work-environment-course", "Systematic work environment management",
                 kind.COURSE, {"work-environment": 3}, _h(16),
                 sessions=_sessions("wecourse", 25, _D(2026, 4, 21), _D(2026, 11, 10)),
                 cost=2500),
        Activity("self-leadership-reflection", "Self-leadership: leading a reflection group",
                 kind.REFLECTION, {"self-leadership": 3}, _h(6)),
    ])  # fmt: skip


BUDGET = dt.timedelta(hours=8)
"""Time set aside for learning: a working day a month for everyone."""


def calendar() -> WorkCalendar:
    """Sweden's working days in 2026, with no training planned in the summer weeks."""
    return WorkCalendar.sweden(2026, closures=[(_D(2026, 6, 29), _D(2026, 8, 9))])


FOLLOW_UP_AS_OF = _D(2026, 4, 15)
"""The day the demo looks back on the first quarter's follow-up."""


def events() -> tuple[Event, ...]:
    """A quarter of follow-up after the demo's schedule.

    The IT platform team takes the DevOps courses and sets action plans aimed at the
    release-time goal; the lead time falls month by month. One action plan gets no
    check-in. Team South's deviations fall and its double-check goal is reached; a care
    assistant shares the reflection at the team meeting. Some events arrive twice, one
    check-in predates its course, and one mistaken completion is retracted.
    """
    completed, plan, check_in = ActivityCompleted, ActionPlanSet, CheckIn
    release = "it-release-time"
    workshop_done = completed(
        "xapi-7f3a", "xin.li", "devops-workshop", _D(2026, 2, 18), score=0.85, passed=True
    )
    out: list[Event] = [
        completed("xapi-7e01", "xin.li", "devops-elearning", _D(2026, 1, 16), score=0.92),
        workshop_done,
        workshop_done,  # the LMS webhook fired twice
        plan(
            "ap-xin-1",
            "xin.li",
            "devops-workshop",
            _D(2026, 2, 23),
            [
                "Move the booking service's deploys into the pipeline",
                "Write the platform team's release checklist",
            ],
            goal=release,
            due=_D(2026, 4, 30),
        ),
        check_in(
            "ci-xin-1",
            "xin.li",
            "devops-workshop",
            _D(2026, 3, 4),
            0.4,
            "booking service migrated; tests still slow",
        ),
        check_in("ci-xin-2", "xin.li", "devops-workshop", _D(2026, 4, 1), 0.7),
        FeedbackGiven(
            "fb-xin-1",
            "xin.li",
            "devops-workshop",
            _D(2026, 3, 20),
            5,
            {
                "What do you do differently at work since the training?": (
                    "I release small changes several times a week."
                )
            },
        ),
        KnowledgeShared(
            "ks-xin-1", "xin.li", "devops-workshop", _D(2026, 3, 10), "IT team meeting"
        ),
        check_in("ci-xin-obj", "xin.li", "obj:xin.li:release-management", _D(2026, 3, 12), 0.8),
        ObjectiveAchieved("oa-xin-1", "xin.li", "obj:xin.li:release-management", _D(2026, 3, 27)),
        completed("xapi-7e09", "zara.holmberg", "devops-elearning", _D(2026, 1, 20), score=0.81),
        completed(
            "xapi-7f3c",
            "zara.holmberg",
            "devops-workshop",
            _D(2026, 2, 18),
            score=0.7,
            passed=True,
        ),
        plan(
            "ap-zara-1",
            "zara.holmberg",
            "devops-workshop",
            _D(2026, 2, 20),
            ["Automate the database migration step"],
            goal=release,
            due=_D(2026, 4, 30),
        ),
        FeedbackGiven("fb-zara-1", "zara.holmberg", "devops-workshop", _D(2026, 3, 25), 4),
        check_in("ci-zara-obj", "zara.holmberg", "obj:zara.holmberg:ci-cd", _D(2026, 3, 15), 0.5),
        completed("lms-2201", "ulla.falk", "apt-medication-reflection", _D(2026, 2, 3)),
        KnowledgeShared(
            "ks-ulla-1", "ulla.falk", "apt-medication-reflection", _D(2026, 3, 3), "APT"
        ),
        check_in("ci-ulla-obj", "ulla.falk", "obj:ulla.falk:medication", _D(2026, 3, 10), 0.6),
        ObjectiveAchieved("oa-ulla-1", "ulla.falk", "obj:ulla.falk:medication", _D(2026, 4, 7)),
        completed(
            "lms-2214", "kalle.dahl", "medication-course", _D(2026, 2, 10), score=0.9, passed=True
        ),
        plan(
            "ap-kalle-1",
            "kalle.dahl",
            "medication-course",
            _D(2026, 2, 13),
            ["Use the double-check list at every evening round"],
            goal="south-double-check",
        ),
        check_in("ci-kalle-1", "kalle.dahl", "medication-course", _D(2026, 2, 24), 0.5),
        FeedbackGiven("fb-kalle-1", "kalle.dahl", "medication-course", _D(2026, 3, 12), 4),
        completed(
            "lms-2215", "nils.berg", "medication-course", _D(2026, 2, 10), score=0.75, passed=True
        ),
        # Dated before the course: kept, but it fulfils no check-in slot.
        check_in("ci-nils-0", "nils.berg", "medication-course", _D(2026, 2, 5)),
        completed("lms-2190", "amir.haddad", "cpr-refresher", _D(2026, 1, 27), passed=True),
        # Registered on the wrong person, then withdrawn.
        completed("lms-2191", "hanna.vik", "cpr-refresher", _D(2026, 1, 27), passed=True),
        Retracted("lms-2191-void", _D(2026, 1, 28), target="lms-2191"),
    ]
    for goal, values in (
        (
            release,
            (
                (_D(2026, 1, 30), 20.0),
                (_D(2026, 2, 27), 19.0),
                (_D(2026, 3, 31), 18.0),
                (_D(2026, 4, 10), 17.5),
            ),
        ),
        ("safe-care", ((_D(2026, 1, 31), 12.0), (_D(2026, 2, 28), 11.0), (_D(2026, 3, 31), 10.0))),
        (
            "homecare-medication",
            ((_D(2026, 1, 31), 12.0), (_D(2026, 2, 28), 11.0), (_D(2026, 3, 31), 10.0)),
        ),
        (
            "south-double-check",
            ((_D(2026, 1, 31), 6.0), (_D(2026, 2, 28), 5.0), (_D(2026, 3, 31), 3.0)),
        ),
        ("homecare-night-supervision", ((_D(2026, 3, 31), 14.0),)),
    ):
        out += [Measured(f"m-{goal}-{day.isoformat()}", goal, day, value) for day, value in values]
    return tuple(out)


def load_demo() -> Dataset:
    """The bundled demo: Älvby municipality's home care and IT unit, as of 2026-01-12.

    A fresh :class:`~larande.Dataset` on every call, built in memory (no file is read).

    >>> demo = load_demo()
    >>> demo.as_of
    datetime.date(2026, 1, 12)
    >>> [u.name for u in demo.org.units][:3]
    ['Älvby municipality', 'Care and welfare administration', 'Home care (hemtjänst)']
    """
    return Dataset(
        org=organization(),
        assessments=assessments(),
        as_of=AS_OF,
        goals=goals(),
        signals=signals(),
        catalog=catalog(),
        start=AS_OF,
        end=_D(2026, 12, 31),
        budget=BUDGET,
        calendar=calendar(),
        events=events(),
    )
