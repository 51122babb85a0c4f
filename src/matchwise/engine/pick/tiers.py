"""Reach, target, likely: a program's tier from P(it would match you).

The thresholds are for IR-sized odds, where a single program rarely exceeds 50% even for strong
applicants: *likely* from 35% (about one chance in three or better), *reach* below 12% (fewer
than one in eight), *target* between. They are shown with every list, so a user can read a tier
as the number behind it.

>>> tier_for(0.4), tier_for(0.2), tier_for(0.05)
('likely', 'target', 'reach')
"""

from __future__ import annotations

LIKELY_FROM = 0.35
REACH_BELOW = 0.12


def tier_for(p_match_here: float) -> str:
    if p_match_here >= LIKELY_FROM:
        return "likely"
    if p_match_here < REACH_BELOW:
        return "reach"
    return "target"
