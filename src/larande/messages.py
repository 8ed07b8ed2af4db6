"""Every text a person reads, in Swedish and English, from a stable code and its values.

Records that a host may show (a need's reason, a finding, an unplaced item...) carry a
``code`` and ``params`` next to their English text; :func:`render` turns the two into the
text in either language, so a host in Sweden shows Swedish without parsing English. The
Swedish text names the same values as the English, as the same strings (ids, titles, ISO
dates); durations read as hours.

>>> render("cli.summary.analyze", {"people": 34, "needs": 61, "units": 7}, lang="sv")
'34 personer, 61 behov (7 för enheter)'
>>> render("cli.summary.analyze", {"people": 34, "needs": 61, "units": 7})
'34 people, 61 needs (7 of units)'
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from larande import _check as check
from larande.exceptions import ValidationError

__all__ = ["CATALOGUE", "LANGUAGES", "code_of", "hours", "params_of", "render", "text"]

LANGUAGES = ("en", "sv")
"""The languages every message exists in."""

_RECORD_MESSAGES: dict[str, dict[str, str]] = {
    # -- needs: a Reason's rule is its code ---------------------------------------------------
    "rule.requirement-gap": {
        "en": "role {role!r} requires {competency!r} at level {required}; {current:level}",
        "sv": "rollen {role!r} kräver {competency!r} på nivå {required}; {current:level}",
    },
    "rule.future-requirement": {
        "en": "from {effective} role {role!r} requires {competency!r} at level {required}; "
        "{current:level}",
        "sv": "från {effective} kräver rollen {role!r} {competency!r} på nivå {required}; "
        "{current:level}",
    },
    "rule.expiring": {
        "en": "the assessment of {competency!r} from {assessed} expires {expires}",
        "sv": "bedömningen av {competency!r} från {assessed} slutar gälla {expires}",
    },
    "rule.stale-assessment": {
        "en": "{competency!r} was last assessed {assessed}, {days} days ago",
        "sv": "{competency!r} bedömdes senast {assessed}, för {days} dagar sedan",
    },
    "rule.deviation-threshold": {
        "en": "{signals} deviation(s) and report(s) on {competency!r} in the last {days} days, "
        "severity {severity} (threshold {threshold})",
        "sv": "{signals} avvikelse(r) och rapport(er) om {competency!r} de senaste {days} "
        "dagarna, allvarlighet {severity} (tröskel {threshold})",
    },
    "rule.audit-failure-rate": {
        "en": "{failed} of {samples} audits on {competency!r} failed in the last {days} days "
        "({rate:pct}, threshold {threshold:pct})",
        "sv": "{failed} av {samples} granskningar av {competency!r} underkändes de senaste "
        "{days} dagarna ({rate:pct}, tröskel {threshold:pct})",
    },
    "rule.wish": {
        "en": "{person!r} wishes to learn {competency!r} to level {required}",
        "sv": "{person!r} vill lära sig {competency!r} till nivå {required}",
    },
    # -- goals: a Finding's code ------------------------------------------------------------
    "finding.orphan": {
        "en": "{title!r} contributes to no broader goal: link it, or drop it",
        "sv": "{title!r} bidrar inte till något större mål: koppla det, eller stryk det",
    },
    "finding.unmeasurable": {
        "en": "{title!r} has no {missing:nor}: it cannot be followed up like the budget",
        "sv": "{title!r} saknar {missing:nor}: det kan inte följas upp som budgeten",
    },
    "finding.deadline-after-parent": {
        "en": "{title!r} is due {deadline}, after {parent_title!r} that it serves "
        "({parent_deadline})",
        "sv": "{title!r} ska vara nått {deadline}, efter {parent_title!r} som det bidrar till "
        "({parent_deadline})",
    },
    "finding.overdue": {
        "en": "{title!r} was due {deadline} and is not achieved",
        "sv": "{title!r} skulle vara nått {deadline} och är inte uppnått",
    },
    "finding.uncovered": {
        "en": "nobody has a learning objective under {title!r}",
        "sv": "ingen har ett mål på individnivå under {title!r}",
    },
    "finding.too-many-goals": {
        "en": "{owner!r} has {count} {level:goal-level} goals; pick one or two to focus on "
        "this year",
        "sv": "{owner!r} har {count} mål {level:goal-level}; välj ett eller två att fokusera "
        "på i år",
    },
    # -- planning: Unmet.reason, Dropped.reason, Pairing, Ambassador ------------------------
    "unmet.no-activity": {
        "en": "no activity in the catalog develops {competency!r}",
        "sv": "ingen aktivitet i katalogen utvecklar {competency!r}",
    },
    "unmet.level-not-reached": {
        "en": "no activity in the catalog develops {competency!r} to level {target}",
        "sv": "ingen aktivitet i katalogen utvecklar {competency!r} till nivå {target}",
    },
    "unmet.already-passed": {
        "en": "only activities the person already passed develop {competency!r} to level "
        "{target}: re-assess, or offer another activity",
        "sv": "bara aktiviteter som personen redan har klarat utvecklar {competency!r} till "
        "nivå {target}: bedöm på nytt, eller erbjud en annan aktivitet",
    },
    "unmet.nothing-to-learn": {
        "en": "{person!r} is at level {current} in {competency!r} and nothing is due: "
        "re-assess instead",
        "sv": "{person!r} är på nivå {current} i {competency!r} och inget förfaller: "
        "bedöm på nytt i stället",
    },
    "drop.need-closed": {
        "en": "{activity!r} left the plan on {on}: the needs it was planned for are closed",
        "sv": "{activity!r} togs bort ur planen {on}: behoven den planerades för är stängda",
    },
    "drop.not-required": {
        "en": "{activity!r} left the plan on {on}: nothing left in the plan needs it first",
        "sv": "{activity!r} togs bort ur planen {on}: inget kvar i planen kräver den först",
    },
    "drop.renewal": {
        "en": "{activity!r} left the plan on {on}: its certificate is up for renewal, and a "
        "new item of it takes its place",
        "sv": "{activity!r} togs bort ur planen {on}: intyget ska förnyas, och en ny "
        "aktivitet av samma slag tar dess plats",
    },
    "drop.retired": {
        "en": "{activity!r} left the plan on {on}: the catalog no longer holds it",
        "sv": "{activity!r} togs bort ur planen {on}: katalogen har den inte längre",
    },
    "pairing": {
        "en": "{mentor} can mentor {mentee} in {competency!r}",
        "sv": "{mentor} kan vara mentor för {mentee} i {competency!r}",
    },
    "pairing.same-unit": {
        "en": "{mentor} holds {competency!r} at level {level}, at least the {required} "
        "{mentee} needs (gap {gap}); same unit",
        "sv": "{mentor} har {competency!r} på nivå {level}, minst de {required} som {mentee} "
        "behöver (lucka {gap}); samma enhet",
    },
    "pairing.parent-unit": {
        "en": "{mentor} holds {competency!r} at level {level}, at least the {required} "
        "{mentee} needs (gap {gap}); parent unit",
        "sv": "{mentor} har {competency!r} på nivå {level}, minst de {required} som {mentee} "
        "behöver (lucka {gap}); enheten ovanför",
    },
    "ambassador": {
        "en": "{person} holds {competencies:list} at the level needed, among the most needed "
        "in {unit}",
        "sv": "{person} har {competencies:list} på den nivå som krävs, bland det som behövs "
        "mest i {unit}",
    },
    # -- the gate: Justification.code ------------------------------------------------------
    "justification.go-ahead.unit": {
        "en": "go ahead: unit {subject!r} needs {competency!r} (its evidence stands); "
        "it serves {paths:paths}",
        "sv": "gå vidare: enheten {subject!r} behöver {competency!r} (underlaget står sig); "
        "det tjänar {paths:paths}",
    },
    "justification.go-ahead.gap": {
        "en": "go ahead: {subject!r} needs {competency!r} (a gap of {gap}); "
        "it serves {paths:paths}",
        "sv": "gå vidare: {subject!r} behöver {competency!r} (en lucka på {gap}); "
        "det tjänar {paths:paths}",
    },
    "justification.go-ahead.due": {
        "en": "go ahead: {subject!r} needs {competency!r} (due {due}); it serves {paths:paths}",
        "sv": "gå vidare: {subject!r} behöver {competency!r} (senast {due}); "
        "det tjänar {paths:paths}",
    },
    "justification.hold.unit": {
        "en": "hold: unit {subject!r} needs {competency!r} (its evidence stands); no goal of "
        "the unit, its parents or the organisation depends on it",
        "sv": "vänta: enheten {subject!r} behöver {competency!r} (underlaget står sig); inget "
        "mål för enheten, enheterna ovanför eller organisationen bygger på den",
    },
    "justification.hold.gap": {
        "en": "hold: {subject!r} needs {competency!r} (a gap of {gap}); no goal of the unit, "
        "its parents or the organisation depends on it",
        "sv": "vänta: {subject!r} behöver {competency!r} (en lucka på {gap}); inget mål för "
        "enheten, enheterna ovanför eller organisationen bygger på den",
    },
    "justification.hold.due": {
        "en": "hold: {subject!r} needs {competency!r} (due {due}); no goal of the unit, its "
        "parents or the organisation depends on it",
        "sv": "vänta: {subject!r} behöver {competency!r} (senast {due}); inget mål för "
        "enheten, enheterna ovanför eller organisationen bygger på den",
    },
    "justification.hold.met": {
        "en": "hold: {subject!r} already meets the level in {competency!r} and nothing is "
        "due; it serves {paths:paths}",
        "sv": "vänta: {subject!r} har redan nivån i {competency!r} och inget förfaller; "
        "det tjänar {paths:paths}",
    },
    "justification.hold.neither": {
        "en": "hold: {subject!r} already meets the level in {competency!r} and nothing is "
        "due; no goal of the unit, its parents or the organisation depends on it",
        "sv": "vänta: {subject!r} har redan nivån i {competency!r} och inget förfaller; "
        "inget mål för enheten, enheterna ovanför eller organisationen bygger på den",
    },
    # -- follow-up: Celebration.kind, Due.kind -------------------------------------------
    "celebration.objective-achieved": {
        "en": "{person} achieved {title!r}",
        "sv": "{person} har nått {title!r}",
    },
    "celebration.target-reached": {
        "en": "{title!r} reached its target: {metric} {value:g} {unit} (target {target:g})",
        "sv": "{title!r} nådde sitt målvärde: {metric} {value:g} {unit} (målvärde {target:g})",
    },
    "due.action-plan": {
        "en": "{person}: an action plan after {subject!r}, due {due_on}",
        "sv": "{person}: en handlingsplan efter {subject!r}, senast {due_on}",
    },
    "due.check-in": {
        "en": "{person}: a check-in on {subject!r}, due {due_on}",
        "sv": "{person}: en avstämning om {subject!r}, senast {due_on}",
    },
    "due.feedback": {
        "en": "{person}: a feedback session on {subject!r}, due {due_on}",
        "sv": "{person}: ett återkopplingssamtal om {subject!r}, senast {due_on}",
    },
    "due.share": {
        "en": "{person}: share what was learnt from {subject!r}, due {due_on}",
        "sv": "{person}: dela med sig av det som {subject!r} gav, senast {due_on}",
    },
    "due.stalled": {
        "en": "{person}: {subject!r} has stalled since {due_on}",
        "sv": "{person}: {subject!r} har stått still sedan {due_on}",
    },
    "due.renewal": {
        "en": "{person}: renew {subject!r} before {due_on}",
        "sv": "{person}: förnya {subject!r} före {due_on}",
    },
    # -- scheduling: Unplaced.code, its reason's or one that says more -------------------
    "unplaced.horizon": {
        "en": "no session of {activity!r} and no working day for {person} falls between "
        "{start} and {end}",
        "sv": "inget tillfälle för {activity!r} och ingen arbetsdag för {person} finns mellan "
        "{start} och {end}",
    },
    "unplaced.deadline": {
        "en": "every day {activity!r} could take for {person} is after its deadline {deadline}",
        "sv": "varje dag som {activity!r} kunde ta för {person} ligger efter sista dagen "
        "{deadline}",
    },
    "unplaced.prerequisite": {
        "en": "{activity!r} for {person} waits for its prerequisite {prerequisite!r}, which is "
        "not placed or leaves no day after it",
        "sv": "{activity!r} för {person} väntar på förkunskapen {prerequisite!r}, som inte är "
        "placerad eller inte lämnar någon dag efter sig",
    },
    "unplaced.capacity": {
        "en": "every session of {activity!r} that fits {person} is full",
        "sv": "varje tillfälle för {activity!r} som passar {person} är fullt",
    },
    "unplaced.money": {
        "en": "{unit}'s money for learning is used up where {activity!r} could go for "
        "{person}: it costs {cost:g}, {left:g} of {total:g} left",
        "sv": "pengarna för lärande i {unit} är slut där {activity!r} kunde ligga för "
        "{person}: den kostar {cost:g}, {left:g} av {total:g} kvar",
    },
    "unplaced.budget": {
        "en": "{person}'s time for learning is used up where {activity!r} could go: {used:h} "
        "of {total:h} used, at most {cap:h} a month; it takes {hours:h}",
        "sv": "tiden för lärande för {person} är slut där {activity!r} kunde ligga: {used:h} "
        "av {total:h} använda, högst {cap:h} i månaden; den tar {hours:h}",
    },
    "unplaced.horizon.closed": {
        "en": "every session of {activity!r} between {start} and {end} falls in a month "
        "closed for learning (its season share is 0)",
        "sv": "varje tillfälle för {activity!r} mellan {start} och {end} ligger i en månad "
        "som är stängd för lärande (dess andel av året är 0)",
    },
    "unplaced.horizon.away": {
        "en": "every session of {activity!r} between {start} and {end} falls while {person} "
        "is away",
        "sv": "varje tillfälle för {activity!r} mellan {start} och {end} infaller när "
        "{person} är borta",
    },
    "unplaced.horizon.no-session": {
        "en": "no session of {activity!r} falls on a working day between {start} and {end}",
        "sv": "inget tillfälle för {activity!r} infaller på en arbetsdag mellan {start} och {end}",
    },
    "unplaced.horizon.no-day": {
        "en": "no working day falls between {start} and {end}",
        "sv": "ingen arbetsdag finns mellan {start} och {end}",
    },
    "unplaced.horizon.closed-year": {
        "en": "no working day between {start} and {end} falls in a month open for learning "
        "(season share above 0)",
        "sv": "ingen arbetsdag mellan {start} och {end} ligger i en månad som är öppen för "
        "lärande (andel av året över 0)",
    },
    "unplaced.horizon.away-days": {
        "en": "every working day for {activity!r} between {start} and {end} falls while "
        "{person} is away",
        "sv": "varje arbetsdag för {activity!r} mellan {start} och {end} infaller när "
        "{person} är borta",
    },
    "unplaced.horizon.period": {
        "en": "no working day for {activity!r} falls between {start} and {end}",
        "sv": "ingen arbetsdag för {activity!r} finns mellan {start} och {end}",
    },
    "unplaced.deadline.sessions": {
        "en": "every session of {activity!r} between {start} and {end} is after the deadline "
        "{deadline}",
        "sv": "varje tillfälle för {activity!r} mellan {start} och {end} ligger efter sista "
        "dagen {deadline}",
    },
    "unplaced.deadline.first-day": {
        "en": "the deadline {deadline} of {activity!r} is before the first working day it "
        "could have, {first}",
        "sv": "sista dagen {deadline} för {activity!r} ligger före den första arbetsdag den "
        "kunde få, {first}",
    },
    "unplaced.prerequisite.not-placed": {
        "en": "{activity!r} for {person} waits for its prerequisite {prerequisite!r}, which "
        "is not placed",
        "sv": "{activity!r} för {person} väntar på förkunskapen {prerequisite!r}, som inte "
        "är placerad",
    },
    "unplaced.prerequisite.no-session-after": {
        "en": "no session of {activity!r} is left for {person} after its prerequisite "
        "{prerequisite!r} on {after}",
        "sv": "inget tillfälle för {activity!r} återstår för {person} efter förkunskapen "
        "{prerequisite!r} den {after}",
    },
    "unplaced.prerequisite.no-day-after": {
        "en": "no working day is left for {activity!r} for {person} after its prerequisite "
        "{prerequisite!r} on {after}",
        "sv": "ingen arbetsdag återstår för {activity!r} för {person} efter förkunskapen "
        "{prerequisite!r} den {after}",
    },
    "unplaced.capacity.seat-taken": {
        "en": "{person}'s seat in {session!r} of {activity!r} went to an item of higher priority",
        "sv": "platsen för {person} på {session!r} i {activity!r} gick till något med högre "
        "prioritet",
    },
    "unplaced.budget.make-room": {
        "en": "{activity!r} gave way to {person}'s other items: {used:h} of {total:h} used, "
        "at most {cap:h} a month; it takes {hours:h}",
        "sv": "{activity!r} fick ge plats åt andra aktiviteter för {person}: {used:h} av "
        "{total:h} använda, högst {cap:h} i månaden; den tar {hours:h}",
    },
    # -- words the report shows: statuses, levels, severities ----------------------------
    "progress.achieved": {"en": "achieved", "sv": "uppnått"},
    "progress.on-track": {"en": "on track", "sv": "i fas"},
    "progress.at-risk": {"en": "at risk", "sv": "i riskzonen"},
    "progress.off-track": {"en": "off track", "sv": "efter"},
    "progress.no-data": {"en": "no data", "sv": "inga data"},
    "level.organization": {"en": "organization", "sv": "organisation"},
    "level.unit": {"en": "unit", "sv": "enhet"},
    "level.team": {"en": "team", "sv": "arbetslag"},
    "level.individual": {"en": "individual", "sv": "individ"},
    "severity.error": {"en": "error", "sv": "fel"},
    "severity.warning": {"en": "warning", "sv": "varning"},
    "severity.info": {"en": "info", "sv": "info"},
    "plan.draft": {"en": "draft", "sv": "utkast"},
    "plan.in-review": {"en": "in review", "sv": "under granskning"},
    "plan.active": {"en": "active", "sv": "pågår"},
    "plan.complete": {"en": "complete", "sv": "klar"},
    "plan.cancelled": {"en": "cancelled", "sv": "avbruten"},
}
"""The messages of the records a host shows; each code is ``kind.value`` (``rule.expiring``)."""

_ERROR_MESSAGES: dict[str, dict[str, str]] = {
    # The exceptions' codes. An error's English ``message`` says more (it is written where the
    # error is raised); these name the values every raise of the code carries in ``params``.
    "larande-error": {"en": "larande could not do this", "sv": "larande kunde inte göra detta"},
    "invalid-value": {"en": "a value is not valid", "sv": "ett värde är inte giltigt"},
    "unknown-id": {
        "en": "unknown {kind:thing} {id!r}",
        "sv": "okänt id för {kind:thing}: {id!r}",
    },
    "duplicate-id": {
        "en": "duplicate {kind:thing} id {id!r}",
        "sv": "id för {kind:thing} används två gånger: {id!r}",
    },
    "cycle": {
        "en": "{kind:thing} cycle: {cycle:arrows}",
        "sv": "en slinga av {kind:thing}: {cycle:arrows}",
    },
    "invalid-transition": {
        "en": "cannot {action} a plan that is {status}; allowed: {allowed:list}",
        "sv": "kan inte göra {action} med en plan som är {status}; tillåtet: {allowed:list}",
    },
    "unknown-language": {
        "en": "no language {lang}; expected en or sv",
        "sv": "inget språk {lang}; väntade en eller sv",
    },
    "unknown-message": {
        "en": "no message has the code {code}",
        "sv": "inget meddelande har koden {code}",
    },
    "missing-message-value": {
        "en": "message {code!r} names {missing} but params has no such value",
        "sv": "meddelandet {code!r} nämner {missing} men params saknar det värdet",
    },
    "bad-money": {
        "en": "an amount of money must be a finite number of 0 or more",
        "sv": "ett belopp måste vara ett ändligt tal, 0 eller mer",
    },
    "money-without-org": {
        "en": "money is set aside per unit: give the organisation, to know each person's unit",
        "sv": "pengar avsätts per enhet: ange organisationen, så att varje persons enhet är känd",
    },
    "bad-solver": {
        "en": "no solver {value}; expected {expected:list}",
        "sv": "ingen lösare {value}; väntade {expected:list}",
    },
    "bad-time-limit": {
        "en": "a time limit must be a duration above zero",
        "sv": "en tidsgräns måste vara en tidslängd över noll",
    },
    "time-limit-without-cp-sat": {
        "en": "a time limit bounds CP-SAT's work; the heuristic takes none",
        "sv": "en tidsgräns begränsar CP-SAT:s arbete; heuristiken tar ingen",
    },
    "missing-extra": {
        "en": 'this needs {package}: pip install "larande[{extra}]"',
        "sv": 'detta kräver {package}: pip install "larande[{extra}]"',
    },
    "series-as-prerequisite": {
        "en": "activity {activity!r} names the series {prerequisite!r} as a prerequisite; "
        "a series cannot come first",
        "sv": "aktiviteten {activity!r} anger serien {prerequisite!r} som förkunskap; "
        "en serie kan inte komma först",
    },
    "action-plan-owner": {
        "en": "action plan {event!r} names neither a person nor a team",
        "sv": "handlingsplanen {event!r} anger varken en person eller ett arbetslag",
    },
    "assessments-without-as-of": {
        "en": "assessments given without as_of: give the day they are read on",
        "sv": "bedömningar utan as_of: ange dagen de läses per",
    },
    "bad-budget": {
        "en": "a budget must be an amount of time above zero",
        "sv": "en budget måste vara en tid över noll",
    },
    "bad-season": {
        "en": "a season gives each month a share from 0 to 1",
        "sv": "en säsong ger varje månad en andel från 0 till 1",
    },
    "bad-axes": {
        "en": "expected a matplotlib Axes or None, got {value}",
        "sv": "väntade en matplotlib Axes eller None, fick {value}",
    },
    "budget-missing-person": {
        "en": "the budget sets no time aside for {people:list}",
        "sv": "budgeten avsätter ingen tid för {people:list}",
    },
    "child-broader-than-parent": {
        "en": "goal {child!r} ({child_level:thing}) is broader than {parent!r} "
        "({parent_level:thing}) that it serves",
        "sv": "målet {child!r} ({child_level:thing}) är bredare än {parent!r} "
        "({parent_level:thing}) som det bidrar till",
    },
    "conflicting-event": {
        "en": "two different events have the id {id!r}",
        "sv": "två olika händelser har id {id!r}",
    },
    "gap-mismatch": {
        "en": "need {need!r} gives a gap of {gap} that its levels do not",
        "sv": "behovet {need!r} anger en lucka på {gap} som dess nivåer inte ger",
    },
    "goal-has-children": {
        "en": "goal {goal!r} has goals below it: {children:list}",
        "sv": "målet {goal!r} har mål under sig: {children:list}",
    },
    "goals-without-catalog": {
        "en": "the goals a month serves need the catalog too",
        "sv": "målen en månad tjänar kräver också katalogen",
    },
    "individual-without-owner": {
        "en": "individual objective {goal!r} has no owner",
        "sv": "målet på individnivå {goal!r} har ingen ägare",
    },
    "invalid-weight": {
        "en": "a link's weight must be a number above 0, got {value}",
        "sv": "en koppling måste ha en vikt över 0, fick {value}",
    },
    "level-out-of-scale": {
        "en": "level {level} is above the top of its scale ({top})",
        "sv": "nivå {level} ligger över skalans högsta nivå ({top})",
    },
    "malformed-json": {
        "en": "the text is not well-formed JSON",
        "sv": "texten är inte korrekt JSON",
    },
    "missing": {
        "en": "a calendar given by its country needs its years",
        "sv": "en kalender som anges med sitt land behöver sina år",
    },
    "missing-column": {
        "en": "the CSV has no column {column!r}",
        "sv": "CSV-filen saknar kolumnen {column!r}",
    },
    "missing-effort": {
        "en": "placement {placement} has no effort",
        "sv": "placeringen {placement} saknar tidsåtgång",
    },
    "missing-field": {
        "en": "a required field is missing",
        "sv": "ett obligatoriskt fält saknas",
    },
    "mixed-list": {
        "en": "a list mixes records of different types",
        "sv": "en lista blandar poster av olika typer",
    },
    "no-holiday-data": {
        "en": "no holiday data for {year}; known years are {first} to {last}",
        "sv": "inga helgdagar för {year}; kända år är {first} till {last}",
    },
    "not-a-bool": {"en": "expected True or False", "sv": "väntade True eller False"},
    "not-a-document": {
        "en": "the JSON is not a larande document",
        "sv": "JSON-texten är inget larande-dokument",
    },
    "not-a-goal": {"en": "expected a Goal", "sv": "väntade ett Goal"},
    "not-a-record": {"en": "the value is not a record", "sv": "värdet är ingen post"},
    "not-a-record-type": {
        "en": "the type is not a record type of larande",
        "sv": "typen är ingen posttyp i larande",
    },
    "not-a-rule": {
        "en": "a rule needs a name and must be callable",
        "sv": "en regel behöver ett namn och måste gå att anropa",
    },
    "not-json": {"en": "expected JSON text", "sv": "väntade JSON-text"},
    "not-statements": {
        "en": "expected xAPI statements",
        "sv": "väntade xAPI-påståenden",
    },
    "objective-id-taken": {
        "en": "the id {goal!r} is taken by another goal",
        "sv": "id {goal!r} används redan av ett annat mål",
    },
    "outside-calendar": {
        "en": "the day is outside the calendar's years",
        "sv": "dagen ligger utanför kalenderns år",
    },
    "person-need-without-required": {
        "en": "person need {need!r} has no required level",
        "sv": "personbehovet {need!r} saknar krävd nivå",
    },
    "previous-of-another-organization": {
        "en": "the previous review is of another organisation ({previous:list}, not {roots:list})",
        "sv": "den förra genomgången gäller en annan organisation ({previous:list}, inte "
        "{roots:list})",
    },
    "progress-out-of-range": {
        "en": "the progress of {goal!r} must be from 0 to 1, got {value}",
        "sv": "framstegen för {goal!r} måste ligga mellan 0 och 1, fick {value}",
    },
    "retracted-retraction": {
        "en": "event {event!r} retracts {target!r}, itself a retraction",
        "sv": "händelsen {event!r} drar tillbaka {target!r}, som själv är ett tillbakadragande",
    },
    "review-after-end": {
        "en": "a review on {as_of} is after the end of the plans ({end})",
        "sv": "en genomgång {as_of} ligger efter planernas slut ({end})",
    },
    "review-before-previous": {
        "en": "a review on {as_of} is before the previous one ({previous})",
        "sv": "en genomgång {as_of} ligger före den förra ({previous})",
    },
    "review-needs": {
        "en": "a review needs the dataset's {field}",
        "sv": "en genomgång behöver datasetets {field}",
    },
    "rule-returned-non-need": {
        "en": "rule {rule!r} returned something other than a Need",
        "sv": "regeln {rule!r} returnerade något annat än ett Need",
    },
    "self-retraction": {
        "en": "event {event!r} retracts itself",
        "sv": "händelsen {event!r} drar tillbaka sig själv",
    },
    "signal-without-subject": {
        "en": "signal {signal!r} names neither a unit nor a person",
        "sv": "signalen {signal!r} anger varken en enhet eller en person",
    },
    "start-after-end": {
        "en": "the start is after the end",
        "sv": "starten ligger efter slutet",
    },
    "target-equals-baseline": {
        "en": "metric {metric!r} has its target equal to its baseline ({value:g})",
        "sv": "nyckeltalet {metric!r} har samma målvärde som utgångsvärde ({value:g})",
    },
    "too-deep": {
        "en": "the document is nested too deeply",
        "sv": "dokumentet är för djupt nästlat",
    },
    "too-many-paths": {
        "en": "goal {goal!r} has more than {limit} paths to trace",
        "sv": "målet {goal!r} har fler än {limit} vägar att följa",
    },
    "unit-need-shape": {
        "en": "unit need {need!r} must have no current level and a gap of 0",
        "sv": "enhetsbehovet {need!r} ska sakna nuvarande nivå och ha luckan 0",
    },
    "unknown-country": {
        "en": "no calendar for the country {value}; expected one of {expected:list}",
        "sv": "ingen kalender för landet {value}; väntade ett av {expected:list}",
    },
    "unknown-event-type": {
        "en": "unknown event type",
        "sv": "okänd händelsetyp",
    },
    "unknown-field": {"en": "unknown field", "sv": "okänt fält"},
    "unknown-schema": {
        "en": "unknown document schema {schema}",
        "sv": "okänt dokumentschema {schema}",
    },
    "unreadable": {"en": "cannot read this value", "sv": "kan inte läsa värdet"},
    "unsupported-type": {
        "en": "no JSON Schema for the type {type}",
        "sv": "inget JSON Schema för typen {type}",
    },
    "no-message": {
        "en": "a {type} carries no message",
        "sv": "en {type} bär inget meddelande",
    },
    "conflicting-response": {
        "en": "two different responses share the id {id!r}",
        "sv": "två olika svar har id {id!r}",
    },
    "ids-mismatch": {
        "en": "the organisation ids do not match the organisations",
        "sv": "organisationernas id stämmer inte med organisationerna",
    },
    "ids-not-in-order": {
        "en": "expected the organisation ids unique and in id order",
        "sv": "organisationernas id ska vara unika och i id-ordning",
    },
    "invalid-as-of": {
        "en": "expected as_of to be a day, got {value}",
        "sv": "as_of ska vara en dag, fick {value}",
    },
    "invalid-capacity": {
        "en": "expected capacity to map each session to its seats",
        "sv": "capacity ska ange platserna för varje tillfälle",
    },
    "invalid-client": {
        "en": "expected a dask.distributed.Client or None",
        "sv": "väntade en dask.distributed.Client eller None",
    },
    "invalid-demand": {
        "en": "expected demand to map each organisation to the seats it asks of each session",
        "sv": "demand ska ange de platser varje organisation begär av varje tillfälle",
    },
    "invalid-min-group": {
        "en": "expected min_group to be an int of 1 or more, got {value}",
        "sv": "min_group ska vara ett heltal från 1, fick {value}",
    },
    "invalid-org-id": {
        "en": "not a usable organisation id: {value}",
        "sv": "inget användbart organisations-id: {value}",
    },
    "invalid-pairs": {
        "en": "expected (organisation id, Dataset) pairs",
        "sv": "väntade par av (organisations-id, Dataset)",
    },
    "invalid-progress": {
        "en": "expected a callable progress(done, total) or None",
        "sv": "väntade en anropbar progress(done, total) eller None",
    },
    "invalid-scale": {
        "en": "expected scale to be a finite number above 0, got {value}",
        "sv": "scale ska vara ett ändligt tal över 0, fick {value}",
    },
    "invalid-seed": {
        "en": "expected an int seed, got {value}",
        "sv": "seed ska vara ett heltal, fick {value}",
    },
    "invalid-size": {
        "en": "every organisation employs at least one person",
        "sv": "varje organisation har minst en anställd",
    },
    "invalid-source": {
        "en": "expected a National or (organisation id, Dataset) pairs",
        "sv": "väntade en National eller par av (organisations-id, Dataset)",
    },
    "invalid-taken": {
        "en": "expected taken to map each organisation to the seats it holds of each session",
        "sv": "taken ska ange de platser varje organisation har av varje tillfälle",
    },
    "national-goal-differs": {
        "en": "organisations {first!r} and {second!r} hold different copies of the national "
        "goal {goal!r}",
        "sv": "organisationerna {first!r} och {second!r} har olika versioner av det nationella "
        "målet {goal!r}",
    },
    "national-measurement-differs": {
        "en": "organisations {first!r} and {second!r} hold different measurements with the id "
        "{id!r}",
        "sv": "organisationerna {first!r} och {second!r} har olika mätningar med id {id!r}",
    },
    "no-metric": {
        "en": "goal {goal!r} has no metric",
        "sv": "målet {goal!r} saknar nyckeltal",
    },
    "not-a-folder": {
        "en": "not a folder of organisation documents",
        "sv": "ingen mapp med organisationsdokument",
    },
    "risk-half-suppressed": {
        "en": "risk {unit!r}/{competency!r}: holders and required_by are shown or suppressed "
        "together",
        "sv": "risken {unit!r}/{competency!r}: holders och required_by visas eller döljs "
        "tillsammans",
    },
    "unknown-session": {
        "en": "organisation {org_id!r} asks for seats of session {session!r}, which has no "
        "capacity",
        "sv": "organisationen {org_id!r} begär platser på tillfället {session!r}, som saknar "
        "kapacitet",
    },
    "unreadable-file": {
        "en": "{file}: cannot read the file",
        "sv": "{file}: kan inte läsa filen",
    },
    "unreadable-folder": {
        "en": "{file}: cannot list the folder",
        "sv": "{file}: kan inte lista mappen",
    },
    "wish-without-person": {
        "en": "wish {signal!r} names no person; a wish is a person's own",
        "sv": "önskemålet {signal!r} anger ingen person; ett önskemål är en persons eget",
    },
    "wrong-type": {
        "en": "the document is not a {expected}",
        "sv": "dokumentet är inte en {expected}",
    },
}
"""The errors' codes (``LarandeError.code``), the values they all carry, in both languages."""

