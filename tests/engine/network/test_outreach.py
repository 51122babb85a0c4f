"""Outreach messages: the templates, which ones a contact is offered, and the checker."""

from datetime import date, timedelta

import pytest

from matchwise.engine.network import outreach
from matchwise.engine.network.contacts import Channel, Contact, Interaction
from matchwise.engine.network.outreach import (
    MAX_WORDS,
    MIN_WORDS,
    PLACEHOLDERS,
    TEMPLATES,
    TONE_PHRASES,
    Draft,
    DraftContext,
    Severity,
    Template,
    check,
    render,
    templates_for,
    word_count,
)

GAE = "the randomized trial of genicular artery embolization for knee osteoarthritis"
START = date(2026, 1, 10)

# Personas: a faculty member who has never heard of me, an acquaintance from a conference,
# a mentor who knows my work, and a resident.
STRANGER = Contact(
    name="Ana Rao", title="Dr.", role="faculty", institution="Lakeside Hospital", their_work=GAE
)


def changed(contact: Contact, **changes: object) -> Contact:
    """A copy, validated (``model_copy`` would keep a plain string where an enum belongs)."""
    return Contact.model_validate(contact.model_dump() | changes)


ACQUAINTANCE = changed(STRANGER, how_met="the SIR Annual Scientific Meeting")
MENTOR = changed(STRANGER, relationship="mentor")
RESIDENT = Contact(
    name="Li Wei",
    title="Dr.",
    role="resident",
    institution="Lakeside Hospital",
    their_work="the SIR poster on radiation dose in prostate artery embolization",
)


def meeting(days: int, channel: Channel = Channel.MEETING, **kw: object) -> Interaction:
    return Interaction(on=START + timedelta(days=days), channel=channel, **kw)


AT_CONFERENCE = [meeting(0, Channel.CONFERENCE, they_helped=True)]
WORKED_TOGETHER = [meeting(0, Channel.CONFERENCE), meeting(30), meeting(75, Channel.VIDEO_CALL)]

ME = {
    "my_name": "Sam Okafor",
    "my_background": "an IMG from Nigeria with two years of IR research",
    "progress": "I passed Step 2 CK and submitted our abstract to the SIR meeting",
    "help_received": "your comments on my research abstract",
    "where_met": "the SIR Annual Scientific Meeting in Nashville",
}

# Each template in the situation it is meant for.
SITUATIONS = {
    "observership_request": (STRANGER, []),
    "conference_follow_up": (ACQUAINTANCE, AT_CONFERENCE),
    "mentor_update": (MENTOR, WORKED_TOGETHER),
    "thank_you": (ACQUAINTANCE, AT_CONFERENCE),
    "letter_request": (MENTOR, WORKED_TOGETHER),
    "resident_advice": (RESIDENT, []),
}


# What each message asks for (a noun phrase, as the what_i_ask hint says).
ASKS = {
    "observership_request": "a two-week observership in your IR service this autumn",
    "conference_follow_up": "a 20-minute video call in the next few weeks",
    "mentor_update": "which programs to favour with my signals",
    "thank_you": "",  # a thank-you asks for nothing
    "letter_request": "a letter uploaded to ERAS by September 1",
    "resident_advice": "a 15-minute call at a time that suits you",
}


def drafted(key: str, **changes: str) -> tuple[Draft, Contact, list[Interaction]]:
    contact, history = SITUATIONS[key]
    values = ME | {"what_i_ask": ASKS[key]} | changes
    context = DraftContext(contact=contact, interactions=history, **values)
    return render(TEMPLATES[key], context), contact, history


def codes(
    body: str,
    *,
    subject: str = "Observership request: IMG interested in your knee embolization trial",
    contact: Contact = STRANGER,
    interactions: list[Interaction] | None = None,
    attachments: tuple[str, ...] = (),
) -> list[str]:
    found = check(
        Draft(subject, body),
        contact=contact,
        interactions=interactions or [],
        attachments=attachments,
    )
    return [f.code for f in found]


