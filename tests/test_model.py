"""model: derived facts (status, survey state, promise state) computed from data and build date."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.data import schema
from generator.data.validate import validate_file
from generator.model import SiteModel, build_activity, build_model, promise_state, survey_state
from tests.conftest import ROOT

D = dt.date



def i18n(sv: str, en: str | None = None) -> schema.I18n:
    return schema.I18n({"sv": sv, **({"en": en} if en else {})})


def day_of(value: dt.date) -> schema.PeriodDate:
    return schema.PeriodDate(value.year, value.month, value.day)


def update(day: str, status: str | None) -> schema.Update:
    return schema.Update(date=day_of(D.fromisoformat(day)), text=i18n("t", "t"), source=i18n("s", "s"),
                         status=status)  # type: ignore[arg-type]


def activity(*updates: schema.Update, status: str | None = None) -> schema.Activity:
    return schema.Activity(id="a", title=i18n("a", "a"), purpose=i18n("p", "p"), owners=("k",),
                           status=status, updates=updates)  # type: ignore[arg-type]


ORGS = {"k": schema.Organisation(id="k", name=i18n("K", "K"), short=i18n("k", "k"))}


def test_current_status_is_the_latest_dated_status_whatever_the_file_order() -> None:
    a = activity(update("2020-02-01", "done"), update("2019-10-01", "in_progress"), update("2020-03-01", None),
                 status="planned")
    view = build_activity(a, ORGS, {}, D(2026, 1, 1))
    assert view.status == "done"
    assert view.last_update is not None and view.last_update.date.first_day == D(2020, 3, 1)
    assert [u.date.first_day for u in view.updates] == [D(2020, 3, 1), D(2020, 2, 1), D(2019, 10, 1)]


def test_updates_after_the_build_date_are_not_shown_yet() -> None:
    a = activity(update("2019-10-01", "in_progress"), update("2020-02-01", "done"), status="planned")
    view = build_activity(a, ORGS, {}, D(2019, 12, 31))
    assert view.status == "in_progress"
    assert len(view.updates) == 1


def test_without_updates_the_initial_status_or_none() -> None:
    assert build_activity(activity(status="ongoing"), ORGS, {}, D(2020, 1, 1)).status == "ongoing"
    assert build_activity(activity(), ORGS, {}, D(2020, 1, 1)).status is None


def test_survey_state_on_each_side_of_its_dates() -> None:
    survey = schema.Survey(id="s", title=i18n("s"), url="https://x.example.org/", opens=D(2019, 11, 1),
                           closes=D(2019, 12, 1))
    assert survey_state(survey, D(2019, 10, 31)) == "upcoming"
    assert survey_state(survey, D(2019, 11, 1)) == "open"
    assert survey_state(survey, D(2019, 12, 1)) == "open"  # the closing day is the last day to answer
    assert survey_state(survey, D(2019, 12, 2)) == "closed"


def test_promise_period_with_a_month_ends_on_its_last_day() -> None:
    result = validate_file(ROOT / "promises.yaml", ROOT / "content")
    assert result.document is not None
    promise = result.document.promises[0]
    assert promise.period.end.last_day == D(2020, 6, 30)
    assert promise_state(promise, D(2019, 5, 31)) == "upcoming"
    assert promise_state(promise, D(2020, 6, 30)) == "current"
    assert promise_state(promise, D(2020, 7, 1)) == "ended"


def test_example_model_on_a_day_the_survey_is_open() -> None:
    result = validate_file(ROOT / "promises.yaml", ROOT / "content")
    assert result.document is not None
    model = build_model(result.document, D(2019, 11, 20))
    assert model.featured_survey is not None and model.featured_survey.state == "open"
    promise, later = model.current_promises
    assert (promise.state, later.state, model.ended_promises) == ("current", "upcoming", ())
    assert dict(promise.status_counts) == {"in_progress": 1, "done": 1, "ongoing": 3}
    assert [u.update.date.first_day for u in model.latest_updates] == [D(2019, 11, 1), D(2019, 10, 1), D(2019, 9, 17)]


def promise_with(period_end: str) -> schema.Promise:
    return schema.Promise(
        id="p", title=i18n("p", "p"), owners=("k",),
        period=schema.Period(schema.PeriodDate(2019, 6, 1), schema.PeriodDate(*map(int, period_end.split("-")))),
        focus=i18n("f", "f"), goal=i18n("g", "g"), follow_up=i18n("u", "u"), activities=())


def test_overdue_after_quiet_days_or_when_the_period_ended_not_done() -> None:
    promise = promise_with("2020-06")
    quiet = activity(update("2019-07-01", "in_progress"))
    assert build_activity(quiet, ORGS, {}, D(2019, 10, 29), promise).overdue_kind is None  # 120 days
    late = build_activity(quiet, ORGS, {}, D(2019, 10, 30), promise)  # 121 days
    assert (late.overdue, late.overdue_kind, late.quiet_since) == (True, "no_update", D(2019, 7, 1))
    never = build_activity(activity(status="planned"), ORGS, {}, D(2019, 10, 30), promise)
    assert (never.overdue_kind, never.quiet_since) == ("no_update", D(2019, 6, 1))  # quiet since the start
    ended = build_activity(activity(update("2020-06-20", "ongoing")), ORGS, {}, D(2020, 7, 1), promise)
    assert ended.overdue_kind == "period_ended"
    done = build_activity(activity(update("2019-07-01", "done")), ORGS, {}, D(2021, 1, 1), promise)
    assert done.overdue_kind is None
    assert build_activity(quiet, ORGS, {}, D(2019, 5, 1), promise).overdue_kind is None  # not started yet


def test_the_reason_of_the_current_status_is_shown() -> None:
    delayed = schema.Update(date=day_of(D(2019, 9, 1)), text=i18n("t", "t"),
                            source=i18n("s", "s"), status="delayed", reason=i18n("Leverantören", "The supplier"))
    view = build_activity(activity(delayed), ORGS, {}, D(2019, 10, 1))
    assert view.status == "delayed" and view.reason == i18n("Leverantören", "The supplier")
    later = build_activity(activity(delayed, update("2019-09-20", "in_progress")), ORGS, {}, D(2019, 10, 1))
    assert later.reason is None


def example_model(today: dt.date) -> SiteModel:
    result = validate_file(ROOT / "promises.yaml", ROOT / "content")
    assert result.document is not None
    return build_model(result.document, today)


DIALOGUE, SAFETY = "medborgardialog-2019", "trygghetsenkat-2021"


@pytest.mark.parametrize(("today", "states", "featured"), [
    (D(2019, 10, 31), {DIALOGUE: "upcoming", SAFETY: "upcoming"}, DIALOGUE),
    (D(2019, 11, 1), {DIALOGUE: "open", SAFETY: "upcoming"}, DIALOGUE),  # opening day
    (D(2019, 12, 1), {DIALOGUE: "open", SAFETY: "upcoming"}, DIALOGUE),  # deadline day
    (D(2019, 12, 2), {DIALOGUE: "closed", SAFETY: "upcoming"}, DIALOGUE),  # the day after: just closed
    (D(2021, 9, 1), {DIALOGUE: "closed", SAFETY: "upcoming"}, SAFETY),  # opens within a month
    (D(2021, 10, 31), {DIALOGUE: "closed", SAFETY: "open"}, SAFETY),
    (D(2021, 11, 1), {DIALOGUE: "closed", SAFETY: "closed"}, SAFETY),
])
def test_several_surveys_each_with_its_own_dates(today: dt.date, states: dict[str, str], featured: str) -> None:
    """The start page shows the open survey; when none is open, the one nearest in time."""
    model = example_model(today)
    assert {s.survey.id: s.state for s in model.surveys} == states
    assert model.featured_survey is not None and model.featured_survey.survey.id == featured


def test_archive_keeps_ended_promises_and_lists_current_first() -> None:
    model = example_model(D(2021, 10, 20))
    assert [p.promise.id for p in model.current_promises] == ["lerum-2021-2022"]
    assert [p.promise.id for p in model.ended_promises] == ["lerum-2019-2020"]
    everything_ended = example_model(D(2023, 1, 1))
    # most recently ended first
    assert [p.promise.id for p in everything_ended.ended_promises] == ["lerum-2021-2022", "lerum-2019-2020"]
    assert everything_ended.current_promises == ()


def test_place_and_owner_views_list_what_concerns_them() -> None:
    model = example_model(D(2021, 10, 20))
    places = {v.place.id: v for v in model.places}
    floda = places["floda-station"]
    assert [p.promise.id for p in floda.promises] == ["lerum-2021-2022", "lerum-2019-2020"]  # current first
    assert [(e.promise.promise.id, e.activity.activity.id) for e in floda.entries] == [
        ("lerum-2021-2022", "mobilt-kontor"),
        ("lerum-2019-2020", "trygghetsvandring"), ("lerum-2019-2020", "utemiljon"), ("lerum-2019-2020", "synlighet")]
    centre = [e.activity.activity.id for e in places["lerum-centrum"].entries]
    assert centre == ["foraldravandring", "belysning-centrum"]
    owners = {v.organisation.id: v for v in model.owners}
    police = [(g.promise.promise.id, g.makes, [a.activity.id for a in g.activities]) for g in owners["polisen"].groups]
    assert police == [("lerum-2021-2022", True, ["mobilt-kontor", "skolsamverkan", "trygghetsenkat"]),
                      ("lerum-2019-2020", True, ["trygghetsvandring", "synlighet", "medborgardialog"])]
    assert (owners["kommunen"].promise_count, owners["kommunen"].activity_count) == (2, 8)


def test_updates_page_has_every_shown_update_newest_first() -> None:
    model = example_model(D(2021, 10, 20))
    dates = [u.update.date.first_day for u in model.updates]
    assert len(dates) == 13 and dates == sorted(dates, reverse=True)
    assert model.latest_updates == model.updates[:5]
    early = example_model(D(2019, 11, 20))
    assert max(u.update.date.first_day for u in early.updates) == D(2019, 11, 1)  # nothing after the build date


def test_indicator_values_after_the_build_date_are_not_shown() -> None:
    def values(today: dt.date) -> list[float]:
        (result,) = example_model(today).promises[0].results
        return [v.value for i in result.indicators for v in i.values]

    assert values(D(2019, 11, 20)) == [41, 47]
    assert values(D(2021, 1, 1)) == [41, 47, 56]
    assert values(D(2018, 11, 30)) == []