_REPORT_MESSAGES: dict[str, dict[str, str]] = {
    # -- the command line's readable report (report, demo) -------------------------------
    "report.title.demo": {
        "en": "larande demo: Älvby municipality",
        "sv": "larande demo: Älvby kommun",
    },
    "report.title.file": {"en": "larande report: {name}", "sv": "larande rapport: {name}"},
    "report.overview": {
        "en": "As of {as_of}: {people} people in {units} units, {roles} roles, "
        "{competencies} competencies, {assessments} assessments.",
        "sv": "Per {as_of}: {people} personer i {units} enheter, {roles} roller, "
        "{competencies} kompetenser, {assessments} bedömningar.",
    },
    "report.units": {"en": "Units", "sv": "Enheter"},
    "report.people": {"en": "people", "sv": "personer"},
    "report.practices": {
        "en": "The seeds' practices: wishes, careers, key people, leaders, culture, managers",
        "sv": "Förebildernas arbetssätt: önskemål, karriär, nyckelpersoner, ledare, kultur, "
        "chefer",
    },
    "report.practices.wishes": {
        "en": "Wishes to learn (a need below every requirement gap):",
        "sv": "Önskemål om att lära (ett behov under varje kravlucka):",
    },
    "report.practices.career": {
        "en": "A career step: {person} as {role} would need {needs:list}",
        "sv": "Ett karriärsteg: {person} som {role} skulle behöva {needs:list}",
    },
    "report.practices.career-none": {
        "en": "A career step: {person} already holds what {role} requires",
        "sv": "Ett karriärsteg: {person} har redan det som {role} kräver",
    },
    "report.practices.risk": {
        "en": "Key-person risk (fewer than two hold a required level; '-' hides a small group):",
        "sv": "Nyckelpersonsrisk (färre än två når en krävd nivå; '-' döljer en liten grupp):",
    },
    "report.practices.risk-none": {
        "en": "Key-person risk: none",
        "sv": "Nyckelpersonsrisk: ingen",
    },
    "report.practices.leaders": {
        "en": "Potential leaders (led, shared, mentored in the past year): {people:list}",
        "sv": "Möjliga ledare (har lett, delat, varit mentor det senaste året): {people:list}",
    },
    "report.practices.culture": {
        "en": "Learning culture, {wave} (mean 1-5, change since {before}; '-' fewer than 5):",
        "sv": "Lärandekultur, {wave} (medel 1-5, förändring sedan {before}; '-' färre än 5):",
    },
    "report.practices.digest": {
        "en": "Managers' digest: what each manager's people have due",
        "sv": "Chefernas sammanställning: vad varje chefs medarbetare har att göra",
    },
    "report.col.holders": {"en": "holders", "sv": "innehavare"},
    "report.col.manager": {"en": "manager", "sv": "chef"},
    "report.col.serves-goal": {"en": "serves a goal", "sv": "tjänar ett mål"},
    "report.col.priority": {"en": "priority", "sv": "prioritet"},
    "report.yes": {"en": "yes", "sv": "ja"},
    "report.no": {"en": "no", "sv": "nej"},
    "report.roles": {"en": "Roles", "sv": "Roller"},
    "report.col.role": {"en": "role", "sv": "roll"},
    "report.col.requires": {
        "en": "requires (competency level)",
        "sv": "kräver (kompetens nivå)",
    },
    "report.requirement-from": {"en": " from {day}", "sv": " från {day}"},
    "report.competencies": {"en": "Competencies", "sv": "Kompetenser"},
    "report.col.competency": {"en": "competency", "sv": "kompetens"},
    "report.col.id": {"en": "id", "sv": "id"},
    "report.col.scale": {"en": "scale", "sv": "skala"},
    "report.col.expiry": {"en": "expiry", "sv": "giltighet"},
    "report.valid-days": {"en": "valid {days} days", "sv": "gäller {days} dagar"},
    "report.against": {
        "en": "Competence against requirements in effect on {as_of}",
        "sv": "Kompetens mot de krav som gäller {as_of}",
    },
    "report.against.note": {
        "en": "(latest valid assessment per person; expired certificates count as unknown)",
        "sv": "(senaste giltiga bedömning per person; utgångna intyg räknas som okända)",
    },
    "report.col.unit": {"en": "unit", "sv": "enhet"},
    "report.col.required-of": {"en": "required of", "sv": "krävs av"},
    "report.col.meet": {"en": "meet", "sv": "når"},
    "report.col.below": {"en": "below", "sv": "under"},
    "report.col.unknown": {"en": "unknown", "sv": "okänd"},
    "report.goals": {
        "en": "Goals, from the guiding stars down to individual objectives ({goals} goals)",
        "sv": "Mål, från ledstjärnorna ned till mål på individnivå ({goals} mål)",
    },
    "report.goal-by": {"en": "by {day}", "sv": "senast {day}"},
    "report.line-of-sight": {
        "en": "Line of sight: who learns for each guiding star",
        "sv": "Den röda tråden: vem som lär sig för varje ledstjärna",
    },
    "report.nobody-yet": {"en": "nobody yet", "sv": "ingen än"},
    "report.findings": {
        "en": "Findings on the goal tree as of {as_of} ({count})",
        "sv": "Iakttagelser i målträdet per {as_of} ({count})",
    },
    "report.col.severity": {"en": "severity", "sv": "allvar"},
    "report.col.code": {"en": "code", "sv": "kod"},
    "report.col.subject": {"en": "subject", "sv": "gäller"},
    "report.col.message": {"en": "message", "sv": "meddelande"},
    "report.none": {"en": "none", "sv": "inga"},
    "report.needs": {
        "en": "Needs analysis as of {as_of}: {needs} needs ({people} of people, {units} of "
        "units), from {assessments} assessments and {signals} signals",
        "sv": "Behovsanalys per {as_of}: {needs} behov ({people} för personer, {units} för "
        "enheter), från {assessments} bedömningar och {signals} signaler",
    },
    "report.top": {"en": "Top {top}, with their reasons", "sv": "De {top} främsta, med skäl"},
    "report.need-line": {
        "en": "{rank:>2}. {need}  priority {priority:g}",
        "sv": "{rank:>2}. {need}  prioritet {priority:g}",
    },
    "report.need-level": {
        "en": ", level {current} of {required}",
        "sv": ", nivå {current} av {required}",
    },
    "report.need-due": {"en": ", due {due}", "sv": ", senast {due}"},
    "report.matrix": {
        "en": "Unit x competency (people concerned / below the level / mean gap; '-' hides groups",
        "sv": "Enhet x kompetens (berörda / under nivån / medellucka; '-' döljer grupper",
    },
    "report.matrix.note": {
        "en": "smaller than {min_group} and whatever would reveal them)",
        "sv": "mindre än {min_group} och allt som skulle avslöja dem)",
    },
    "report.col.people": {"en": "people", "sv": "personer"},
    "report.col.mean-gap": {"en": "mean gap", "sv": "medellucka"},
    "report.gate": {
        "en": "The gate (does the person need it? does it serve a goal?): {passed} of "
        "{needs} needs pass",
        "sv": "Grinden (behöver personen det? tjänar det ett mål?): {passed} av {needs} "
        "behov går igenom",
    },
    "report.plans": {
        "en": "Learning plans: {people} people, {items} activities, {hours:h} of working "
        "time, {cost:,.0f} SEK",
        "sv": "Utbildningsplaner: {people} personer, {items} aktiviteter, {hours:h} "
        "arbetstid, {cost:,.0f} kr",
    },
    "report.plan-person": {
        "en": "{name} ({person}): {hours:h}, {cost:,.0f} SEK",
        "sv": "{name} ({person}): {hours:h}, {cost:,.0f} kr",
    },
    "report.at-work": {"en": " (at work)", "sv": " (på jobbet)"},
    "report.before": {"en": "before {activities:list}", "sv": "före {activities:list}"},
    "report.and": {"en": " and ", "sv": " och "},
    "report.by": {"en": ", by {day}", "sv": ", senast {day}"},
    "report.unmet": {
        "en": "Needs no activity closes: {unmet}; at the level already, re-assess: {again}",
        "sv": "Behov som ingen aktivitet stänger: {unmet}; redan på nivån, bedöm på nytt: {again}",
    },
    "report.re-assess": {"en": "re-assess: {text}", "sv": "bedöm på nytt: {text}"},
    "report.more-to-re-assess": {
        "en": "... and {more} more to re-assess",
        "sv": "... och {more} till att bedöma på nytt",
    },
    "report.mentors": {
        "en": "Mentor pairs ({pairs}): who learns from whom",
        "sv": "Mentorpar ({pairs}): vem som lär sig av vem",
    },
    "report.why-first": {"en": "why the first: {text}", "sv": "varför det första: {text}"},
    "report.ambassadors": {
        "en": "Learning ambassadors, per team",
        "sv": "Ambassadörer för lärande, per arbetslag",
    },
    "report.year": {
        "en": "The year scheduled, {start} to {end}, {amount:h} a {per} set aside each: "
        "{placed} placed, {unplaced} unplaced",
        "sv": "Året schemalagt, {start} till {end}, {amount:h} per {per} avsatt för var "
        "och en: {placed} placerade, {unplaced} oplacerade",
    },
    "report.per.month": {"en": "month", "sv": "månad"},
    "report.per.year": {"en": "year", "sv": "år"},
    "report.not-placed": {
        "en": "not placed: {person} {activity} ({reason}): {text}",
        "sv": "inte placerad: {person} {activity} ({reason}): {text}",
    },
    "report.annual": {
        "en": "Annual plan for {unit} ({people} people)",
        "sv": "Årsplan för {unit} ({people} personer)",
    },
    "report.col.month": {"en": "month", "sv": "månad"},
    "report.col.planned-h": {"en": "planned h", "sv": "planerat h"},
    "report.col.set-aside-h": {"en": "set aside h", "sv": "avsatt h"},
    "report.col.use": {"en": "use", "sv": "andel"},
    "report.col.cost": {"en": "cost", "sv": "kostnad"},
    "report.col.activities": {"en": "activities", "sv": "aktiviteter"},
    "report.serves": {"en": "serves: {goals:list}", "sv": "tjänar: {goals:list}"},
    "report.cost-of-year": {
        "en": "cost of the year: {cost:,.0f}",
        "sv": "årets kostnad: {cost:,.0f}",
    },
    "report.calendar": {"en": "{name}'s calendar", "sv": "Kalender för {name}"},
    "report.session": {"en": " (session {session})", "sv": " (tillfälle {session})"},
    "report.self-paced": {"en": " (self-paced)", "sv": " (i egen takt)"},
    "report.follow-up": {
        "en": "Follow-up as of {as_of}: {events} events from the host system",
        "sv": "Uppföljning per {as_of}: {events} händelser från värdsystemet",
    },
    "report.due": {
        "en": "Due and not done ({due}), most overdue first:",
        "sv": "Att göra och inte gjort ({due}), det mest försenade först:",
    },
    "report.col.due": {"en": "due", "sv": "att göra"},
    "report.col.person": {"en": "person", "sv": "person"},
    "report.col.about": {"en": "about", "sv": "gäller"},
    "report.col.since": {"en": "since", "sv": "sedan"},
    "report.col.days-late": {"en": "days late", "sv": "dagar sent"},
    "report.progress": {
        "en": "Progress per goal, rolled up the tree (own measurement where there is one)",
        "sv": "Framsteg per mål, summerade uppåt i trädet (egen mätning där den finns)",
    },
    "report.col.level": {"en": "level", "sv": "nivå"},
    "report.col.goal": {"en": "goal", "sv": "mål"},
    "report.col.progress": {"en": "progress", "sv": "framsteg"},
    "report.col.status": {"en": "status", "sv": "status"},
    "report.col.forecast": {"en": "forecast", "sv": "prognos"},
    "report.celebrate": {"en": "Celebrate", "sv": "Fira"},
    "report.effect": {
        "en": "Effect per activity (Kirkpatrick: reaction 1-5, learning, behaviour, results)",
        "sv": "Effekt per aktivitet (Kirkpatrick: reaktion 1-5, lärande, beteende, resultat)",
    },
    "report.col.activity": {"en": "activity", "sv": "aktivitet"},
    "report.col.reaction": {"en": "reaction", "sv": "reaktion"},
    "report.col.learning": {"en": "learning", "sv": "lärande"},
    "report.col.behaviour": {"en": "behaviour", "sv": "beteende"},
    "report.col.results": {"en": "results", "sv": "resultat"},
    "report.loop": {
        "en": "The loop closed: a review on {today}, after the one on {as_of}",
        "sv": "Loopen sluten: en genomgång {today}, efter den {as_of}",
    },
    "report.learned": {
        "en": "What follow-up shows was learnt: {learned} assessments from passed activities "
        "and achieved objectives (evidence below a known level left out)",
        "sv": "Det uppföljningen visar att man lärt sig: {learned} bedömningar från klarade "
        "aktiviteter och uppnådda mål (underlag under en känd nivå utelämnat)",
    },
    "report.needs-then-now": {
        "en": "{name} ({person}): needs then: {before}; now: {now}",
        "sv": "{name} ({person}): behov då: {before}; nu: {now}",
    },
    "report.done-on": {"en": "{activity} done {day}", "sv": "{activity} klar {day}"},
    "report.plan-steps": {
        "en": "plan {status}: {steps}; still to do: {left}",
        "sv": "plan {status}: {steps}; kvar att göra: {left}",
    },
    "report.nothing": {"en": "nothing", "sv": "inget"},
    "report.revised": {
        "en": "Plans revised: {done} items done, {open} open, {dropped} dropped{why}; "
        "{placed} placed, {unplaced} unplaced",
        "sv": "Planer omarbetade: {done} aktiviteter klara, {open} öppna, {dropped} "
        "borttagna{why}; {placed} placerade, {unplaced} oplacerade",
    },
    "report.planned-actual": {
        "en": "Planned against actual, {unit}, as the budget is followed up (hours; cost in "
        "the catalog's currency; actual up to {today})",
        "sv": "Planerat mot utfall, {unit}, som budgeten följs upp (timmar; kostnad i "
        "katalogens valuta; utfall till och med {today})",
    },
    "report.col.actual-h": {"en": "actual h", "sv": "utfall h"},
    "report.col.planned-cost": {"en": "planned cost", "sv": "planerad kostnad"},
    "report.col.actual-cost": {"en": "actual cost", "sv": "verklig kostnad"},
    "month.1": {"en": "Jan", "sv": "jan"},
    "month.2": {"en": "Feb", "sv": "feb"},
    "month.3": {"en": "Mar", "sv": "mar"},
    "month.4": {"en": "Apr", "sv": "apr"},
    "month.5": {"en": "May", "sv": "maj"},
    "month.6": {"en": "Jun", "sv": "jun"},
    "month.7": {"en": "Jul", "sv": "jul"},
    "month.8": {"en": "Aug", "sv": "aug"},
    "month.9": {"en": "Sep", "sv": "sep"},
    "month.10": {"en": "Oct", "sv": "okt"},
    "month.11": {"en": "Nov", "sv": "nov"},
    "month.12": {"en": "Dec", "sv": "dec"},
    "weekday.0": {"en": "Mon", "sv": "mån"},
    "weekday.1": {"en": "Tue", "sv": "tis"},
    "weekday.2": {"en": "Wed", "sv": "ons"},
    "weekday.3": {"en": "Thu", "sv": "tor"},
    "weekday.4": {"en": "Fri", "sv": "fre"},
    "weekday.5": {"en": "Sat", "sv": "lör"},
    "weekday.6": {"en": "Sun", "sv": "sön"},
}
"""The readable report's headings and sentences."""