def words(n: int) -> str:
    return " ".join(["word"] * n)


# --- the templates follow the advice ---


def test_there_is_a_template_for_each_kind_of_message():
    assert list(TEMPLATES) == list(SITUATIONS)
    for template in TEMPLATES.values():
        assert template.label and template.when and template.subject and template.body


@pytest.mark.parametrize("key", list(SITUATIONS))
def test_each_template_filled_in_passes_the_checker(key):
    draft, contact, history = drafted(key)
    findings = check(draft, contact=contact, interactions=history)
    assert [f for f in findings if f.severity is Severity.PROBLEM] == []
    assert findings == []  # not even a warning: the templates are the advice, applied
    assert MIN_WORDS <= word_count(draft.body) <= MAX_WORDS
    assert draft.missing == ()


@pytest.mark.parametrize("key", list(SITUATIONS))
def test_each_template_addresses_them_by_title_and_name_and_names_their_work(key):
    draft, contact, _ = drafted(key)
    assert draft.body.startswith(f"Dear Dr. {contact.name},\n")
    assert contact.their_work in draft.body
    assert draft.body.rstrip().endswith("Sam Okafor")


@pytest.mark.parametrize("key", list(SITUATIONS))
def test_a_missing_value_leaves_a_visible_marker_not_an_error(key):
    contact, history = SITUATIONS[key]
    bare = changed(contact, their_work="", institution="", how_met="")
    draft = render(TEMPLATES[key], DraftContext(contact=bare))
    assert draft.missing  # every template asks for something the context lacks
    for name in draft.missing:
        assert f"[fill in: {PLACEHOLDERS[name]}]" in draft.subject + draft.body
    assert "{" not in draft.subject + draft.body
    unfilled = check(draft, contact=contact, interactions=history)
    assert any(f.code == "unfilled" and f.severity is Severity.PROBLEM for f in unfilled)


def test_the_marker_names_what_to_fill_in():
    draft = render(TEMPLATES["observership_request"], DraftContext(contact=STRANGER))
    assert draft.missing == ("my_name", "my_background", "what_i_ask")
    assert "I am [fill in: your name], [fill in: one line about you" in draft.body
    [finding] = [f for f in check(draft, contact=STRANGER, interactions=[]) if f.code == "unfilled"]
    assert "your name" in finding.message


def test_their_work_and_where_met_default_from_the_contact_and_can_be_overridden():
    template = TEMPLATES["conference_follow_up"]
    default = render(template, DraftContext(contact=ACQUAINTANCE, **ME | {"where_met": None}))
    assert "at the SIR Annual Scientific Meeting." in default.body
    assert GAE in default.body
    own = render(template, DraftContext(contact=ACQUAINTANCE, their_work="the Y-90 registry"))
    assert "your work on the Y-90 registry" in own.body


def test_a_value_ending_in_a_full_stop_does_not_double_it():
    draft = render(
        TEMPLATES["observership_request"],
        DraftContext(contact=STRANGER, **ME | {"my_background": "an IMG from Kenya."}),
    )
    assert "an IMG from Kenya. I am preparing" in draft.body


@pytest.mark.parametrize(
    ("name", "title", "greeting"),
    [
        ("Ana Rao", "Dr.", "Dear Dr. Ana Rao,"),
        ("Dr. Ana Rao", "Dr.", "Dear Dr. Ana Rao,"),  # the title is already in the name
        ("Ana Rao", "MD", "Dear Ana Rao,"),  # a post-nominal does not go before the name
        ("Ana Rao", "", "Dear Ana Rao,"),
    ],
)
def test_the_greeting_uses_the_title_only_as_a_prefix(name, title, greeting):
    contact = Contact(name=name, title=title, their_work=GAE)
    draft = render(TEMPLATES["thank_you"], DraftContext(contact=contact))
    assert draft.body.splitlines()[0] == greeting


def test_the_last_interaction_is_named_in_words():
    draft, _, _ = drafted("mentor_update")
    assert draft.subject == "Update on my IR application since our video call on March 26"


