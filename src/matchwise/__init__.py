"""MatchWise: explained, calibrated residency application lists for IMGs."""

__version__ = "0.1.0"