CATALOGUE: dict[str, dict[str, str]] = {
    **_RECORD_MESSAGES,
    **_ERROR_MESSAGES,
    **_REPORT_MESSAGES,
    # -- the command line's one-line summaries ----------------------------------------------
    "cli.summary.analyze": {
        "en": "{people} people, {needs} needs ({units} of units)",
        "sv": "{people} personer, {needs} behov ({units} för enheter)",
    },
    "cli.summary.plan": {
        "en": "{people} people, {needs} needs, {plans} plans, {items} activities, {unmet} unmet",
        "sv": "{people} personer, {needs} behov, {plans} planer, {items} aktiviteter, "
        "{unmet} ouppfyllda",
    },
    "cli.summary.schedule": {
        "en": "{people} people, {plans} plans, {placed} placed, {unplaced} unplaced{why}",
        "sv": "{people} personer, {plans} planer, {placed} placerade, {unplaced} oplacerade{why}",
    },
    "cli.summary.review": {
        "en": "{people} people, {needs} needs, {plans} plans, {placed} placed, "
        "{unplaced} unplaced{why}, {learned} learned, {due} due",
        "sv": "{people} personer, {needs} behov, {plans} planer, {placed} placerade, "
        "{unplaced} oplacerade{why}, {learned} lärda, {due} att göra",
    },
    "cli.summary.due": {
        "en": "{due} due, {late} more than a week late",
        "sv": "{due} att göra, {late} mer än en vecka sena",
    },
    "cli.summary.progress": {
        "en": "{goals} goals: {achieved} achieved, {on_track} on track, {at_risk} at risk, "
        "{off_track} off track, {no_data} without data",
        "sv": "{goals} mål: {achieved} uppnådda, {on_track} i fas, {at_risk} i riskzonen, "
        "{off_track} efter, {no_data} utan data",
    },
    "cli.summary.annual": {
        "en": "{unit}: {planned} h planned of {set_aside} h set aside, {people} people",
        "sv": "{unit}: {planned} h planerade av {set_aside} h avsatta, {people} personer",
    },
    "cli.summary.mermaid": {
        "en": "{goals} goals, {links} links",
        "sv": "{goals} mål, {links} kopplingar",
    },
    "cli.summary.schema": {
        "en": "the JSON Schema of {type}: {definitions} definitions",
        "sv": "JSON Schema för {type}: {definitions} definitioner",
    },
    "cli.summary.report": {
        "en": "{people} people in {units} units, {needs} needs, {events} events",
        "sv": "{people} personer i {units} enheter, {needs} behov, {events} händelser",
    },
    "cli.summary.export": {
        "en": "wrote the demo dataset to {path}",
        "sv": "skrev demons dataset till {path}",
    },
    "cli.why": {"en": " ({reasons})", "sv": " ({reasons})"},
    # -- the command line's errors ------------------------------------------------------------
    "cli.error": {"en": "error: {message}", "sv": "fel: {message}"},
    "cli.missing-file": {
        "en": "cannot read {path}: there is no such file",
        "sv": "kan inte läsa {path}: filen finns inte",
    },
    "cli.unreadable": {
        "en": "cannot read {path}: {reason}",
        "sv": "kan inte läsa {path}: {reason}",
    },
    "cli.unwritable": {
        "en": "cannot write {path}: {reason}",
        "sv": "kan inte skriva {path}: {reason}",
    },
    "cli.directory": {
        "en": "{path} is a directory; expected a JSON document",
        "sv": "{path} är en katalog; en JSON-fil väntades",
    },
    "cli.empty": {
        "en": "{path} is empty; expected a JSON document",
        "sv": "{path} är tom; en JSON-fil väntades",
    },
    "cli.bom": {
        "en": "{path} starts with a byte order mark (BOM); save it as UTF-8 without one",
        "sv": "{path} börjar med en byteordningsmarkering (BOM); spara den som UTF-8 utan",
    },
    "cli.not-utf8": {
        "en": "{path} is not UTF-8 (byte {byte} at position {position}); save it as UTF-8",
        "sv": "{path} är inte UTF-8 (byte {byte} på position {position}); spara den som UTF-8",
    },
    "cli.no-goals": {
        "en": "the dataset has no goals",
        "sv": "datasetet har inga mål",
    },
    "cli.missing-settings": {
        "en": "the dataset has no {fields}; give it in the document (or --end / "
        "--budget-hours-per-month / --budget-hours-per-year)",
        "sv": "datasetet saknar {fields}; ange det i dokumentet (eller --end / "
        "--budget-hours-per-month / --budget-hours-per-year)",
    },
    "cli.unknown-type": {
        "en": "no document type {type}; expected one of {known}",
        "sv": "ingen dokumenttyp {type}; väntade en av {known}",
    },
    "cli.as-of-outside-calendar": {
        "en": "--as-of {as_of} is outside the calendar's years {years}",
        "sv": "--as-of {as_of} ligger utanför kalenderns år {years}",
    },
    "cli.usage": {
        "en": "{message} (see {program} --help)",
        "sv": "{message} (se {program} --help)",
    },
    # -- the seeds' practices: wishes, careers, culture, the leader's handbook ----------------
    "wish": {
        "en": "{person} wishes to learn {competency} to level {required}",
        "sv": "{person} önskar lära sig {competency} till nivå {required}",
    },
    "career-gap": {
        "en": "to hold role {role}, {person} needs {competency} at level {required}; "
        "now level {current}",
        "sv": "för rollen {role} behöver {person} {competency} på nivå {required}; "
        "nu nivå {current}",
    },
    "culture.theme.safe-climate": {"en": "Safe climate", "sv": "Tryggt klimat"},
    "culture.theme.time-for-learning": {"en": "Time for learning", "sv": "Tid för lärande"},
    "culture.theme.sharing": {"en": "Sharing", "sv": "Att dela med sig"},
    "culture.theme.leaders-support": {"en": "Leaders' support", "sv": "Chefens stöd"},
    "culture.theme.learning-from-mistakes": {
        "en": "Learning from mistakes",
        "sv": "Att lära av misstag",
    },
    "handbook.title": {
        "en": "My handbook for learning at work",
        "sv": "Min handbok för lärande på arbetsplatsen",
    },
    "handbook.unanswered": {"en": "Not answered yet.", "sv": "Inte besvarad ännu."},
    "handbook.theme.driving-learning": {"en": "Driving learning", "sv": "Att driva lärandet"},
    "handbook.theme.leading-learning": {"en": "Leading learning", "sv": "Lärande ledarskap"},
    "handbook.theme.place-for-learning": {
        "en": "A place for learning",
        "sv": "En plats för lärande",
    },
    "handbook.theme.communicating-learning": {
        "en": "Communicating learning",
        "sv": "Att kommunicera lärande",
    },
    "handbook.theme.getting-started": {"en": "Getting started", "sv": "Att komma i gång"},
    "cli.no-matplotlib": {
        "en": '--plots needs matplotlib: pip install "larande[plot]"',
        "sv": '--plots kräver matplotlib: pip install "larande[plot]"',
    },
    # -- larande.plot: titles, axes and legends of the pictures -----------------------------
    "plot.hours": {"en": "hours", "sv": "timmar"},
    "plot.month": {"en": "month", "sv": "månad"},
    "plot.month.1": {"en": "Jan", "sv": "jan"},
    "plot.month.2": {"en": "Feb", "sv": "feb"},
    "plot.month.3": {"en": "Mar", "sv": "mar"},
    "plot.month.4": {"en": "Apr", "sv": "apr"},
    "plot.month.5": {"en": "May", "sv": "maj"},
    "plot.month.6": {"en": "Jun", "sv": "jun"},
    "plot.month.7": {"en": "Jul", "sv": "jul"},
    "plot.month.8": {"en": "Aug", "sv": "aug"},
    "plot.month.9": {"en": "Sep", "sv": "sep"},
    "plot.month.10": {"en": "Oct", "sv": "okt"},
    "plot.month.11": {"en": "Nov", "sv": "nov"},
    "plot.month.12": {"en": "Dec", "sv": "dec"},
    "plot.load.title": {
        "en": "Learning per month: {scope} ({people} people)",
        "sv": "Lärande per månad: {scope} ({people} personer)",
    },
    "plot.load.everyone": {"en": "the whole organisation", "sv": "hela organisationen"},
    "plot.load.planned": {"en": "planned", "sv": "planerat"},
    "plot.load.over": {
        "en": "planned, above the time set aside",
        "sv": "planerat, över den avsatta tiden",
    },
    "plot.load.set-aside": {"en": "time set aside", "sv": "avsatt tid"},
    "plot.heatmap.title": {
        "en": "People with a gap, per unit and competency",
        "sv": "Personer med glapp, per enhet och kompetens",
    },
    "plot.heatmap.unit": {"en": "unit", "sv": "enhet"},
    "plot.heatmap.competency": {"en": "competency", "sv": "kompetens"},
    "plot.heatmap.share": {
        "en": "share of the people concerned with a gap",
        "sv": "andel av de berörda som har glapp",
    },
    "plot.heatmap.suppressed": {
        "en": "suppressed: fewer than {min_group} people, or would reveal them",
        "sv": "dolt: färre än {min_group} personer, eller skulle avslöja dem",
    },
    "plot.heatmap.cell": {"en": "{with_gap} of {people}", "sv": "{with_gap} av {people}"},
    "plot.tree.title": {
        "en": "Goal tree: {goals} goals, {links} links",
        "sv": "Målträd: {goals} mål, {links} kopplingar",
    },
    "plot.tree.row": {"en": "{level} ({count})", "sv": "{level} ({count})"},
    "plot.level.organization": {"en": "organisation", "sv": "organisation"},
    "plot.level.unit": {"en": "unit", "sv": "enhet"},
    "plot.level.team": {"en": "team", "sv": "arbetslag"},
    "plot.level.individual": {"en": "individual", "sv": "individ"},
    "plot.progress.title": {"en": "{title}: {status}", "sv": "{title}: {status}"},
    "plot.progress.date": {"en": "date", "sv": "datum"},
    "plot.progress.share": {
        "en": "progress (share of the way)",
        "sv": "framsteg (andel av vägen)",
    },
    "plot.progress.metric": {"en": "{name} ({unit})", "sv": "{name} ({unit})"},
    "plot.progress.measured": {"en": "measured", "sv": "uppmätt"},
    "plot.progress.trend": {
        "en": "trend to the deadline: forecast {forecast}",
        "sv": "trend till slutdatum: prognos {forecast}",
    },
    "plot.progress.target": {"en": "target {target}", "sv": "mål {target}"},
    "plot.progress.baseline": {"en": "baseline {baseline}", "sv": "utgångsläge {baseline}"},
    "plot.progress.deadline": {"en": "deadline {deadline}", "sv": "slutdatum {deadline}"},
    "plot.progress.as-of": {"en": "as of {as_of}", "sv": "per {as_of}"},
    "plot.progress.no-data": {"en": "no data yet", "sv": "inga data än"},
    "plot.status.achieved": {"en": "achieved", "sv": "uppnått"},
    "plot.status.on-track": {"en": "on track", "sv": "i fas"},
    "plot.status.at-risk": {"en": "at risk", "sv": "i riskzonen"},
    "plot.status.off-track": {"en": "off track", "sv": "efter"},
    "plot.status.no-data": {"en": "no data", "sv": "inga data"},
    "plot.effect.title": {
        "en": "Effect per activity, Kirkpatrick's four levels",
        "sv": "Effekt per aktivitet, Kirkpatricks fyra nivåer",
    },
    "plot.effect.activity": {"en": "activity", "sv": "aktivitet"},
    "plot.effect.score": {
        "en": "score from 0 to 1 (reaction: rating / 5)",
        "sv": "värde från 0 till 1 (reaktion: betyg / 5)",
    },
    "plot.effect.reaction": {"en": "reaction", "sv": "reaktion"},
    "plot.effect.learning": {"en": "learning", "sv": "lärande"},
    "plot.effect.behaviour": {"en": "behaviour", "sv": "beteende"},
    "plot.effect.results": {"en": "results", "sv": "resultat"},
    "plot.effect.none": {"en": "no evidence", "sv": "inget underlag"},
    "plot.empty": {"en": "nothing to show", "sv": "inget att visa"},
}
"""Message code -> language -> template (``str.format`` with named fields)."""

