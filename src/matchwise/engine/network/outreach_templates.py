"""Messages to faculty, program directors and residents: the templates, filling one in, and
which suit a contact.

The templates are data (:data:`TEMPLATES`); :func:`render` fills one from a
:class:`DraftContext` and leaves a visible ``[fill in: ...]`` marker for each missing value;
:func:`templates_for` says which templates suit a contact, and why: a letter is asked only of
a mentor or sponsor who knows your work. Each rendered template passes the checker
(:mod:`~matchwise.engine.network.outreach_check`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matchwise.engine.network.contacts import (
    CHANNEL_LABELS,
    Channel,
    Contact,
    Interaction,
    Role,
)

# --- templates ------------------------------------------------------------------------------

#: Each placeholder a template may use, with the hint shown in its ``[fill in: ...]`` marker.
PLACEHOLDERS: Mapping[str, str] = {
    "their_name": "their title and name",
    "institution": "their hospital or program",
    "my_name": "your name",
    "my_background": "one line about you, e.g. 'an IMG from Nigeria with two years of IR research'",
    "their_work": "their paper, talk or project, to follow 'your work on'",
    "where_met": "where you met, e.g. 'the SIR Annual Scientific Meeting in Nashville'",
    "what_i_ask": "what you ask for, e.g. 'a 15-minute video call next month'",
    "progress": "what you have done since you last wrote",
    "help_received": "what they did for you, e.g. 'your comments on my abstract'",
    "last_contact": "when you last spoke, e.g. 'our call in March'",
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Template:
    """A message to adapt: ``subject`` and ``body`` hold ``{placeholder}`` names."""

    key: str
    label: str
    when: str  # when to use it, in words
    subject: str
    body: str

    def __post_init__(self) -> None:
        unknown = set(self.placeholders) - set(PLACEHOLDERS)
        if unknown:
            raise ValueError(f"template {self.key!r}: unknown placeholders {sorted(unknown)}")

    @property
    def placeholders(self) -> tuple[str, ...]:
        names = _PLACEHOLDER.findall(self.subject + "\n" + self.body)
        return tuple(dict.fromkeys(names))


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


_TEMPLATES = (
    Template(
        key="observership_request",
        label="Observership or research request",
        when="To a faculty member or program director whose work you know, asking to observe "
        "or to help with research.",
        subject="Observership request from {my_name}, an IMG applicant to Interventional Radiology",
        body=_paragraphs(
            "Dear {their_name},",
            "I am {my_name}, {my_background}. I am preparing to apply to Interventional Radiology "
            "residency, and I am writing to you because of your work on {their_work}.",
            "Reading about it showed me the kind of careful, patient-centred work I want to "
            "learn: choosing the right patient, doing the procedure well and following the "
            "results. I would value seeing how your team at {institution} approaches it day to "
            "day.",
            "I would like to ask whether you would consider me for {what_i_ask}. I can adapt to "
            "your schedule, I will meet your department's requirements for visitors, and I would "
            "be glad to help with data collection or a literature review if a project needs it. I "
            "would be happy to send my CV and a short summary of my research experience.",
            "If this is not possible, could you point me to the right person in your department? "
            "I would be grateful for any guidance.",
            "Thank you for your time and consideration.",
            "Best regards,\n{my_name}",
        ),
    ),
    Template(
        key="conference_follow_up",
        label="Follow-up after a conference",
        when="Within a week of talking with someone at a conference, while they remember you.",
        subject="Following up on our conversation at {where_met}",
        body=_paragraphs(
            "Dear {their_name},",
            "Thank you for taking the time to talk with me at {where_met}. I am {my_name}, "
            "{my_background}, and we spoke about your work on {their_work}.",
            "Our conversation stayed with me. Since then I have read more about it, and it has "
            "helped me think more clearly about the kind of questions I would like to work on as "
            "a future Interventional Radiology resident. It also made me want to understand how "
            "your team at {institution} moved the project from an idea to results.",
            "I would be grateful for {what_i_ask}. I know your time is limited, so I would keep "
            "it short and come with specific questions about how you chose that project, what you "
            "would do differently, and how an applicant like me can contribute to research of "
            "this kind.",
            "Would any time in the coming weeks suit you? I am happy to work around your "
            "schedule, and if it is easier, I would also welcome a short reply by email.",
            "Thank you again for your generosity with your time at the meeting.",
            "Best regards,\n{my_name}",
        ),
    ),
    Template(
        key="mentor_update",
        label="Progress update to a mentor",
        when="Every 2 to 3 months, and after any milestone, to a mentor or sponsor.",
        subject="Update on my IR application since {last_contact}",
        body=_paragraphs(
            "Dear {their_name},",
            "I hope you are well. I am writing with a short update since {last_contact}, because "
            "your advice has shaped most of my plans this year and I want you to hear the news "
            "from me first.",
            "Here is where things stand: {progress}.",
            "Your work on {their_work} is still the example I return to when I think about the "
            "kind of interventional radiologist I want to become, and it has kept me focused on "
            "research questions that matter to patients rather than on collecting lines for my "
            "CV.",
            "Could I ask your advice on {what_i_ask}? I have thought it through and have a plan, "
            "but I would value your view before I commit, since you know both my application and "
            "the programs I am considering.",
            "If a short call would be easier than email, I would be glad to arrange one at a time "
            "that suits you. Either way, I will keep you posted on the next steps and on how your "
            "advice works out.",
            "Thank you, as always, for your support and your time.",
            "Warm regards,\n{my_name}",
        ),
    ),
    Template(
        key="thank_you",
        label="Thank-you note",
        when="Within a day or two of someone helping you.",
        subject="Thank you for {help_received}",
        body=_paragraphs(
            "Dear {their_name},",
            "Thank you for {help_received}. I am {my_name}, {my_background}, and I wanted to tell "
            "you how much your help meant, not only thank you in passing.",
            "It made a real difference. Because of it, I was able to take the next step with much "
            "more confidence, and I now have a clearer idea of how to present my experience to "
            "Interventional Radiology programs.",
            "I also keep coming back to your work on {their_work}. It is a large part of why I "
            "want to train in IR, and seeing how you approach a clinical question has given me a "
            "model for my own research.",
            "I know how many requests you receive, so I am especially grateful that you made time "
            "for mine. Would it be all right if I sent you a short update in a few months, once I "
            "know how things have turned out? I would like you to see where your help led.",
            "If there is ever anything I can do in return, such as helping with data collection "
            "or a literature search, please let me know.",
            "With many thanks,\n{my_name}",
        ),
    ),
    Template(
        key="letter_request",
        label="Request for a letter of recommendation",
        when="Only to a mentor or sponsor who knows your work well: several interactions over "
        "months, including a meeting, rotation or research project together.",
        subject="Request for a letter of recommendation for Interventional Radiology residency",
        body=_paragraphs(
            "Dear {their_name},",
            "I hope you are well. I am {my_name}, {my_background}, and I am now preparing my "
            "applications to Interventional Radiology residency.",
            "Working with you on {their_work} has been the most formative part of my preparation. "
            "Since {last_contact}, {progress}.",
            "Because you have seen my work first-hand, I would like to ask: do you feel you know "
            "my work well enough to write a strong letter of recommendation for my applications? "
            "If so, I would be grateful for {what_i_ask}.",
            "To make this as easy as possible, I will send you my CV, my personal statement and a "
            "one-page summary of what we worked on together, with the dates and my specific "
            "contributions. I can also send the submission instructions and a gentle reminder a "
            "week before the deadline, if that would help.",
            "I completely understand if your schedule does not allow it this season, and I will "
            "be grateful for your guidance either way. Your mentorship has already shaped how I "
            "think about patients and research.",
            "Thank you for considering my request.",
            "Best regards,\n{my_name}",
        ),
    ),
    Template(
        key="resident_advice",
        label="Asking a resident for advice",
        when="To a resident or fellow, ideally one with a path like yours, for an honest view "
        "of the program and the application.",
        subject="An IMG applicant's question about IR training at {institution}",
        body=_paragraphs(
            "Dear {their_name},",
            "I am {my_name}, {my_background}. I am applying to Interventional Radiology residency "
            "this season, and I found your name through {where_met}.",
            "I read about your work on {their_work}, and I was glad to see a resident making time "
            "for research during training. Your path is close to the one I hope to follow, which "
            "is why I am writing to you rather than to the program office.",
            "Would you be open to {what_i_ask}? I have read the program's website and its FAQ, so "
            "I would only ask what they cannot tell me: what helped you most as an applicant, "
            "what the first years of training are really like at {institution}, and what you wish "
            "you had known before you applied.",
            "I know residents have very little free time, so I will keep it brief and fit around "
            "your schedule. If a call is not possible, a few lines by email would help me a great "
            "deal.",
            "Thank you for considering it, and good luck with the rest of your year.",
            "Best regards,\n{my_name}",
        ),
    ),
)

#: The templates, by key, in the order they are offered.
TEMPLATES: Mapping[str, Template] = {t.key: t for t in _TEMPLATES}


@dataclass(frozen=True)
class DraftContext:
    """What fills a template. ``their_work`` defaults to the contact's ``their_work`` and
    ``where_met`` to its ``how_met``; ``last_contact`` comes from the latest interaction."""

    contact: Contact
    my_name: str = ""
    my_background: str = ""  # one line: "an IMG from ... with ..."
    their_work: str | None = None
    where_met: str | None = None
    what_i_ask: str = ""  # a noun phrase: "a two-week observership in your IR service"
    progress: str = ""
    help_received: str = ""
    interactions: Sequence[Interaction] = ()


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    template: str = ""  # the key of the template it was rendered from, if any
    missing: tuple[str, ...] = ()  # placeholders left as [fill in: ...]


_TITLES = frozenset({"dr", "dr.", "doctor", "prof", "prof.", "professor", "mr", "mr.", "ms",
                     "ms.", "mrs", "mrs.", "mx", "mx."})  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_LAST_CONTACT: Mapping[Channel, str] = {
    Channel.EMAIL: "our last email exchange",
    Channel.MEETING: "our meeting",
    Channel.VIDEO_CALL: "our video call",
    Channel.CONFERENCE: "our conversation at the conference",
    Channel.ROTATION_DAY: "my rotation day with you",
    Channel.RESEARCH_UPDATE: "my last research update",
}


def _their_name(contact: Contact) -> str:
    # ``title`` may be a post-nominal ("MD"): only a prefix title goes before the name.
    title = contact.title
    if not title or title.lower() not in _TITLES or contact.name.startswith(title):
        return contact.name
    return f"{title} {contact.name}"


def _last_contact(interactions: Sequence[Interaction]) -> str:
    if not interactions:
        return ""
    last = max(interactions, key=lambda i: i.on)
    return f"{_LAST_CONTACT[last.channel]} on {_MONTHS[last.on.month - 1]} {last.on.day}"


def _values(context: DraftContext) -> dict[str, str]:
    contact = context.contact
    raw = {
        "their_name": _their_name(contact),
        "institution": contact.institution,
        "my_name": context.my_name,
        "my_background": context.my_background,
        "their_work": contact.their_work if context.their_work is None else context.their_work,
        "where_met": contact.how_met if context.where_met is None else context.where_met,
        "what_i_ask": context.what_i_ask,
        "progress": context.progress,
        "help_received": context.help_received,
        "last_contact": _last_contact(context.interactions),
    }
    # The templates end their own sentences: a value's final full stop would double up.
    return {k: v.strip().rstrip(".").strip() if k != "their_name" else v for k, v in raw.items()}


def render(template: Template, context: DraftContext) -> Draft:
    """The template filled from ``context``; each missing value becomes a visible
    ``[fill in: hint]`` marker (listed in ``Draft.missing``) for the user to complete."""
    values = _values(context)
    missing: dict[str, None] = {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if values[name]:
            return values[name]
        missing.setdefault(name, None)
        return f"[fill in: {PLACEHOLDERS[name]}]"

    subject = _PLACEHOLDER.sub(fill, template.subject)
    body = _PLACEHOLDER.sub(fill, template.body)
    return Draft(subject=subject, body=body, template=template.key, missing=tuple(missing))


# --- which templates suit a contact --------------------------------------------------------

# A letter writer must know your work: the advice is several interactions over months,
# including real work together, before asking.
LETTER_MIN_INTERACTIONS = 3
LETTER_MIN_SPAN_DAYS = 60  # "2+ months", counted in days so month lengths never matter
SUBSTANTIVE_CHANNELS = frozenset(
    {Channel.MEETING, Channel.ROTATION_DAY, Channel.RESEARCH_UPDATE, Channel.VIDEO_CALL}
)
_LETTER_RULE = (
    "ask for a letter once they know your work: 3+ interactions over 2+ months, "
    "including a meeting or rotation"
)


@dataclass(frozen=True)
class Offer:
    template: Template
    offered: bool
    reason: str  # why it is offered, or what is missing, in words


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _letter_offer(contact: Contact, history: Sequence[Interaction]) -> tuple[bool, str]:
    close = contact.is_mentor or contact.is_sponsor
    span = (history[-1].on - history[0].on).days if history else 0
    substantive = [i for i in history if i.channel in SUBSTANTIVE_CHANNELS]
    facts = f"you have {plural(len(history), 'interaction')}"
    if len(history) >= 2:
        facts += f" over {plural(span, 'day')}"
    if substantive:
        facts += f", including a {CHANNEL_LABELS[substantive[-1].channel]}"
    elif history:
        facts += ", none of them a meeting, rotation day, research update or video call"
    if not close:
        facts += "; they are not yet your mentor or sponsor"
    ok = (
        close
        and len(history) >= LETTER_MIN_INTERACTIONS
        and span >= LETTER_MIN_SPAN_DAYS
        and bool(substantive)
    )
    if ok:
        return True, f"they know your work: {facts}"
    return False, f"{_LETTER_RULE}; {facts}"


def templates_for(contact: Contact, interactions: Sequence[Interaction]) -> list[Offer]:
    """Every template, in order, each offered or not with the reason in words.
    ``interactions``: this contact's, in any order."""
    history = sorted(interactions, key=lambda i: i.on)
    role = contact.role
    decisions: dict[str, tuple[bool, str]] = {}

    if role in (Role.FACULTY, Role.PROGRAM_DIRECTOR, Role.ASSOCIATE_PD):
        decisions["observership_request"] = (True, "they are faculty: they can host you")
    else:
        decisions["observership_request"] = (
            False,
            "observerships and research places are given by faculty; record their role "
            "if they are faculty",
        )

    conference = [i for i in history if i.channel is Channel.CONFERENCE]
    decisions["conference_follow_up"] = (
        (True, f"you met at a conference on {conference[-1].on.isoformat()}")
        if conference
        else (False, "after you talk with them at a conference")
    )

    decisions["mentor_update"] = (
        (True, "they are your mentor: keep them posted every 2 to 3 months")
        if contact.is_mentor or contact.is_sponsor
        else (False, "for a mentor or sponsor")
    )

    helped = [i for i in history if i.they_helped]
    decisions["thank_you"] = (
        (True, f"they helped you on {helped[-1].on.isoformat()}")
        if helped
        else (False, "after they help you (record it on the interaction)")
    )

    decisions["letter_request"] = _letter_offer(contact, history)

    decisions["resident_advice"] = (
        (True, "they are a resident or fellow: they know what applying is like now")
        if role in (Role.RESIDENT, Role.FELLOW)
        else (False, "for a resident or fellow")
    )

    return [Offer(t, *decisions[key]) for key, t in TEMPLATES.items()]
