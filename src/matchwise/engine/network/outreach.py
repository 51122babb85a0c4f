"""Messages to faculty, program directors and residents: templates, when to use them, a checker.

An IMG applying to Interventional Radiology writes to people who get many such messages. The
advice these rules encode: 150–250 words; a specific subject line; who I am, why *them* (name
their paper, talk or project), what I ask; their name, not "Dear Sir/Madam"; no letter or
position asked of a stranger; no desperate or entitled phrases; attach what you say is attached.

The templates are data (:data:`TEMPLATES`); :func:`render` fills one from a
:class:`DraftContext` and leaves a visible ``[fill in: ...]`` marker for each missing value;
:func:`templates_for` says which templates suit a contact, and why; :func:`check` reviews any
draft, a rendered one or the user's own. Each rendered template passes the checker.

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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from matchwise.engine.network.contacts import (
    CHANNEL_LABELS,
    Channel,
    Contact,
    Interaction,
    Role,
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _letter_offer(contact: Contact, history: Sequence[Interaction]) -> tuple[bool, str]:
    close = contact.is_mentor or contact.is_sponsor
    span = (history[-1].on - history[0].on).days if history else 0
    substantive = [i for i in history if i.channel in SUBSTANTIVE_CHANNELS]
    facts = f"you have {_plural(len(history), 'interaction')}"
    if len(history) >= 2:
        facts += f" over {_plural(span, 'day')}"
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


# --- the checker ---------------------------------------------------------------------------


class Severity(StrEnum):
    WARNING = "warning"  # worth a second look
    PROBLEM = "problem"  # fix before sending


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str  # what was found, in this draft
    why: str  # why it matters, one line


MIN_WORDS = 150
MAX_WORDS = 250

#: Why each check matters, one line each, by finding code.
WHY: Mapping[str, str] = {
    "length": "150–250 words read in a minute on a phone; shorter looks careless, "
    "longer is skimmed or saved for later and forgotten.",
    "vague_subject": "Busy faculty decide from the subject line whether to open a message; "
    "say what it is about and why them.",
    "no_their_work": "Naming their own paper, talk or project shows you chose them; "
    "messages that could go to anyone are the ones left unanswered.",
    "their_work_unknown": "A message that names their paper, talk or project is far more "
    "likely to be answered.",
    "generic_opening": "A form-letter greeting says the message went to many people; use "
    "their title and name.",
    "early_ask": "Asking a stranger for a letter or a place is the quickest way to a no; "
    "ask for advice or an observership first, and for a letter once they know your work.",
    "tone": "Desperate or entitled phrases make a reader uneasy about vouching for you; "
    "be specific, confident and polite.",
    "no_introduction": "A reader who does not know you needs to learn in the first lines "
    "who is writing.",
    "no_ask": "A message without a clear ask leaves them guessing what you want, so it "
    "often gets no answer.",
    "missing_attachment": "Mentioning an attachment that is not there costs you a second "
    "email and looks careless.",
    "unfilled": "A template marker left in the message shows it was a form letter.",
}

_SUBJECT_MIN_WORDS = 4


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that say nothing about a message on their own: a subject of only these is generic.
GENERIC_SUBJECT_WORDS = _words(
    "hello hi hey dear greetings good morning request requesting inquiry enquiry query "
    "question questions opportunity opportunities following follow followup follow-up up "
    "regarding re fw fwd urgent important help kind kindly attention sir madam doctor dr "
    "a an the for of to about from my your in on and please application applicant"
)

#: Greetings that could open any form letter (matched on the first line of the body).
GENERIC_OPENINGS: tuple[str, ...] = (
    r"dear\s+sir\s*(?:/|or)\s*madam",
    r"dear\s+(?:sir|madam|ma'?am)\b",
    r"to\s+whom\s+it\s+may\s+concern",
    r"(?:hello|hi|respected|good\s+(?:morning|afternoon|evening))\s+(?:sir|madam|ma'?am)\b",
    r"respected\s+(?:sir|madam|professor|doctor|dr)\b",
    # a title with no name after it: "Dear Doctor," but not "Dear Doctor Rao,"
    r"(?:dear|hello|hi|respected)\s+(?:doctor|dr\.?|professor|prof\.?|faculty|all|colleague)"
    r"\s*[,:!.]?\s*$",
)

#: Desperate or entitled phrases: each one found is quoted back.
TONE_PHRASES: tuple[str, ...] = (
    r"i\s+will\s+do\s+anything",
    r"i'?ll\s+do\s+anything",
    r"desperate(?:ly)?",
    r"please\s+help\s+me",
    r"i\s+deserve",
    r"you\s+must",
    r"guarantee[sd]?",
    r"any\s+position",
    r"begging",
    r"i\s+beg",
    r"i\s+am\s+sure\s+you\s+will",
    r"kindly\s+do\s+the\s+needful",
    r"(?:it\s+(?:is|has\s+been)\s+)?my\s+dream\s+since\s+childhood",
    r"my\s+(?:only|last)\s+hope",
    r"i\s+have\s+no\s+other\s+(?:option|choice)",
)

#: Asks that need a relationship first: never in a first message.
EARLY_ASKS: tuple[str, ...] = (
    r"letters?\s+of\s+(?:recommendation|reference|support)",
    r"(?:recommendation|reference)\s+letters?",
    r"\bLoRs?\b",
    r"(?:residency|training|resident|fellowship)\s+(?:position|spot|slot|place)s?",
    r"(?:position|spot|slot|place)\s+(?:in|at|with)\s+your\s+(?:program|programme|department"
    r"|residency|team)",
    r"rank\s+me",
)

_INTRODUCTION = re.compile(
    # "I am an IMG", "I'm Sam": a name or a description, not "I am writing" or "I am grateful".
    r"\b(?:[Mm]y name is|I am|I'm|I’m)\s+(?:an?\b|[A-Z])"
)
ASK_PHRASES: tuple[str, ...] = (
    r"would\s+you",
    r"could\s+you",
    r"could\s+i",
    r"may\s+i",
    r"might\s+i",
    r"would\s+it\s+be\s+possible",
    r"i\s+would\s+be\s+grateful",
    r"i'?d\s+be\s+grateful",
    r"i\s+would\s+(?:really\s+)?appreciate",
    r"i'?d\s+appreciate",
    r"i\s+would\s+like\s+to\s+ask",
    r"i\s+am\s+writing\s+to\s+ask",
    r"(?:i\s+am|i'?m|i\s+was)\s+hoping",
    r"if\s+you\s+(?:are|would\s+be)\s+open\s+to",
)
ATTACHMENT_MENTIONS: tuple[str, ...] = (
    # "attached to the IR unit" is how many IMGs describe a clinical post, not a file.
    r"\battached\b(?!\s+to\b)",
    r"\battach(?:ing|ment|ments)?\b",
    r"\benclosed\b",
    r"please\s+find\s+(?:my|the|enclosed|attached)\b",
)

_FILL_IN = re.compile(r"\[fill in: ([^\]]*)\]")


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _tone_pattern() -> re.Pattern[str]:
    return re.compile("|".join(rf"\b(?:{p})\b" for p in TONE_PHRASES), re.IGNORECASE | re.MULTILINE)


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of non-space holding a letter or a digit."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def _normalise_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


# --- their work: which words of it a message must name ---

# Words that name no particular piece of work: function words, IR and research vocabulary
# every applicant uses, journals and societies. What is left (e.g. "genicular", "PAE") is
# what shows the sender read *their* work.
_NOT_THEIR_WORK = _words(
    """a an the and or of on in for to with by at from about into via vs versus using after
    before during between among through under over within without their your his her its our
    my this that these those is are was were be new novel first role use based
    interventional radiology radiologist radiologists ir sir rsna cirse jvir ajr cvir
    image-guided imaging ct mri us ultrasound img imgs usmle eras md phd
    paper papers talk talks project projects work works study studies research researcher
    article articles review reviews lecture lectures presentation presentations poster posters
    abstract abstracts keynote session meeting conference annual journal society grand rounds
    podcast video case report series trial trials analysis outcome outcomes result results
    experience patient patients treatment management approach technique techniques procedure
    procedures comparison evaluation assessment efficacy safety effect effects impact clinical
    residency resident residents program training medicine medical hospital university
    department center centre retrospective prospective single multicenter systematic"""
)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")


def _norm(token: str) -> str:
    word = _normalise_quotes(token).lower()
    word = word.removesuffix("'s")
    word = word.replace("-", "").replace("'", "")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # plural: "embolizations" names the same thing as "embolization"
    return word


def _is_abbreviation(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    has_digit = any(c.isdigit() for c in token)
    return (len(letters) >= 2 and all(c.isupper() for c in letters)) or (
        has_digit and bool(letters)
    )


def _work_items(their_work: str) -> list[dict[str, int]]:
    """Each item of ``their_work`` (split on ; | • and new lines) as its distinctive terms,
    weighted: an abbreviation ("PAE", "Y-90") names a piece of work alone (2), a word with
    another (1 each)."""
    items = []
    for part in re.split(r"[;|•\n]+", their_work):
        terms: dict[str, int] = {}
        for token in _TOKEN.findall(part):
            word = _norm(token)
            if word.isdigit() or word in _NOT_THEIR_WORK:
                continue
            if _is_abbreviation(token):
                terms[word] = 2
            elif len(word) >= 3:
                terms.setdefault(word, 1)
        if terms:
            items.append(terms)
    return items


def _names_their_work(text: str, items: Sequence[Mapping[str, int]]) -> bool:
    words = {_norm(t) for t in _TOKEN.findall(text)}
    for terms in items:
        found = sum(weight for term, weight in terms.items() if term in words)
        if found >= min(2, sum(terms.values())):
            return True
    return False


# --- the checks, one function each ---


def _check_length(draft: Draft) -> list[Finding]:
    n = word_count(draft.body)
    if MIN_WORDS <= n <= MAX_WORDS:
        return []
    side = "short" if n < MIN_WORDS else "long"
    message = f"The body has {n} words: too {side} (aim for {MIN_WORDS}–{MAX_WORDS})."
    return [Finding("length", Severity.WARNING, message, WHY["length"])]


def _check_subject(draft: Draft) -> list[Finding]:
    subject = draft.subject.strip()
    words = [w.lower() for w in _TOKEN.findall(subject)]
    if not words:
        return [Finding("vague_subject", Severity.PROBLEM, "No subject.", WHY["vague_subject"])]
    if all(w in GENERIC_SUBJECT_WORDS for w in words):
        message = f"The subject “{subject}” is generic: say what you ask and why them."
    elif len(words) < _SUBJECT_MIN_WORDS:
        message = (
            f"The subject “{subject}” has {_plural(len(words), 'word')}: "
            "say what you ask and why them."
        )
    else:
        return []
    return [Finding("vague_subject", Severity.WARNING, message, WHY["vague_subject"])]


def _check_their_work(draft: Draft, their_work: str) -> list[Finding]:
    if not their_work.strip():
        message = "No work of theirs is recorded: add a paper, talk or project to the contact."
        return [Finding("their_work_unknown", Severity.WARNING, message, WHY["their_work_unknown"])]
    items = _work_items(their_work)
    if not items:
        message = (
            f"Their work is recorded as “{their_work}”, which names nothing specific: record "
            "the paper, talk or project on the contact."
        )
        return [Finding("their_work_unknown", Severity.WARNING, message, WHY["their_work_unknown"])]
    if _names_their_work(f"{draft.subject}\n{draft.body}", items):
        return []
    shown = their_work if len(their_work) <= 80 else their_work[:79] + "…"
    message = f"The message does not name their work (recorded: “{shown}”)."
    return [Finding("no_their_work", Severity.PROBLEM, message, WHY["no_their_work"])]


def _check_opening(draft: Draft) -> list[Finding]:
    lines = [line.strip() for line in draft.body.splitlines() if line.strip()]
    if not lines:
        return []
    first = _normalise_quotes(lines[0])
    match = _compile([rf"^\s*(?:{p})" for p in GENERIC_OPENINGS]).search(first)
    if match is None:
        return []
    message = f"The greeting “{match.group(0).strip()}” could open any form letter."
    return [Finding("generic_opening", Severity.PROBLEM, message, WHY["generic_opening"])]


def _check_early_ask(draft: Draft, interactions: Sequence[Interaction]) -> list[Finding]:
    if interactions:
        return []
    text = f"{draft.subject}\n{draft.body}"
    found = [m.group(0) for m in _compile([rf"\b{p}\b" for p in EARLY_ASKS]).finditer(text)]
    if not found:
        return []
    quoted = ", ".join(f"“{f}”" for f in dict.fromkeys(found))
    message = f"A first message asks for {quoted}: no interaction with them is recorded yet."
    return [Finding("early_ask", Severity.PROBLEM, message, WHY["early_ask"])]


def _check_tone(draft: Draft) -> list[Finding]:
    text = _normalise_quotes(f"{draft.subject}\n{draft.body}")
    found = dict.fromkeys(m.group(0) for m in _tone_pattern().finditer(text))
    return [
        Finding("tone", Severity.PROBLEM, f"“{phrase}” sounds desperate or entitled.", WHY["tone"])
        for phrase in found
    ]


def _check_structure(draft: Draft, contact: Contact) -> list[Finding]:
    findings = []
    body = _normalise_quotes(draft.body)
    # A mentor or sponsor knows who is writing; anyone else may not remember you.
    if not (contact.is_mentor or contact.is_sponsor) and not _INTRODUCTION.search(body):
        message = "The message does not say who you are (e.g. “I am …, an IMG from …”)."
        findings.append(
            Finding("no_introduction", Severity.WARNING, message, WHY["no_introduction"])
        )
    if "?" not in body and not _compile(ASK_PHRASES).search(body):
        message = "There is no clear ask: no question, no “would you …” or “I would be grateful”."
        findings.append(Finding("no_ask", Severity.WARNING, message, WHY["no_ask"]))
    return findings


def _check_attachments(draft: Draft, attachments: Sequence[str]) -> list[Finding]:
    if attachments:
        return []
    text = _normalise_quotes(f"{draft.subject}\n{draft.body}")
    match = _compile(ATTACHMENT_MENTIONS).search(text)
    if match is None:
        return []
    message = f"The message mentions an attachment (“{match.group(0)}”) but none is attached."
    return [Finding("missing_attachment", Severity.PROBLEM, message, WHY["missing_attachment"])]


def _check_unfilled(draft: Draft) -> list[Finding]:
    hints = dict.fromkeys(_FILL_IN.findall(f"{draft.subject}\n{draft.body}"))
    if not hints:
        return []
    message = "Still to fill in: " + "; ".join(hints) + "."
    return [Finding("unfilled", Severity.PROBLEM, message, WHY["unfilled"])]


def check(
    draft: Draft,
    *,
    contact: Contact,
    interactions: Sequence[Interaction],
    attachments: Sequence[str] = (),
    their_work: str | None = None,
) -> list[Finding]:
    """What to fix before sending ``draft`` to ``contact``, in the order a reader meets it.
    ``interactions``: with this contact before this message (none: a first message);
    ``attachments``: file names attached; ``their_work`` defaults to the contact's."""
    work = contact.their_work if their_work is None else their_work
    return [
        *_check_length(draft),
        *_check_subject(draft),
        *_check_their_work(draft, work),
        *_check_opening(draft),
        *_check_early_ask(draft, interactions),
        *_check_tone(draft),
        *_check_structure(draft, contact),
        *_check_attachments(draft, attachments),
        *_check_unfilled(draft),
    ]
