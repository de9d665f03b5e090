"""`extract raw/ output/` on the seed, checked against the hand-labelled gold; invariants; bad input."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.conftest import FIXTURES, SEED
from pipeline.cli import main
from pipeline.evaluate import load_gold

pytestmark = pytest.mark.model


def test_every_seed_quantity_found_with_value_and_qualifier_and_nothing_else(seed_run: Path) -> None:
    gold = [r for r in load_gold(FIXTURES / "gold")[SEED.name] if r["type"] == "quantity"]
    got = pq.read_table(seed_run / "quantities.parquet").to_pylist()
    assert len(gold) == 35
    assert {(q["char_start"], q["char_end"]) for q in got} == {(g["start"], g["end"]) for g in gold}
    by_span = {(q["char_start"], q["char_end"]): q for q in got}
    for g in gold:
        q = by_span[(g["start"], g["end"])]
        assert (q["value"], q["qualifier"] or "") == (g["value"], g["qualifier"]), g["text"]  # no qualifier: null
        assert q["unit"] == g["unit"], g["text"]


def test_text_invariant_holds_on_every_row(seed_run: Path) -> None:
    docs = {d["doc_id"]: d for d in pq.read_table(seed_run / "documents.parquet").to_pylist()}
    assert docs and all(d["text"] == SEED.read_text(encoding="utf-8") for d in docs.values())
    for q in pq.read_table(seed_run / "quantities.parquet").to_pylist():
        text = docs[q["doc_id"]]["text"]
        assert text[q["char_start"]:q["char_end"]] == q["text"]
        if q["qualifier"]:
            assert text[q["qualifier_start"]:q["qualifier_end"]].lower() == q["qualifier"]
        if q["entity"]:
            assert text[q["entity_start"]:q["entity_end"]] == q["entity"]
        assert q["sentence_start"] <= q["char_start"] < q["char_end"] <= q["sentence_end"]


def test_seed_documents_and_sections_tables(seed_run: Path) -> None:
    (doc,) = pq.read_table(seed_run / "documents.parquet").to_pylist()
    assert (doc["doc_number"], doc["posted_date"], doc["release_date"]) == ("18082131", date(2018, 8, 21),
                                                                          date(2018, 8, 20))
    assert doc["source_path"] == SEED.name and doc["format"] == "text"
    sections = pq.read_table(seed_run / "sections.parquet").to_pylist()
    assert [s["heading"] for s in sections] == ["Bottom Line", "First", "Second", "Third", "Fourth", "Finally"]


def test_stamp_numbers_and_dates_never_reported(seed_run: Path) -> None:
    texts = {q["text"] for q in pq.read_table(seed_run / "quantities.parquet").to_pylist()}
    assert not texts & {"18082131", "8/21/18", "2017", "2003", "2018", "13", "20"}


def test_same_input_gives_identical_tables(seed_run: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    assert main([str(raw), str(tmp_path / "out"), "--quiet"]) == 0
    for name in ("documents", "sections", "quantities"):
        assert pq.read_table(tmp_path / "out" / f"{name}.parquet").equals(pq.read_table(seed_run / f"{name}.parquet"))


def test_bad_files_are_reported_and_the_rest_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    (raw / "latin1.txt").write_bytes("Caf\xe9 seized 12 pounds".encode("latin-1"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    assert main([str(raw), str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("extract: error: ") for line in err)
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert sorted(e["source_path"] for e in errors) == ["empty.txt", "latin1.txt", "notes.docx"]
    assert len(pq.read_table(tmp_path / "out" / "quantities.parquet")) == 35


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main([str(tmp_path / "missing"), str(tmp_path / "out")]) == 2
    assert main([]) == 2


def test_an_input_folder_named_like_a_command_is_processed_with_run(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("evaluate", "report", "run"):
        Path(name).mkdir()
        shutil.copy(SEED, Path(name) / SEED.name)
        assert main(["run", name, f"out-{name}", "--quiet", "--workers", "1"]) == 0
        assert len(pq.read_table(tmp_path / f"out-{name}" / "quantities.parquet")) == 35
    assert main(["evaluate/", "out-slash", "--quiet", "--workers", "1"]) == 0  # not the command: a folder
    assert len(pq.read_table(tmp_path / "out-slash" / "quantities.parquet")) == 35


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0 and "{run,evaluate,report}" in capsys.readouterr().out
    assert main(["run", "--help"]) == 0 and "input" in capsys.readouterr().out


def test_evaluate_command_prints_scores(seed_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(seed_run), str(FIXTURES / "gold"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["overall"]
    assert scores["f1"] == 1.0 and scores["value"] == 1.0 and scores["qualifier"] == 1.0


@pytest.mark.model
def test_a_document_whose_rules_fail_does_not_shift_the_others(tmp_path: Path, nlp: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's Docs are handed out one at a time across documents: when the rules stop partway through one
    document, the Docs it did not reach must not be given to the next document."""
    from pipeline.entities import assemble as quantify
    from pipeline.run import document as run

    texts = {"a.txt": "Police seized 12 kilograms.\n\nThey arrested 3 men.\n\nThe fine was $500.",
             "b.txt": "Officers found 40 rifles.\n\nAbout 7 people fled.\n\nThe case took 2 years.",
             "c.txt": "More than 900 cases closed.\n\nNearly 15 percent were appeals."}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    items = [(tmp_path / name, name) for name in texts]
    alone = {name: run.process_files([(tmp_path / name, name)], nlp)[0] for name in texts}
    real = quantify.quantities_from_docs

    def failing(structure: Any, pieces: Any) -> Any:
        if "rifles" in structure.masked:
            next(iter(pieces))  # takes one Doc, then fails
            raise ValueError("rule failed")
        return real(structure, pieces)

    monkeypatch.setattr(run, "BATCH_CHARS", 30)  # a batch per piece or two: the Docs really are streamed
    monkeypatch.setattr(quantify, "quantities_from_docs", failing)
    a, b, c = run.process_files(items, nlp)
    assert [e["error_type"] for e in b.errors] == ["ValueError"] and not b.quantities
    assert a.quantities == alone["a.txt"].quantities
    assert c.quantities == alone["c.txt"].quantities != []


