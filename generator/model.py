"""Derived facts, computed once from the validated document and the build date.

Templates receive these plain values and decide nothing: the current status of an activity,
the state of a survey and which promises are current are all settled here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from dataclasses import dataclass
from typing import Literal

from .data import languages, schema

SurveyState = Literal["upcoming", "open", "closed"]
PromiseState = Literal["upcoming", "current", "ended"]


@dataclass(frozen=True)
class SurveyView:
    survey: schema.Survey
    state: SurveyState


@dataclass(frozen=True)
class ActivityView:
    activity: schema.Activity
    status: schema.Status | None  # None: nothing reported yet
    last_update: schema.Update | None
    updates: tuple[schema.Update, ...]  # newest first
    owners: tuple[schema.Organisation, ...]
    places: tuple[schema.Place, ...]
    # Overdue: not done (or cancelled) and either the promise period has ended, or nothing has
    # been reported for longer than site.overdue_days. `quiet_since` is the last update's date,
    # or the start of the period when there is none.
    overdue: bool = False
    quiet_since: dt.date | None = None
    overdue_kind: Literal["period_ended", "no_update"] | None = None
    reason: schema.I18n | None = None  # why the current status is delayed or cancelled
    progress: float | None = None  # towards the (first) target: the latest update that reports it
    partners: tuple[schema.Organisation, ...] = ()
    progress_more_than: bool = False  # the progress is a lower bound ("more than 10")

    @property
    def targets(self) -> tuple[schema.Target, ...]:
        """The activity's targets, one (target) or several (targets); progress counts towards the first."""
        return self.activity.targets or ((self.activity.target,) if self.activity.target else ())
    # The promise's start as written (a day or a month): what "no update since" names when the
    # activity never had one (quiet_since is then its first day, which was never an update's date).
    promise_start: schema.PeriodDate | None = None

    @property
    def progress_share(self) -> float | None:
        """Progress as a share of the first target, from 0 to 1 (capped), when both are known and the
        target is a number to reach (a decrease has no bar: how far it has come is not a share)."""
        target = self.targets[0] if self.targets else None
        if (target is None or self.progress is None or target.value is None or target.value <= 0
                or target.direction == "decrease"):
            return None
        return min(self.progress / target.value, 1.0)


@dataclass(frozen=True)
class ThemeGroup:
    """Activities under one heading: a theme of the promise, or none (those without a theme, first)."""

    theme: schema.Theme | None
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True)
class UpdateView:
    promise: schema.Promise
    activity: schema.Activity
    update: schema.Update


@dataclass(frozen=True)
class MeetingView:
    """A meeting, with the promise it belongs to (None: a meeting of the whole site)."""

    meeting: schema.Meeting
    promise: schema.Promise | None = None

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.meeting.date, self.meeting.time or "")


@dataclass(frozen=True)
class PromiseView:
    promise: schema.Promise
    state: PromiseState
    activities: tuple[ActivityView, ...]
    owners: tuple[schema.Organisation, ...]
    places: tuple[schema.Place, ...]
    contacts: tuple[schema.Contact, ...]
    surveys: tuple[SurveyView, ...]
    status_counts: tuple[tuple[schema.Status | None, int], ...]  # in STATUSES order, unreported last
    latest_updates: tuple[UpdateView, ...]
    results: tuple[schema.Result, ...] = ()  # as known on the build date
    partners: tuple[schema.Organisation, ...] = ()
    documents: tuple[schema.Attachment, ...] = ()  # as known on the build date
    upcoming_meetings: tuple[MeetingView, ...] = ()  # from the build date on, the next first
    past_meetings: tuple[MeetingView, ...] = ()  # before the build date, the latest first

    @property
    def groups(self) -> tuple[ThemeGroup, ...]:
        """Activities by theme, in the order of the promise's themes; those without one first."""
        loose = tuple(a for a in self.activities if a.activity.theme is None)
        groups = [ThemeGroup(None, loose)] if loose else []
        for theme in self.promise.themes:
            inside = tuple(a for a in self.activities if a.activity.theme == theme.id)
            if inside:
                groups.append(ThemeGroup(theme, inside))
        return tuple(groups)

    @property
    def done_count(self) -> int:
        return sum(1 for a in self.activities if a.status == "done")

    @property
    def overdue_count(self) -> int:
        return sum(1 for a in self.activities if a.overdue)


@dataclass(frozen=True)
class Entry:
    """One activity as listed on a page of many: with the promise it belongs to."""

    promise: PromiseView
    activity: ActivityView