def test_a_template_with_an_unknown_placeholder_is_refused():
    with pytest.raises(ValueError, match=r"unknown placeholders \['their_hobby'\]"):
        Template("x", "X", "never", "Hi {their_hobby}", "body")


# --- which templates a contact is offered ---


def offers(contact: Contact, history: list[Interaction]) -> dict[str, tuple[bool, str]]:
    return {o.template.key: (o.offered, o.reason) for o in templates_for(contact, history)}


LETTER = "ask for a letter once they know your work: 3+ interactions over 2+ months"


@pytest.mark.parametrize(
    ("history", "offered"),
    [
        ([meeting(0), meeting(90)], False),  # 2 interactions
        ([meeting(0), meeting(45), meeting(90)], True),  # 3
        ([meeting(0), meeting(30), meeting(59)], False),  # 59 days
        ([meeting(0), meeting(30), meeting(60)], True),  # 60 days
        ([meeting(60), meeting(0), meeting(30)], True),  # in any order
        (
            [
                meeting(0, Channel.EMAIL),
                meeting(30, Channel.CONFERENCE),
                meeting(60, Channel.EMAIL),
            ],
            False,
        ),  # nothing substantive
        *[
            ([meeting(0, Channel.EMAIL), meeting(30, channel), meeting(60, Channel.EMAIL)], True)
            for channel in sorted(outreach.SUBSTANTIVE_CHANNELS)
        ],
    ],
)
def test_a_letter_is_offered_after_three_interactions_over_two_months_with_real_work(
    history, offered
):
    is_offered, reason = offers(MENTOR, history)["letter_request"]
    assert is_offered is offered
    assert reason.startswith(LETTER) is not offered


@pytest.mark.parametrize(
    ("changes", "offered"),
    [
        ({}, False),  # an acquaintance
        ({"relationship": "mentor"}, True),
        ({"mentor_kinds": {"research"}}, True),
        ({"relationship": "sponsor"}, True),
        ({"sponsor_stage": "aware"}, False),
        ({"sponsor_stage": "offered"}, True),
        ({"sponsor_stage": "advocated"}, True),
    ],
)
def test_a_letter_is_asked_only_of_a_mentor_or_sponsor(changes, offered):
    contact = changed(STRANGER, **changes)
    history = [meeting(0), meeting(30), meeting(60)]
    is_offered, reason = offers(contact, history)["letter_request"]
    assert is_offered is offered
    assert ("not yet your mentor or sponsor" in reason) is not offered


@pytest.mark.parametrize(
    ("history", "facts"),
    [
        ([], "you have 0 interactions"),
        (
            [meeting(0, Channel.EMAIL)],
            "you have 1 interaction, "
            "none of them a meeting, rotation day, research update or video call",
        ),
        (
            [meeting(0), meeting(59, Channel.EMAIL)],
            "you have 2 interactions over 59 days, including a meeting",
        ),
    ],
)
def test_the_letter_reason_says_what_is_missing_in_words(history, facts):
    offered, reason = offers(MENTOR, history)["letter_request"]
    assert not offered
    assert reason == f"{LETTER}, including a meeting or rotation; {facts}"


def test_the_other_templates_follow_the_contact_and_the_history():
    stranger = offers(STRANGER, [])
    assert {k for k, (ok, _) in stranger.items() if ok} == {"observership_request"}
    assert stranger["resident_advice"] == (False, "for a resident or fellow")

    resident = offers(RESIDENT, [])
    assert {k for k, (ok, _) in resident.items() if ok} == {"resident_advice"}

    met = offers(ACQUAINTANCE, AT_CONFERENCE)
    assert met["conference_follow_up"] == (True, "you met at a conference on 2026-01-10")
    assert met["thank_you"] == (True, "they helped you on 2026-01-10")
    assert met["mentor_update"][0] is False

    assert offers(MENTOR, [])["mentor_update"][0] is True
    assert offers(ACQUAINTANCE, [meeting(0)])["thank_you"][0] is False
    assert offers(ACQUAINTANCE, [meeting(0)])["conference_follow_up"][0] is False


