"""Roadmap's files: the shipped cycle calendars, habits, templates and benchmarks, the agenda's
iCalendar and the timeline chart."""