@dataclass(frozen=True)
class PlaceView:
    place: schema.Place
    promises: tuple[PromiseView, ...]  # promises that name the place, current first
    entries: tuple[Entry, ...]  # activities at the place, grouped by promise in that order


@dataclass(frozen=True)
class OwnerGroup:
    """A promise as seen from one organisation: the activities it is responsible for there."""

    promise: PromiseView
    makes: bool  # the organisation is one of those making the promise
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True)
class OwnerView:
    organisation: schema.Organisation
    groups: tuple[OwnerGroup, ...]  # promises it makes or has activities in, current first

    @property
    def promise_count(self) -> int:
        return sum(1 for g in self.groups if g.makes)

    @property
    def activity_count(self) -> int:
        return sum(len(g.activities) for g in self.groups)


@dataclass(frozen=True)
class SiteModel:
    document: schema.Document
    today: dt.date
    promises: tuple[PromiseView, ...]
    surveys: tuple[SurveyView, ...]
    contacts: tuple[schema.Contact, ...]
    organisations: dict[str, schema.Organisation]
    latest_updates: tuple[UpdateView, ...]
    updates: tuple[UpdateView, ...] = ()  # every update shown on the site, newest first
    places: tuple[PlaceView, ...] = ()
    owners: tuple[OwnerView, ...] = ()
    # Every meeting from the build date on, of promises and of the whole site, the next first.
    upcoming_meetings: tuple[MeetingView, ...] = ()

    @property
    def next_meetings(self) -> tuple[MeetingView, ...]:
        """The meetings the start page lists: the next few."""
        return self.upcoming_meetings[:NEXT_MEETINGS]
    # Per edition besides the default: how many of the file's texts it has, of how many (the counts
    # `validate --translations` prints), for the start page to say how much is in its language.
    coverage: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)

    @property
    def editions(self) -> tuple[languages.Edition, ...]:
        """The site's editions, the default (Swedish) first."""
        return self.document.site.editions

    @property
    def current_promises(self) -> tuple[PromiseView, ...]:
        """Current and upcoming promises: current first, each group by period, latest start first."""
        return tuple(p for p in _by_state(self.promises) if p.state != "ended")

    @property
    def ended_promises(self) -> tuple[PromiseView, ...]:
        """The archive: ended promises, the most recently ended first."""
        ended = [p for p in self.promises if p.state == "ended"]
        return tuple(sorted(ended, key=lambda p: (p.promise.period.end, p.promise.period.start), reverse=True))

    @property
    def promisers(self) -> tuple[schema.Organisation, ...]:
        """Who makes the site's promises, in the order of the organisations: the start page names
        them (one, two or more; never assumed to be the police and the municipality)."""
        makers = {o for p in self.document.promises for o in p.owners}
        return tuple(o for o in self.document.organisations if o.id in makers)

    @property
    def with_others(self) -> Literal["never", "sometimes", "always"]:
        """Whether the site's promises are made with partners: in none, some, or all of them."""
        joined = [_has_partners(p) for p in self.document.promises]
        return "always" if joined and all(joined) else "sometimes" if any(joined) else "never"

    @functools.cached_property
    def promises_by_survey(self) -> dict[str, tuple[PromiseView, ...]]:
        """The promises each survey belongs to, in the model's order (every poster and share card
        asks; a national site has hundreds of surveys and promises)."""
        found: dict[str, list[PromiseView]] = {}
        for view in self.promises:
            for survey_id in dict.fromkeys(view.promise.surveys):
                found.setdefault(survey_id, []).append(view)
        return {survey_id: tuple(views) for survey_id, views in found.items()}

    @property
    def featured_survey(self) -> SurveyView | None:
        """The survey the start page asks residents to answer: the open one that closes first; when
        none is open, the one nearest in time, upcoming (by its opening) or closed (by its closing).
        A closed survey leads only while it is news (`closed_survey_leads`)."""
        open_now = [s for s in self.surveys if s.state == "open"]
        if open_now:
            return min(open_now, key=lambda s: s.survey.closes)

        def distance(view: SurveyView) -> tuple[int, int]:
            if view.state == "upcoming":
                return (((view.survey.opens or view.survey.closes) - self.today).days, 0)
            return ((self.today - view.survey.closes).days, 1)

        shown = [s for s in self.surveys if s.state == "upcoming" or self.closed_survey_leads(s.survey)]
        return min(shown, key=distance) if shown else None

    def closed_survey_leads(self, survey: schema.Survey) -> bool:
        """A closed survey still leads the start page while it is news: for CLOSED_SURVEY_DAYS after
        its last day, and only until a promise begins after it closed (the next thing)."""
        if (self.today - survey.closes).days > CLOSED_SURVEY_DAYS:
            return False
        return not any(survey.closes < p.promise.period.start.first_day <= self.today for p in self.promises)


