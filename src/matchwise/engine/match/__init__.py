"""The match: the NRMP's applicant-proposing deferred acceptance, with couples and PGY-1 lists.

Imports nothing else of MatchWise; the market simulator and the ``match`` command sit over it."""
