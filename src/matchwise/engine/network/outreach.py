"""Messages to faculty, program directors and residents: templates, when to use them, a checker.

Two ideas, a module each, behind this one public face (:data:`__all__`, which callers import):

- :mod:`~matchwise.engine.network.outreach_templates`: the templates as data
  (:data:`TEMPLATES`); :func:`render` fills one from a :class:`DraftContext` and leaves a
  visible ``[fill in: ...]`` marker for each missing value; :func:`templates_for` says which
  templates suit a contact, and why;
- :mod:`~matchwise.engine.network.outreach_check`: :func:`check` reviews any draft, a rendered
  one or the user's own, against the advice it encodes. Each rendered template passes it.

>>> from matchwise.engine.network.contacts import Contact
>>> rao = Contact(name="Ana Rao", title="Dr.", role="faculty", institution="Lakeside",
...               their_work="the PAE trial for benign prostatic hyperplasia")
>>> draft = render(TEMPLATES["observership_request"], DraftContext(
...     contact=rao, my_name="Sam Okafor",
...     my_background="an IMG from Nigeria with two years of IR research",
...     what_i_ask="a two-week observership in your IR service"))
>>> draft.body.splitlines()[0]
'Dear Dr. Ana Rao,'
>>> [f.code for f in check(draft, contact=rao, interactions=[])]
[]
>>> [f.code for f in check(Draft("Hello", "Dear Sir/Madam, I will do anything."),
...                        contact=rao, interactions=[])]  # doctest: +NORMALIZE_WHITESPACE
['length', 'vague_subject', 'no_their_work', 'generic_opening', 'tone', 'no_introduction',
 'no_ask']
"""

from __future__ import annotations

from matchwise.engine.network.outreach_check import (
    ASK_PHRASES,
    ATTACHMENT_MENTIONS,
    EARLY_ASKS,
    GENERIC_OPENINGS,
    GENERIC_SUBJECT_WORDS,
    MAX_WORDS,
    MIN_WORDS,
    TONE_PHRASES,
    WHY,
    Finding,
    Severity,
    check,
    word_count,
)
from matchwise.engine.network.outreach_templates import (
    LETTER_MIN_INTERACTIONS,
    LETTER_MIN_SPAN_DAYS,
    PLACEHOLDERS,
    SUBSTANTIVE_CHANNELS,
    TEMPLATES,
    Draft,
    DraftContext,
    Offer,
    Template,
    render,
    templates_for,
)

__all__ = [
    "ASK_PHRASES",
    "ATTACHMENT_MENTIONS",
    "EARLY_ASKS",
    "GENERIC_OPENINGS",
    "GENERIC_SUBJECT_WORDS",
    "LETTER_MIN_INTERACTIONS",
    "LETTER_MIN_SPAN_DAYS",
    "MAX_WORDS",
    "MIN_WORDS",
    "PLACEHOLDERS",
    "SUBSTANTIVE_CHANNELS",
    "TEMPLATES",
    "TONE_PHRASES",
    "WHY",
    "Draft",
    "DraftContext",
    "Finding",
    "Offer",
    "Severity",
    "Template",
    "check",
    "render",
    "templates_for",
    "word_count",
]