# How long a closed survey may lead the start page after its last day (a season: its result is
# still news); after that, or once a newer promise has begun, it is only on its promise's page.
# decisions/2026-12-06-start-page-leads-with-what-is-current.md
CLOSED_SURVEY_DAYS = 90


def _has_partners(promise: schema.Promise) -> bool:
    """Others take part in the promise or in one of its activities."""
    parts: list[schema.Promise | schema.Activity] = [promise, *promise.activities]
    return any(part.partners or part.partner_groups or part.and_others for part in parts)


_STATE_ORDER = {"current": 0, "upcoming": 1, "ended": 2}


def _by_state(promises: typing.Iterable[PromiseView]) -> tuple[PromiseView, ...]:
    """Current, then upcoming, then ended; within each, the latest period first (stable for ties)."""
    latest_first = sorted(promises, key=lambda p: p.promise.period.start, reverse=True)
    return tuple(sorted(latest_first, key=lambda p: _STATE_ORDER[p.state]))


def _place_ids(activity: ActivityView) -> list[str]:
    return [p.id for p in activity.places]


def _owner_ids(activity: ActivityView) -> list[str]:
    return [o.id for o in activity.owners]


def build_places(document: schema.Document, promises: tuple[PromiseView, ...]) -> tuple[PlaceView, ...]:
    ordered = _by_state(promises)
    by_place: dict[str, list[PromiseView]] = {p.id: [] for p in document.places}
    touching: dict[str, list[PromiseView]] = {p.id: [] for p in document.places}
    for view in ordered:
        for place in view.places:
            by_place[place.id].append(view)
        for place_id in {pid for a in view.activities for pid in _place_ids(a)}:
            touching[place_id].append(view)
    return tuple(
        PlaceView(place, tuple(by_place[place.id]),
                  tuple(Entry(view, a) for view in touching[place.id] for a in view.activities
                        if place.id in _place_ids(a)))
        for place in document.places
    )


def build_owners(document: schema.Document, promises: tuple[PromiseView, ...]) -> tuple[OwnerView, ...]:
    groups: dict[str, list[OwnerGroup]] = {o.id: [] for o in document.organisations}
    for view in _by_state(promises):
        makers = {o.id for o in view.owners}
        for org_id in sorted(makers | {oid for a in view.activities for oid in _owner_ids(a)}):
            owned = tuple(a for a in view.activities if org_id in _owner_ids(a))
            groups[org_id].append(OwnerGroup(view, org_id in makers, owned))
    return tuple(OwnerView(org, tuple(groups[org.id])) for org in document.organisations)


def survey_state(survey: schema.Survey, today: dt.date) -> SurveyState:
    if survey.opens is not None and today < survey.opens:
        return "upcoming"
    return "open" if today <= survey.closes else "closed"


def promise_state(promise: schema.Promise, today: dt.date) -> PromiseState:
    if today < promise.period.start.first_day:
        return "upcoming"
    return "current" if today <= promise.period.end.last_day else "ended"


FINISHED = ("done", "cancelled")


def overdue_kind(status: str | None, quiet_since: dt.date, period: schema.Period, today: dt.date,
                 overdue_days: int) -> Literal["period_ended", "no_update"] | None:
    if status in FINISHED or today < period.start.first_day:
        return None
    if today > period.end.last_day:
        return "period_ended"
    return "no_update" if (today - quiet_since).days > overdue_days else None


def build_activity(activity: schema.Activity, orgs: dict[str, schema.Organisation],
                   places: dict[str, schema.Place], today: dt.date,
                   promise: schema.Promise | None = None, overdue_days: int = 120) -> ActivityView:
    # The site shows what was known on the build date: a later-dated update (a warning in
    # validation) is left out. Stable sort: on one day, the later entry in the file counts.
    # An update known only to the month counts from the month's first day, and is quiet from its last.
    ordered = tuple(sorted((u for u in activity.updates if u.date.first_day <= today),
                           key=lambda u: u.date.first_day))
    status, reason = activity.status, activity.status_reason
    progress: float | None = None
    more_than = False
    for update in ordered:
        if update.status is not None:
            status, reason = update.status, update.reason
        if update.progress is not None:
            progress, more_than = update.progress, update.progress_more_than
    quiet_since = (min(ordered[-1].date.last_day, today) if ordered
                   else (promise.period.start.first_day if promise else None))
    kind = (overdue_kind(status, quiet_since, promise.period, today, overdue_days)
            if promise is not None and quiet_since is not None else None)
    return ActivityView(
        activity=activity,
        status=status,
        last_update=ordered[-1] if ordered else None,
        updates=tuple(reversed(ordered)),
        owners=tuple(orgs[o] for o in activity.owners),
        places=tuple(places[p] for p in activity.places),
        overdue=kind is not None,
        quiet_since=quiet_since,
        overdue_kind=kind,
        reason=reason if status in schema.NEEDS_REASON else None,
        progress=progress,
        partners=tuple(orgs[o] for o in activity.partners),
        progress_more_than=more_than,
        promise_start=promise.period.start if promise is not None else None,
    )