def test_the_warmed_tokenizer_reads_every_release_as_a_cold_one(nlp: Any) -> None:
    """The common chunks tokenized at load (pipeline/lexicon/data/common_chunks.json) change speed only: inside a memory
    zone, as a run reads, the warmed model gives the same tokens, tags, parse and entities as a cold one."""
    from pipeline.nlp.load import common_chunks, load

    assert len(common_chunks()) > 1000
    cold = load(warmed=False)
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "dev" / "raw").glob("*.txt"))]
    assert texts

    def read(model: Any) -> list[Any]:
        with model.memory_zone():
            return [[(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] for doc in model.pipe(texts)]

    assert read(nlp) == read(cold)
    assert len(nlp.vocab) > len(cold.vocab) + 1000  # the warmed words stayed; the cold model's left with the zone


def test_the_recognizer_reads_one_in_a_window_as_in_the_whole_piece(nlp: Any) -> None:
    """parse() runs the NER on ten tokens each side of 'one' only; on every labelled release, each 'one' gets the
    label the NER gives it when it reads the whole piece."""
    from pipeline.quantities.pieces import wanted
    from pipeline.nlp.parse import needs_ner, parse
    from pipeline.nlp.reads import model_text
    from pipeline.structure.sections import analyse

    texts = []
    for path in sorted(FIXTURES.glob("*/raw/*.txt")):
        structure = analyse(path.read_text(encoding="utf-8", errors="replace"))
        texts += [model_text(p.text) for p in wanted(structure, structure.blocks) if needs_ner(p.text)]
    ones = [(a.ent_type_, b.ent_type_) for windowed, whole in zip(parse(nlp, texts), nlp.pipe(texts))
            for a, b in zip(windowed, whole) if a.lower_ == "one"]
    assert len(ones) > 50
    assert all(a == b for a, b in ones)