_FORMATTER = string.Formatter()


def fields(code: str) -> frozenset[str]:
    """The names of the values a message's English template uses."""
    template = CATALOGUE[code]["en"]
    return frozenset(
        name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(template) if name
    )


def render(code: str, params: Mapping[str, Any] | None = None, *, lang: str = "en") -> str:
    """The text of message ``code`` with ``params``, in ``lang`` (``"en"`` or ``"sv"``).

    Raises:
        ValidationError: an unknown code (path ``code``) or language (path ``lang``), or a
            value the template names is missing from ``params`` (path ``params``).
    """
    if lang not in LANGUAGES:
        raise ValidationError(
            f"expected a language of {list(LANGUAGES)}, got {lang!r}",
            path="lang",
            code="unknown-language",
            params={"lang": repr(lang)},
        )
    templates = CATALOGUE.get(code) if isinstance(code, str) else None
    if templates is None:
        raise ValidationError(
            f"no message has the code {code!r}",
            path="code",
            code="unknown-message",
            params={"code": repr(code)},
        )
    try:
        return _compiled(templates[lang], lang)(params or {})
    except (KeyError, IndexError) as exc:
        raise ValidationError(
            f"message {code!r} names {exc} but params has no such value",
            path="params",
            code="missing-message-value",
            params={"code": code, "missing": str(exc)},
        ) from None