@pytest.mark.parametrize("role", ["faculty", "program_director", "associate_pd"])
def test_faculty_are_offered_the_observership_request(role):
    assert offers(changed(STRANGER, role=role), [])["observership_request"][0]


@pytest.mark.parametrize("role", ["resident", "fellow", "coordinator", "other"])
def test_others_are_not_offered_the_observership_request(role):
    assert not offers(changed(STRANGER, role=role), [])["observership_request"][0]


def test_every_template_is_listed_once_in_order():
    assert [o.template.key for o in templates_for(MENTOR, WORKED_TOGETHER)] == list(TEMPLATES)


# --- the checker, one table per check: a text that triggers it and a near miss ---

CLEAN = (
    "Dear Dr. Ana Rao,\n\nI am Sam Okafor, an IMG from Nigeria. I read your trial of genicular "
    "artery embolization. Would you consider me for an observership?\n\nBest regards,\nSam"
)


@pytest.mark.parametrize(
    ("n", "flagged"),
    [(MIN_WORDS - 1, True), (MIN_WORDS, False), (MAX_WORDS, False), (MAX_WORDS + 1, True)],
)
def test_the_body_length_is_checked_in_words(n, flagged):
    body = CLEAN + " " + words(n - word_count(CLEAN))
    found = check(
        Draft("Observership request about your GAE trial", body), contact=STRANGER, interactions=[]
    )
    lengths = [f for f in found if f.code == "length"]
    assert bool(lengths) is flagged
    if flagged:
        assert f"{n} words" in lengths[0].message


@pytest.mark.parametrize(
    ("subject", "flagged"),
    [
        ("", True),
        ("Hello", True),
        ("Request", True),
        ("Inquiry", True),
        ("Question", True),
        ("Opportunity", True),
        ("Following up", True),
        ("Research observership request", True),  # three words
        ("Request for an opportunity, kindly", True),  # long but says nothing
        ("Hello Doctor, urgent question regarding opportunity", True),
        ("Observership request: IMG interested in your GAE trial", False),
        ("Question about your genicular embolization trial", False),
        ("Following up on our SIR 2026 conversation", False),
    ],
)
def test_a_vague_subject_is_flagged(subject, flagged):
    assert ("vague_subject" in codes(CLEAN + words(150), subject=subject)) is flagged


def test_an_empty_subject_is_a_problem_and_a_short_one_a_warning():
    def severity(subject: str) -> Severity:
        found = check(Draft(subject, CLEAN), contact=STRANGER, interactions=[])
        return next(f.severity for f in found if f.code == "vague_subject")

    assert severity("  ") is Severity.PROBLEM
    assert severity("Hello") is Severity.WARNING


@pytest.mark.parametrize(
    ("their_work", "body", "flagged"),
    [
        (GAE, "I am keen on interventional radiology research.", True),
        (GAE, "I am fascinated by embolization.", True),  # one common IR word is not their work
        (GAE, "I read your genicular artery embolization paper.", False),
        (GAE, "Your work on KNEE OSTEOARTHRITIS interests me.", False),  # case-insensitive
        (GAE, "Your genicular embolizations trial interests me.", False),  # plural
        ("the PAE trial; a talk on Y-90 dosimetry", "I read about your pae results.", False),
        ("the PAE trial; a talk on Y-90 dosimetry", "Your Y90 talk was clear.", False),
        ("the PAE trial; a talk on Y-90 dosimetry", "Your talk was clear.", True),
    ],
)
def test_the_message_must_name_their_own_work(their_work, body, flagged):
    contact = changed(STRANGER, their_work=their_work)
    assert ("no_their_work" in codes(body, subject="x", contact=contact)) is flagged


