from typing import Any, Iterable, Literal, Mapping, Optional, TypedDict, Union

Document = Union[str, Mapping[str, Any]]
Format = Literal["toml", "json"]
Lang = Literal["sv", "en"]
Kind = Literal["malkonflikt", "intressekonflikt", "synergi", "kunskapslucka", "saknad_intressent", "ofullstandig", "uppfoljning"]

class Evidence(TypedDict):
    pointer: str
    text: str

class Suggestions(TypedDict, total=False):
    nycklar: list[str]
    atgarder: list[str]
    indikatorer: list[str]

class _FindingRequired(TypedDict):
    kind: Kind
    severity: Literal["info", "varning", "allvarlig"]
    goals: list[str]
    source: Literal["rule", "graph", "method", "followup"]
    rules: list[str]
    title: str
    explanation: str
    evidence: list[Evidence]

class Finding(_FindingRequired, total=False):
    rule: str
    paths: list[list[str]]
    sources: list[str]
    suggestions: Suggestions

class Problem(TypedDict, total=False):
    source: str
    level: Literal["error", "warning"]
    pointer: str
    message: str
    help: str
    line: int
    column: int

class Assessment(TypedDict):
    insats: str
    findings: list[Finding]
    warnings: list[Problem]
    status: dict[str, Any]
    suggested: list[dict[str, Any]]

class Validation(TypedDict):
    valid: bool
    problems: list[Problem]

class HallbarError(Exception):
    kind: Literal["request", "document", "load", "internal"]
    message: str
    problems: list[Problem]

class Engine:
    def __init__(
        self,
        *,
        goals: Iterable[tuple[str, str]] = ...,
        rules: Iterable[tuple[str, str]] = ...,
        replace_standard_rules: bool = ...,
        interactions: Union[tuple[str, str], Iterable[tuple[str, str]], None] = ...,
        replace_standard_interactions: bool = ...,
        matrix: Optional[tuple[str, Union[str, bytes]]] = ...,
        no_graph: bool = ...,
        profiles: Iterable[tuple[str, str]] = ...,
    ) -> None: ...
    def assess(self, document: Document, format: Optional[Format] = ..., lang: Lang = ...) -> Assessment: ...
    def validate(self, document: Document, format: Optional[Format] = ...) -> Validation: ...
    def report(self, document: Document, format: Optional[Format] = ..., lang: Lang = ..., output: Literal["html", "md", "text"] = ...) -> str: ...
    def portfolio(self, documents: Iterable[Document], format: Optional[Format] = ..., top: int = ...) -> dict[str, Any]: ...

def assess(document: Document, format: Optional[Format] = ..., lang: Lang = ...) -> Assessment: ...
def validate(document: Document, format: Optional[Format] = ...) -> Validation: ...
def report(document: Document, format: Optional[Format] = ..., lang: Lang = ..., output: Literal["html", "md", "text"] = ...) -> str: ...
def portfolio(documents: Iterable[Document], format: Optional[Format] = ..., top: int = ...) -> dict[str, Any]: ...