def hours(value: dt.timedelta | float) -> str:
    """A duration as people read it, in hours: ``"16 h"``, ``"1.5 h"``, never a timedelta.

    A number counts as hours already. Two decimals at most, without trailing zeros.

    >>> hours(dt.timedelta(hours=16)), hours(dt.timedelta(minutes=90)), hours(-1.25)
    ('16 h', '1.5 h', '-1.25 h')
    >>> hours(dt.timedelta(hours=-5))
    '-5 h'
    """
    # One way of writing hours for messages, reprs and errors alike.
    return check.hours(value if isinstance(value, dt.timedelta) else float(value))


# The words a template's filters put in, per language: a code word (``metric``, ``unit``)
# becomes the language's word; one the table does not know is shown as given.
_WORDS: dict[str, dict[str, str]] = {
    "en": {"organization": "organisation"},
    "sv": {
        "metric": "nyckeltal",
        "deadline": "slutdatum",
        "unit": "enhet",
        "person": "person",
        "role": "roll",
        "competency": "kompetens",
        "goal": "mål",
        "activity": "aktivitet",
        "scale": "skala",
        "session": "tillfälle",
        "event": "händelse",
        "signal": "signal",
        "need": "behov",
        "objective": "mål på individnivå",
        "organization": "organisation",
        "team": "arbetslag",
        "individual": "individ",
        "prerequisite": "förkunskap",
    },
}
_GOAL_LEVEL = {
    "en": {"organization": "organisation", "unit": "unit", "team": "team"},
    "sv": {
        "organization": "på organisationsnivå",
        "unit": "på enhetsnivå",
        "team": "på arbetslagsnivå",
        "individual": "på individnivå",
    },
}
_NONE = {"en": "no valid assessment", "sv": "ingen giltig bedömning"}
_LEVEL = {"en": "level {}", "sv": "nivå {}"}
_AND_NO = {"en": " and no ", "sv": " och "}


