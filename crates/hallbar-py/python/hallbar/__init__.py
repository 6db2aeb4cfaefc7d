"""hallbar: the sustainability assurance (hållbarhetssäkring) checks of Swedish regional
development work, embedded in Python.

    import hallbar
    result = hallbar.assess(open("insats.toml").read(), format="toml")
    for f in result["findings"]:
        print(f["kind"], f["goals"], f["title"])

Every call returns plain dicts (findings as hallbar's JSON Schemas describe them). Bad
input raises :class:`HallbarError`, whose ``problems`` name each problem's place.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Iterable, Mapping, Optional, Union

from ._hallbar import Engine as _NativeEngine

__all__ = ["Engine", "HallbarError", "assess", "validate", "report", "portfolio"]

Document = Union[str, Mapping[str, Any]]


class HallbarError(Exception):
    """A request hallbar could not answer: ``kind`` is ``request`` (malformed call),
    ``document`` (the document has errors), ``load`` (an engine file has errors) or
    ``internal``; ``problems`` lists each problem with ``source``, ``level``, ``pointer``,
    ``message``, ``help`` and, where known, ``line`` and ``column``."""

    def __init__(self, kind: str, message: str, problems: list) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.problems = problems


def _answer(text: str) -> dict:
    response = json.loads(text)
    if not response.get("ok"):
        error = response.get("error", {})
        raise HallbarError(error.get("kind", "internal"), error.get("message", ""), error.get("problems", []))
    del response["ok"]
    return response


def _format_of(document: Document, format: Optional[str]) -> Optional[str]:
    if format is not None or not isinstance(document, str):
        return format
    # A text that starts as a JSON object is JSON; anything else is read as TOML.
    return "json" if document.lstrip().startswith("{") else "toml"


def _request(document: Document, format: Optional[str], **extra: Any) -> str:
    if not isinstance(document, (str, Mapping)):
        raise HallbarError("request", "a document is a str (TOML or JSON) or a mapping", [])
    request = {"document": document if isinstance(document, str) else dict(document)}
    fmt = _format_of(document, format)
    if fmt is not None:
        request["format"] = fmt
    request.update({k: v for k, v in extra.items() if v is not None})
    return json.dumps(request, ensure_ascii=False)


class Engine:
    """What documents are checked with: the goal catalogue, rules, goal graph and method
    profiles. ``Engine()`` is the embedded defaults; keyword arguments load a region's own
    files, each given as ``(name, text)``: ``goals``, ``rules`` (layers on the standard set,
    each of which may switch off or change rules below it; ``replace_standard_rules``
    leaves the standard set out), ``interactions`` (one file or a list: layers on the
    standard interactions or the matrix, whose pairs replace the ones below;
    ``replace_standard_interactions`` starts from none), ``matrix`` (``(name, text)`` for
    CSV, ``(name, bytes)`` for an Excel workbook), ``profiles``,
    and ``no_graph``. Build one and reuse it; it is safe to share between threads."""

    def __init__(
        self,
        *,
        goals: Iterable[tuple[str, str]] = (),
        rules: Iterable[tuple[str, str]] = (),
        replace_standard_rules: bool = False,
        interactions: Union[tuple[str, str], Iterable[tuple[str, str]], None] = None,
        replace_standard_interactions: bool = False,
        matrix: Optional[tuple[str, Union[str, bytes]]] = None,
        no_graph: bool = False,
        profiles: Iterable[tuple[str, str]] = (),
    ) -> None:
        def files(pairs: Iterable[tuple[str, str]]) -> list:
            return [{"name": name, "text": text} for name, text in pairs]

        config: dict = {
            "goals": files(goals),
            "rules": files(rules),
            "replace_standard_rules": replace_standard_rules,
            "replace_standard_interactions": replace_standard_interactions,
            "no_graph": no_graph,
            "profiles": files(profiles),
        }
        if interactions is not None:
            one = isinstance(interactions, tuple) and len(interactions) == 2 and isinstance(interactions[0], str)
            config["interactions"] = files([interactions] if one else interactions)
        if matrix is not None:
            name, content = matrix
            if isinstance(content, (bytes, bytearray)):
                config["matrix"] = {"name": name, "base64": base64.b64encode(content).decode("ascii")}
            else:
                config["matrix"] = {"name": name, "text": content}
        try:
            self._native = _NativeEngine(json.dumps(config, ensure_ascii=False))
        except ValueError as e:
            _answer(str(e))
            raise

    def assess(self, document: Document, format: Optional[str] = None, lang: str = "sv") -> dict:
        """Findings (one per conflict), warnings, method status and suggested overall
        assessment of one document (TOML or JSON text, or a mapping)."""
        return _answer(self._native.assess(_request(document, format, lang=lang)))

    def validate(self, document: Document, format: Optional[str] = None) -> dict:
        """``{"valid": bool, "problems": [...]}``: every problem of the document."""
        return _answer(self._native.validate(_request(document, format)))

    def report(self, document: Document, format: Optional[str] = None, lang: str = "sv", output: str = "html") -> str:
        """The decision basis (beslutsunderlag) as ``html``, ``md`` or ``text``."""
        return _answer(self._native.report(_request(document, format, lang=lang, output=output)))["report"]

    def portfolio(self, documents: Iterable[Document], format: Optional[str] = None, top: int = 10) -> dict:
        """The portfolio follow-up of many documents; one that cannot be read is counted
        and named under ``invalid``, not dropped."""
        docs = [d if isinstance(d, str) else dict(d) for d in documents]
        request = {"documents": docs, "top": top}
        if format is None and docs and isinstance(docs[0], str):
            format = _format_of(docs[0], None)
        if format is not None:
            request["format"] = format
        return _answer(self._native.portfolio(json.dumps(request, ensure_ascii=False)))["portfolio"]


_builtin: Optional[Engine] = None


def _engine() -> Engine:
    global _builtin
    if _builtin is None:
        _builtin = Engine()
    return _builtin


def assess(document: Document, format: Optional[str] = None, lang: str = "sv") -> dict:
    """:meth:`Engine.assess` with the embedded defaults."""
    return _engine().assess(document, format, lang)


def validate(document: Document, format: Optional[str] = None) -> dict:
    """:meth:`Engine.validate` with the embedded defaults."""
    return _engine().validate(document, format)


def report(document: Document, format: Optional[str] = None, lang: str = "sv", output: str = "html") -> str:
    """:meth:`Engine.report` with the embedded defaults."""
    return _engine().report(document, format, lang, output)


def portfolio(documents: Iterable[Document], format: Optional[str] = None, top: int = 10) -> dict:
    """:meth:`Engine.portfolio` with the embedded defaults."""
    return _engine().portfolio(documents, format, top)
