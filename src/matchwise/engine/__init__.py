"""Pure domain logic and numerics: no Django, no I/O, no clock, no global random state."""