def _word(value: object, lang: str) -> str:
    return _WORDS[lang].get(str(value), str(value))


def _items(value: object) -> list[object]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _percent(value: object, lang: str) -> str:
    share = f"{float(value) * 100:.0f}"  # type: ignore[arg-type]
    return f"{share} %" if lang == "sv" else f"{share}%"


_FILTERS: dict[str, Callable[[Any, str], str]] = {
    "h": lambda v, lang: hours(v),
    "level": lambda v, lang: _NONE[lang] if v is None else _LEVEL[lang].format(v),
    "pct": _percent,
    "list": lambda v, lang: ", ".join(str(x) for x in _items(v)),
    "arrows": lambda v, lang: " -> ".join(str(x) for x in _items(v)),
    "paths": lambda v, lang: "; ".join(" → ".join(str(g) for g in _items(p)) for p in _items(v)),
    "nor": lambda v, lang: _AND_NO[lang].join(_word(x, lang) for x in _items(v)),
    "thing": _word,
    "goal-level": lambda v, lang: _GOAL_LEVEL[lang].get(str(v), str(v)),
}
"""Format specs a template may use after a field's name, and what each does in a language:
``{current:level}`` shows ``level 2`` or ``no valid assessment``, ``{hours:h}`` ``16 h``,
``{rate:pct}`` ``33%``, ``{goals:list}`` ``a, b``, ``{paths:paths}`` ``a → b; c``,
``{missing:nor}`` ``metric and no deadline``, ``{kind:thing}`` the language's word for a
kind of thing, ``{level:goal-level}`` a goal level as an adjective. Other specs are
``format``'s own (``{value:g}``)."""