def known_results(results: tuple[schema.Result, ...], today: dt.date) -> tuple[schema.Result, ...]:
    """Results and measurements as known on the build date: later-dated ones are left out, like
    updates, so that --today shows the site as it was. Values in date order."""
    known = []
    for result in results:
        if result.date is not None and result.date.first_day > today:
            continue
        indicators = []
        for indicator in result.indicators:
            values = tuple(sorted((v for v in indicator.values if v.date.first_day <= today),
                                  key=lambda v: v.date.first_day))
            if values:
                indicators.append(dataclasses.replace(indicator, values=values))
        known.append(dataclasses.replace(result, indicators=tuple(indicators)))
    return tuple(known)


def _status_counts(activities: tuple[ActivityView, ...]) -> tuple[tuple[schema.Status | None, int], ...]:
    order: list[schema.Status | None] = [*typing.get_args(schema.Status), None]
    counts = {status: sum(1 for a in activities if a.status == status) for status in order}
    return tuple((status, count) for status, count in counts.items() if count)


def _latest(updates: list[UpdateView], limit: int) -> tuple[UpdateView, ...]:
    return tuple(sorted(updates, key=lambda u: u.update.date.first_day, reverse=True)[:limit])


LATEST_UPDATES = 5
NEXT_MEETINGS = 3


def split_meetings(meetings: typing.Iterable[MeetingView],
                   today: dt.date) -> tuple[tuple[MeetingView, ...], tuple[MeetingView, ...]]:
    """Upcoming meetings (on the build date or later, the next first) and past ones (the latest first)."""
    ordered = sorted(meetings, key=lambda m: m.sort_key)
    return (tuple(m for m in ordered if m.meeting.date >= today),
            tuple(reversed([m for m in ordered if m.meeting.date < today])))


def build_model(document: schema.Document, today: dt.date,
                coverage: dict[str, tuple[int, int]] | None = None) -> SiteModel:
    orgs = {o.id: o for o in document.organisations}
    places = {p.id: p for p in document.places}
    contacts = {c.id: c for c in document.contacts}
    surveys = {s.id: SurveyView(s, survey_state(s, today)) for s in document.surveys}
    promises: list[PromiseView] = []
    all_updates: list[UpdateView] = []
    all_meetings: list[MeetingView] = list(split_meetings(map(MeetingView, document.meetings), today)[0])
    for promise in document.promises:
        activities = tuple(build_activity(a, orgs, places, today, promise, document.site.overdue_days)
                           for a in promise.activities)
        updates = [UpdateView(promise, a.activity, u) for a in activities for u in a.updates]
        all_updates.extend(updates)
        upcoming, past = split_meetings((MeetingView(m, promise) for m in promise.meetings), today)
        all_meetings.extend(upcoming)
        promises.append(PromiseView(
            promise=promise,
            state=promise_state(promise, today),
            activities=activities,
            owners=tuple(orgs[o] for o in promise.owners),
            places=tuple(places[p] for p in promise.places),
            contacts=tuple(contacts[c] for c in promise.contacts),
            surveys=tuple(surveys[s] for s in promise.surveys),
            status_counts=_status_counts(activities),
            latest_updates=_latest(updates, LATEST_UPDATES),
            results=known_results(promise.results, today),
            partners=tuple(orgs[o] for o in promise.partners),
            documents=tuple(d for d in promise.documents if d.date is None or d.date.first_day <= today),
            upcoming_meetings=upcoming,
            past_meetings=past,
        ))
    views = tuple(promises)
    everything = _latest(all_updates, len(all_updates))
    return SiteModel(
        document=document,
        today=today,
        promises=views,
        surveys=tuple(surveys.values()),
        contacts=document.contacts,
        organisations=orgs,
        latest_updates=everything[:LATEST_UPDATES],
        updates=everything,
        places=build_places(document, views),
        owners=build_owners(document, views),
        upcoming_meetings=tuple(sorted(all_meetings, key=lambda m: m.sort_key)),
        coverage=dict(coverage or {}),
    )
