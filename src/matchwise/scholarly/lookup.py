"""Optional look-up of a DOI at Crossref or a PMID at PubMed (E-utilities), to fill in an item.

Off unless ``MATCHWISE_LOOKUPS=on``: a look-up sends the identifier to another site, and local
mode promises that nothing leaves the machine otherwise. The interface has a real
implementation (:class:`WebLookup`, through the standard library) and a recorded one for tests
(:class:`RecordedLookup`); offline, a look-up says so and nothing changes.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from matchwise.engine.scholarly.outputs import Output
from matchwise.formats.scholarly.references import ReferenceFileError, parse_references

CROSSREF = "https://api.crossref.org/works/{doi}"
PUBMED = (
    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id={pmid}"
    "&rettype=medline&retmode=text"
)
TIMEOUT_SECONDS = 10
_CSL_TYPES = {
    "journal-article": "article-journal",
    "proceedings-article": "paper-conference",
    "book-chapter": "chapter",
    "posted-content": "webpage",
}


class LookupFailedError(Exception):
    """The look-up gave nothing usable; the message says why, in words."""


class Lookup(Protocol):
    def by_doi(self, doi: str) -> Output: ...
    def by_pmid(self, pmid: str) -> Output: ...


def _http_get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "MatchWise (local app)"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        data: bytes = response.read()
    return data


def crossref_to_csl(message: Mapping[str, Any]) -> dict[str, Any]:
    """Crossref's work record as a CSL-JSON item (Crossref's fields are CSL's, mostly in lists)."""

    def first(key: str) -> Any:
        value = message.get(key)
        return value[0] if isinstance(value, list) and value else value

    item: dict[str, Any] = {
        "id": message.get("DOI", "crossref"),
        "type": _CSL_TYPES.get(str(message.get("type", "")), "article-journal"),
        "title": first("title") or "",
        "author": [
            {k: a[k] for k in ("family", "given") if k in a} for a in message.get("author", [])
        ],
        "container-title": first("short-container-title") or first("container-title") or "",
        "DOI": message.get("DOI", ""),
    }
    for key in ("volume", "issue", "page", "URL"):
        if message.get(key):
            item[key] = message[key]
    issued = message.get("issued") or message.get("published-print") or {}
    if issued.get("date-parts") and issued["date-parts"][0][0]:
        # the year and month ([[2024, 3]]); the day, when there is one, is not kept
        year_month = issued["date-parts"][0][:2]
        item["issued"] = {"date-parts": [[p for p in year_month if p is not None]]}
    return item


class WebLookup:
    """The real look-ups; ``get`` fetches a URL's bytes (the standard library by default)."""

    def __init__(self, get: Callable[[str], bytes] = _http_get) -> None:
        self.get = get

    def _fetch(self, url: str) -> bytes:
        host = urllib.parse.urlsplit(url).hostname
        try:
            return self.get(url)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise LookupFailedError(f"{host} does not know this identifier") from None
            raise LookupFailedError(f"{host} answered {exc.code}: try again later") from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise LookupFailedError(
                f"could not reach {host} (offline?): nothing was changed; enter the item by hand"
            ) from None

    def by_doi(self, doi: str) -> Output:
        doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)
        if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
            example = "10.1016/j.jvir.2024.01.002"
            raise LookupFailedError(f"{doi!r} is not a DOI (they look like {example})")
        data = self._fetch(CROSSREF.format(doi=urllib.parse.quote(doi, safe="/")))
        try:
            message = json.loads(data)["message"]
        except (ValueError, KeyError, TypeError):
            raise LookupFailedError("Crossref's answer could not be read") from None
        csl = json.dumps([crossref_to_csl(message)]).encode("utf-8")
        return self._one(csl, "crossref.json")

    def by_pmid(self, pmid: str) -> Output:
        pmid = pmid.strip()
        if not pmid.isdigit():
            raise LookupFailedError(f"{pmid!r} is not a PubMed id (digits only)")
        data = self._fetch(PUBMED.format(pmid=pmid))
        if not data.strip():
            raise LookupFailedError("PubMed does not know this identifier")
        return self._one(data, "pubmed.nbib")

    @staticmethod
    def _one(data: bytes, name: str) -> Output:
        try:
            read = parse_references(data, name=name)
        except ReferenceFileError as exc:
            reasons = "; ".join(p.message for p in exc.problems[:3])
            raise LookupFailedError(f"the record could not be used: {reasons}") from None
        return read.items[0].output


class RecordedLookup(WebLookup):
    """Answers from recorded responses (URL -> bytes); a URL not recorded is "offline"."""

    def __init__(self, responses: Mapping[str, bytes]) -> None:
        def get(url: str) -> bytes:
            if url not in responses:
                raise urllib.error.URLError("not recorded")
            return responses[url]

        super().__init__(get)


def default_lookup() -> Lookup:
    """The look-up the pages use (tests replace it with a :class:`RecordedLookup`)."""
    return WebLookup()