class _Formatter(string.Formatter):
    """``str.format`` with the catalogue's filters, in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        found = _FILTERS.get(format_spec)
        if found is not None:
            return found(value, self.lang)
        return super().format_field(value, format_spec)


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGUAGES}

_Render = Callable[[Mapping[str, Any]], str]
_COMPILED: dict[tuple[str, str], _Render] = {}


def _compiled(template: str, lang: str) -> _Render:
    """``template`` made ready to render many times (a need's reason is rendered per need).

    The filtered fields (``{hours:h}``) become slots filled before one ``str.format_map``,
    which does the rest at C speed; a test keeps the text the :class:`_Formatter`'s for
    every message (a filtered field is a plain name, without conversion).
    """
    found = _COMPILED.get((template, lang))
    if found is not None:
        return found
    pieces: list[str] = []
    slots: list[tuple[str, str, Callable[[Any, str], str]]] = []
    for literal, name, spec, conversion in _FORMATTERS[lang].parse(template):
        pieces.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        apply = _FILTERS.get(spec or "")
        if apply is None:
            pieces.append(f"{{{name}{'!' + conversion if conversion else ''}:{spec or ''}}}")
            continue
        slot = f"@{len(slots)}"  # not a name a template or a host's params can have
        slots.append((slot, name, apply))
        pieces.append(f"{{{slot}}}")
    ready = "".join(pieces)

    def made(params: Mapping[str, Any]) -> str:
        if not slots:
            return ready.format_map(params)
        values = dict(params)
        for slot, name, apply in slots:
            values[slot] = apply(values[name], lang)
        return ready.format_map(values)

    _COMPILED[(template, lang)] = made
    return made


def text(record: object, *, lang: str = "en") -> str:
    """The text of a record a host shows, in ``lang``: its code and params rendered.

    Takes a :class:`~larande.Reason`, :class:`~larande.Finding`, :class:`~larande.Unmet`,
    :class:`~larande.Dropped`, :class:`~larande.Justification`, :class:`~larande.Pairing`,
    :class:`~larande.Ambassador`, :class:`~larande.Celebration`, :class:`~larande.Due` or a
    :class:`~larande.LarandeError`; ``code_of(record)`` names the message.

    >>> from larande import Reason
    >>> reason = Reason("expiring", ["cpr"], "...", {"competency": "cpr",
    ...     "assessed": "2025-03-03", "expires": "2026-03-03"})
    >>> text(reason, lang="sv")
    "bedömningen av 'cpr' från 2025-03-03 slutar gälla 2026-03-03"
    """
    return render(code_of(record), params_of(record), lang=lang)


_CODE_FIELDS = (
    ("Reason", "rule", "rule."),
    ("Finding", "code", "finding."),
    ("Unmet", "reason", "unmet."),
    ("Dropped", "reason", "drop."),
    ("Celebration", "kind", "celebration."),
    ("Due", "kind", "due."),
)


def code_of(record: object) -> str:
    """The message code of a record a host shows (``"rule.expiring"``, ``"unknown-id"``).

    Records whose kind, rule or reason serves as their code get it behind the record's kind
    (``Reason.rule`` ``expiring`` is ``rule.expiring``; ``Finding.code`` ``orphan`` is
    ``finding.orphan``); records with a ``code`` of their own and errors give it as it is.

    Raises:
        ValidationError: ``record`` is none of the records that carry a message.
    """
    kind = type(record).__name__
    for name, field, prefix in _CODE_FIELDS:
        if kind == name:
            return prefix + str(getattr(record, field))
    found = getattr(record, "code", None)
    if isinstance(found, str):
        return found
    raise ValidationError(
        f"expected a record that carries a message, got {kind}",
        path="record",
        code="no-message",
        params={"type": kind},
    )


def params_of(record: object) -> dict[str, Any]:
    """The values a record's message names (for ``Dropped`` and ``Due``, their fields)."""
    kind = type(record).__name__
    if kind == "Dropped":
        return {"activity": record.activity, "on": record.on.isoformat()}  # type: ignore[attr-defined]
    if kind == "Due":
        return {
            "person": record.person,  # type: ignore[attr-defined]
            "subject": record.subject,  # type: ignore[attr-defined]
            "due_on": record.due_on.isoformat(),  # type: ignore[attr-defined]
            "overdue_days": record.overdue_days,  # type: ignore[attr-defined]
        }
    return dict(getattr(record, "params", {}))