@pytest.mark.parametrize("their_work", ["", "   ", "IR research and talks"])
def test_with_no_specific_work_recorded_the_checker_asks_to_record_it(their_work):
    contact = changed(STRANGER, their_work=their_work)
    found = check(Draft("x", "I read your work."), contact=contact, interactions=[])
    [unknown] = [f for f in found if f.code == "their_work_unknown"]
    assert unknown.severity is Severity.WARNING
    assert "contact" in unknown.message
    assert "no_their_work" not in [f.code for f in found]


def test_the_work_can_be_given_to_the_checker_directly():
    contact = changed(STRANGER, their_work="")
    found = check(Draft("x", CLEAN), contact=contact, interactions=[], their_work=GAE)
    assert {"their_work_unknown", "no_their_work"}.isdisjoint(f.code for f in found)


@pytest.mark.parametrize(
    ("greeting", "flagged"),
    [
        ("Dear Sir/Madam,", True),
        ("Dear Sir or Madam,", True),
        ("dear sir / madam", True),
        ("To whom it may concern,", True),
        ("Dear Doctor,", True),
        ("Dear Dr.,", True),
        ("Dear Sir,", True),
        ("Hello sir,", True),
        ("Respected Sir,", True),
        ("Hello Doctor", True),
        ("Dear Dr. Rao,", False),
        ("Dear Doctor Rao,", False),
        ("Dear Sirisha,", False),
        ("Hello Dr. Rao,", False),
        ("Dear Dr. Rao,\n\nNo 'Dear Sir/Madam' in this one.", False),  # only the first line
    ],
)
def test_a_generic_opening_is_flagged(greeting, flagged):
    assert ("generic_opening" in codes(greeting + "\n\n" + CLEAN)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Would you write me a letter of recommendation?", True),
        ("Could you write a recommendation letter?", True),
        ("Could I ask you for an LOR?", True),
        ("Is there a residency position for me?", True),
        ("Is there a spot in your program?", True),
        ("Would you rank me?", True),
        ("I am in a position to help with data collection.", False),
        ("Your recommendations on reading were helpful.", False),
        ("Would you consider me for an observership?", False),
    ],
)
def test_a_letter_or_a_place_is_not_asked_for_in_a_first_message(text, flagged):
    assert ("early_ask" in codes(CLEAN + "\n" + text)) is flagged
    assert "early_ask" not in codes(CLEAN + "\n" + text, interactions=[meeting(0)])


def test_an_early_ask_in_the_subject_is_caught_and_quoted():
    [finding] = [
        f
        for f in check(
            Draft("LoR request for IR residency", CLEAN), contact=STRANGER, interactions=[]
        )
        if f.code == "early_ask"
    ]
    assert "“LoR”" in finding.message
    assert finding.severity is Severity.PROBLEM


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I will do anything to get this observership.", "I will do anything"),
        ("I’ll do anything.", "I'll do anything"),
        ("I am desperate for a chance.", "desperate"),
        ("Please help me.", "Please help me"),
        ("I deserve an interview.", "I deserve"),
        ("You must reply.", "You must"),
        ("This would guarantee my match.", "guarantee"),
        ("I will accept any position.", "any position"),
        ("I am begging you.", "begging"),
        ("I am sure you will agree.", "I am sure you will"),
        ("Kindly do the needful.", "Kindly do the needful"),
        ("It is my dream since childhood to be an IR.", "It is my dream since childhood"),
    ],
)
def test_a_desperate_or_entitled_phrase_is_quoted(text, phrase):
    found = check(
        Draft("Observership request", CLEAN + " " + text), contact=STRANGER, interactions=[]
    )
    tone = [f for f in found if f.code == "tone"]
    assert [f.message for f in tone] == [f"“{phrase}” sounds desperate or entitled."]
    assert tone[0].severity is Severity.PROBLEM


@pytest.mark.parametrize(
    "text",
    [
        "I must thank you for the talk.",
        "I hope you will consider it.",
        "I am sure the trial will change practice.",
        "It has been my goal since medical school.",
        "Please let me know if I can help.",
        "Are any positions on your research team open to visitors?",
        "I will do my best to help.",
    ],
)
def test_polite_phrases_near_the_list_are_not_tone_problems(text):
    assert "tone" not in codes(CLEAN + " " + text, interactions=[meeting(0)])


