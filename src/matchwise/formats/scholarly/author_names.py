"""Authors' names as reference files write them, and the applicant among them.

Names become a family name and initials: "Ana K. Rao" and "Rao, Ana Kumari" are Rao AK,
particles stay with the family ("van der Berg"), and so do Jr, Sr, II-IV ("Smith Jr"). A
hyphenated given name gives its initials without the hyphen ("Jean-Pierre" is JP, as PubMed's AU
writes it), but initials written with one ("J.-P.") keep it (J-P). Up to three capitals with
no lower case ("AK") are read as initials; a longer all-capital word as a name. Every reader
collapses a run of white space inside an author's name to one space.

The applicant: ``me`` lists the user's confirmed ways of writing their name ("Okafor S", "Samuel
Okafor"); ``my_position`` is the first author whose family name matches one (accents, case and
punctuation aside) and whose initials begin with the variant's, or the variant's with theirs.
:func:`name_variants` suggests the variants a file holds. A position that MatchWise wrote into
the file itself (:mod:`matchwise.formats.scholarly.own_fields`) is kept instead.

>>> author_from_name("Jean-Pierre van der Berg")
Author(family='van der Berg', initials='JP')
>>> author_from_name("Rao, Ana Kumari"), author_from_name("Okafor SO")
(Author(family='Rao', initials='AK'), Author(family='Okafor', initials='SO'))
>>> find_my_position([Author(family="Rao", initials="A"), Author(family="Okafor", initials="SO")],
...                  ["Samuel Okafor"])
2
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from matchwise.engine.scholarly.outputs import Author

_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le"}
    | {"ter", "ten", "bin", "ibn", "al", "el", "af", "zu", "op", "st", "st."}
)
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _generation(word: str) -> bool:
    return word.lower().rstrip(".") in _GENERATIONS


def _looks_like_initials(word: str) -> bool:
    bare = word.replace(".", "").replace("-", "")
    return 0 < len(bare) <= 3 and bare.isalpha() and bare.isupper()


def _first_letter(word: str) -> str:
    return next((c for c in word if c.isalpha()), "").upper()


def initials_of(given: str) -> str:
    """Initials from given names: "Ana Kumari" AK, "A. K." AK, "AK" AK, "Jean-Pierre" JP (NLM's
    rule), "J.-P." J-P (initials written with a hyphen keep it)."""
    letters: list[str] = []
    for token in given.split():
        bare = token.replace(".", "")
        parts = bare.split("-")
        if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):
            letters.append("-".join(parts).upper())
        elif "-" not in bare and _looks_like_initials(bare):
            letters.append(bare)
        else:
            letters.append("".join(_first_letter(p) for p in parts))
    return "".join(letters)


def split_name(text: str) -> tuple[str, str]:
    """(family, given) from "Family, Given", "Family, Jr, Given", "Given Family" or PubMed's
    "Family AK"; a generation (Jr, III) stays with the family."""
    text = " ".join(text.split())
    if "," in text:
        family, _, rest = text.partition(",")
        parts = [p.strip() for p in rest.split(",") if p.strip()]
        given = " ".join(p for p in parts if not _generation(p))
        return " ".join([family.strip(), *(p for p in parts if _generation(p))]).strip(), given
    words = text.split()
    generations: list[str] = []
    while len(words) > 1 and _generation(words[-1]):
        generations.insert(0, words.pop())
    if len(words) <= 1:
        return " ".join(words + generations), ""
    if _looks_like_initials(words[-1]):  # PubMed's "Rao AK"
        return " ".join(words[:-1] + generations), words[-1]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:] + generations), " ".join(words[:start])


def author_from_parts(family: str, given: str) -> Author:
    family = " ".join(family.split())
    if not family:
        raise ValueError("a family name (write Family, Given or Given Family)")
    if len(family) > 120:
        raise ValueError("a family name of at most 120 characters")
    initials = initials_of(given)
    if len(initials) > 12:
        raise ValueError("at most 12 initials")
    return Author(family=family, initials=initials)


def author_from_name(text: str) -> Author:
    """An :class:`Author` from a name as files and people write it (see the module's rules);
    raises ValueError when there is no family name."""
    return author_from_parts(*split_name(text))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalpha()).casefold()


def family_key(family: str) -> str:
    words = [w for w in family.split() if not _generation(w)] or family.split()
    return _plain(" ".join(words))


def _variants(me: Sequence[str] | str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for text in [me] if isinstance(me, str) else me:
        try:
            author = author_from_name(text)
        except ValueError:
            continue
        found.append((family_key(author.family), _plain(author.initials)))
    return found


def find_my_position(authors: Sequence[Author], me: Sequence[str]) -> int | None:
    """The place (1 = first) of the first author who is one of the applicant's name variants
    ``me``: the same family name, initials that begin with the variant's or it with theirs."""
    variants = _variants(me)
    for position, author in enumerate(authors, start=1):
        family, initials = family_key(author.family), _plain(author.initials)
        for their_family, their_initials in variants:
            if family == their_family and (
                initials.startswith(their_initials) or their_initials.startswith(initials)
            ):
                return position
    return None


def name_variants(authors_seen: Iterable[str], name: str) -> list[str]:
    """The distinct names among ``authors_seen`` (e.g. every :attr:`ImportedOutput.authors` of
    a file) that share a family name with ``name``, in the order first seen, for the user to
    confirm once as ``me``. Spellings that differ only in case, accents or punctuation count once.

    >>> name_variants(["Rao, Ana", "Okafor, Samuel O.", "Okafor S", "Okafor, Samuel O",
    ...                "Okafor, Chidi"], "Samuel Okafor")
    ['Okafor, Samuel O.', 'Okafor S', 'Okafor, Chidi']
    """
    try:
        target = family_key(author_from_name(name).family)
    except ValueError:
        return []
    found: dict[str, str] = {}
    for raw in authors_seen:
        text = " ".join(raw.split())
        try:
            family = family_key(author_from_name(text).family)
        except ValueError:
            continue
        spelling = " ".join(_plain(w) for w in re.split(r"[\s,.]+", text) if _plain(w))
        if family == target and spelling not in found:
            found[spelling] = text
    return list(found.values())


def given_from_initials(initials: str) -> str:
    """Initials as a given name that :func:`initials_of` reads back: AK "A. K.", J-P "J.-P."."""
    groups = re.findall(r"[^-](?:-[^-])*", initials)
    return " ".join("-".join(f"{c}." for c in g.split("-")) for g in groups)
