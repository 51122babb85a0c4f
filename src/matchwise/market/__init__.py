"""Market: the whole-market simulation page for advisors (issue 7), run as a background task."""