def test_each_phrase_found_is_a_finding_of_its_own():
    body = CLEAN + " I am desperate. Please help me. I am desperate."
    assert codes(body).count("tone") == 2


def test_the_tone_list_is_data():
    assert len(TONE_PHRASES) >= 12


@pytest.mark.parametrize(
    ("body", "contact", "flagged"),
    [
        ("I am writing to ask for an observership?", STRANGER, True),
        ("I am grateful for your time. Would you meet me?", STRANGER, True),
        ("I am an IMG from Nigeria. Would you meet me?", STRANGER, False),
        ("My name is Sam Okafor. Would you meet me?", STRANGER, False),
        ("I'm Sam Okafor. Would you meet me?", STRANGER, False),
        ("I’m Sam Okafor. Would you meet me?", STRANGER, False),
        ("I am writing with an update. Would you meet me?", MENTOR, False),  # they know me
    ],
)
def test_a_message_says_who_is_writing(body, contact, flagged):
    assert ("no_introduction" in codes(body, contact=contact)) is flagged


@pytest.mark.parametrize(
    ("ask", "flagged"),
    [
        ("I want to learn IR.", True),
        ("I hope to hear from you.", True),
        ("Is there a time that suits you?", False),
        ("Would you consider me for an observership.", False),
        ("Could I visit for a week.", False),
        ("I would be grateful for a short call.", False),
        ("I'd appreciate a short call.", False),
    ],
)
def test_a_message_has_a_clear_ask(ask, flagged):
    body = "I am Sam Okafor, an IMG. " + ask
    assert ("no_ask" in codes(body)) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I have attached my CV.", True),
        ("Please find my CV below.", True),
        ("Please find attached my CV.", True),
        ("My CV is in the attachment.", True),
        ("Enclosed is my CV.", True),
        ("I was attached to the IR unit at AIIMS for six months.", False),  # a post, not a file
        ("I can send my CV.", False),
    ],
)
def test_a_mentioned_attachment_must_be_attached(text, flagged):
    assert ("missing_attachment" in codes(CLEAN + " " + text)) is flagged
    assert "missing_attachment" not in codes(CLEAN + " " + text, attachments=("cv.pdf",))


def test_each_finding_says_why_it_matters_in_one_line():
    body = "Dear Sir/Madam,\n\nI will do anything. Please find my CV. [fill in: your name]"
    found = check(Draft("Hello", body), contact=STRANGER, interactions=[])
    assert {f.code for f in found} == {
        "length",
        "vague_subject",
        "no_their_work",
        "generic_opening",
        "tone",
        "no_introduction",
        "no_ask",
        "missing_attachment",
        "unfilled",
    }
    for finding in found:
        assert finding.why == outreach.WHY[finding.code]
        assert finding.message and "\n" not in finding.message and "\n" not in finding.why


@pytest.mark.parametrize(
    ("text", "n"),
    [("", 0), ("one", 1), ("two  words\n", 2), ("a — dash", 2), ("Step 2 CK", 3)],
)
def test_words_are_counted_as_a_reader_counts_them(text, n):
    assert word_count(text) == n


def test_the_public_names_are_pinned():
    assert set(outreach.__all__) == {
        # the advice, as data
        "ASK_PHRASES", "ATTACHMENT_MENTIONS", "EARLY_ASKS", "GENERIC_OPENINGS",
        "GENERIC_SUBJECT_WORDS", "LETTER_MIN_INTERACTIONS", "LETTER_MIN_SPAN_DAYS", "MAX_WORDS",
        "MIN_WORDS", "PLACEHOLDERS", "SUBSTANTIVE_CHANNELS", "TEMPLATES", "TONE_PHRASES", "WHY",
        # types and functions
        "Draft", "DraftContext", "Finding", "Offer", "Severity", "Template",
        "check", "render", "templates_for", "word_count",
    }  # fmt: skip
