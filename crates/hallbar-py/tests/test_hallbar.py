"""The Python binding as a regional system uses it (run by scripts/python-smoke.sh)."""

import json
import pathlib
import threading

import pytest

import hallbar

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "fixtures" / "insatser"


def example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_assess_returns_plain_dicts_with_one_finding_per_conflict():
    result = hallbar.assess(example("turism-fjall.toml"))
    assert result["insats"] == "fjallturism-2027"
    assert isinstance(result["findings"], list)
    pair = [f for f in result["findings"] if f["kind"] == "malkonflikt" and f["goals"] == ["8.9", "13"]]
    assert len(pair) == 1
    assert pair[0]["rule"] == "turism-klimat-ekosystem"
    assert "tillvaxt-klimat" in pair[0]["rules"]
    assert result["status"]["steps"]
    json.dumps(result)  # nothing but JSON values


def test_every_example_assesses_the_same_as_a_json_object():
    for path in sorted(EXAMPLES.glob("*.toml")):
        as_text = hallbar.assess(path.read_text(encoding="utf-8"), format="toml")
        assert as_text["findings"], path.name


def test_a_bad_document_raises_with_every_problem_and_its_place():
    text = example("turism-fjall.toml").replace('mal = "8.9"', 'mal = "18"', 1)
    with pytest.raises(hallbar.HallbarError) as e:
        hallbar.assess(text)
    assert e.value.kind == "document"
    problem = e.value.problems[0]
    assert problem["pointer"] == "/effekter/0/mal"
    assert problem["line"] > 1 and problem["column"] > 1
    assert "`18`" in problem["message"]


@pytest.mark.parametrize("bad", [42, None, ["x"]])
def test_a_document_of_the_wrong_type_raises(bad):
    with pytest.raises(hallbar.HallbarError) as e:
        hallbar.assess(bad)
    assert e.value.kind == "request"


def test_validate_lists_problems_without_raising():
    result = hallbar.validate({"format_version": 1, "insats": {"id": "x"}})
    assert result["valid"] is False
    assert result["problems"]


def test_report_renders_the_decision_basis():
    html = hallbar.report(example("laddinfrastruktur.toml"))
    assert html.startswith("<!DOCTYPE html>") or "<html" in html
    md = hallbar.report(example("laddinfrastruktur.toml"), output="md", lang="en")
    assert md.lstrip().startswith("#")


def test_portfolio_over_an_iterable_counts_what_it_cannot_read():
    docs = (example(p.name) for p in sorted(EXAMPLES.glob("*.toml")))
    result = hallbar.portfolio(list(docs) + ["x = "], format="toml")
    assert result["insatser"] == 6
    assert result["invalid"]["count"] == 1


def test_an_engine_of_own_rules_or_every_problem_of_them():
    with pytest.raises(hallbar.HallbarError) as e:
        hallbar.Engine(rules=[("vara.toml", 'format_version = 1\n[[regel]]\nid = "x"\n')])
    assert e.value.kind == "load"
    assert {p["source"] for p in e.value.problems} == {"vara.toml"}
    engine = hallbar.Engine(no_graph=True)
    result = engine.assess(example("turism-fjall.toml"))
    assert all(f["source"] != "graph" for f in result["findings"])


def test_one_engine_serves_threads():
    engine = hallbar.Engine()
    text = example("vaginvestering.toml")
    counts = []

    def work():
        counts.append(len(engine.assess(text)["findings"]))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(counts)) == 1 and len(counts) == 4


REGION_INTERACTIONS = """format_version = 1
om = { namn = "Region Ett" }

[[interaktion]]
fran = "7.2"
till = "15.5"
poang = 0
motivering = "Laddinfrastrukturen byggs i redan hårdgjord mark."
sakerhet = "medel"
kalla = "Workshop 2026-11-20"
"""


def test_interaction_files_are_layers_on_the_standard_interactions():
    def graph_pairs(engine):
        found = engine.assess(example("laddinfrastruktur.toml"))["findings"]
        return [f["goals"] for f in found if f["source"] == "graph"]

    standard = graph_pairs(hallbar.Engine())
    assert ["7.2", "15.5"] in standard
    for interactions in [("region.toml", REGION_INTERACTIONS), [("region.toml", REGION_INTERACTIONS)]]:
        layered = graph_pairs(hallbar.Engine(interactions=interactions))
        assert ["7.2", "15.5"] not in layered
        assert len(layered) == len(standard) - 1
    alone = hallbar.Engine(interactions=("region.toml", REGION_INTERACTIONS), replace_standard_interactions=True)
    assert graph_pairs(alone) == []


def test_a_matrix_from_an_excel_workbook_infers_as_the_same_matrix_from_csv():
    graph = ROOT / "fixtures" / "graph"
    csv = (graph / "exempel-matris.csv").read_text(encoding="utf-8")
    xlsx = (graph / "exempel-matris.xlsx").read_bytes()

    def inferred(engine):
        found = engine.assess(example("vindkraft-renskotsel.toml"))["findings"]
        return [f["title"] for f in found if f["source"] == "graph"]

    from_csv = inferred(hallbar.Engine(matrix=("exempel-matris.csv", csv)))
    assert from_csv == ["Möjlig indirekt synergi: 7.2 → 13.2"]
    assert inferred(hallbar.Engine(matrix=("exempel-matris.xlsx", xlsx))) == from_csv
    with pytest.raises(hallbar.HallbarError) as e:
        hallbar.Engine(matrix=("trasig.xlsx", b"not a workbook"))
    assert e.value.kind == "load"
    assert "not an .xlsx workbook" in str(e.value)
