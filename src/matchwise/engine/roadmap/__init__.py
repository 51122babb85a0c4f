"""Roadmap: the match cycle's dates, dated milestones, letters, readiness and the agenda.

Does not import Network or Scholarly: their goals reach it as data."""
