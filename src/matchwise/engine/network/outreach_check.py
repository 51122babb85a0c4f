"""The checker of a message to faculty, program directors and residents: what to fix before
sending it.

An IMG applying to Interventional Radiology writes to people who get many such messages. The
advice these rules encode: 150–250 words; a specific subject line; who I am, why *them* (name
their paper, talk or project), what I ask; their name, not "Dear Sir/Madam"; no letter or
position asked of a stranger; no desperate or entitled phrases; attach what you say is attached.

:func:`check` reviews any draft, a rendered template or the user's own, and says with each
finding why it matters (:data:`WHY`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.engine.network.outreach_templates import Draft, plural


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

# the marker that rendering a template leaves for each missing value
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
            f"The subject “{subject}” has {plural(len(words), 'word')}: "
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
