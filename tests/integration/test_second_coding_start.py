"""`studykit second-coding --data A --out B STUDY...`: coder B's blind start holds the codebook, the chosen
studies' sources and their study files without A's coding; agreement then compares only what B finished."""

from __future__ import annotations

import json
import shutil

import yaml
from click.testing import CliRunner

from studykit.cli import cli
from studykit.corpus.load import validate_corpus
from studykit.paths import DATA_DIR


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_start_has_no_trace_of_a_coding_and_validates_as_drafts(tmp_path):
    studies = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[:2]
    files = sorted((DATA_DIR / "studies").glob("*.yaml"))
    noted = [p.stem for p in files if "\nnote: " in p.read_text("utf-8")]
    studies = sorted({studies[0], noted[0]})  # one with A's note on the study
    assert len(studies) == 2
    code, out, err = invoke("second-coding", "--data", DATA_DIR, "--out", tmp_path / "b", *studies)
    assert code == 0, err
    b = tmp_path / "b"
    assert "agreement DATA " not in out and f"agreement {DATA_DIR.name} " in out.replace("data/", "data ")
    assert sorted(p.stem for p in (b / "studies").glob("*.yaml")) == studies
    assert not (b / "memos").exists() and not (b / "decisions").exists()
    for study in studies:
        a_doc = yaml.safe_load((DATA_DIR / "studies" / f"{study}.yaml").read_text(encoding="utf-8"))
        text = (b / "studies" / f"{study}.yaml").read_text(encoding="utf-8")
        b_doc = yaml.safe_load(text)
        assert b_doc["findings"] == [] and b_doc["coded_by"] is None
        assert set(b_doc["implementation_outcome"].values()) == {None}
        assert all(f["quote"] not in text for f in a_doc["findings"])  # blind: none of A's quotes
        # A's note on the study is A's reasoning about its coding (which barriers follow which framework)
        assert b_doc.get("note") is None
        assert not a_doc.get("note") or " ".join(a_doc["note"].split())[:60] not in " ".join(text.split())
        keep = {k for k in a_doc if k not in ("findings", "implementation_outcome", "coded_by", "note")}
        assert {k: b_doc[k] for k in keep} == {k: a_doc[k] for k in keep}  # the description kept
    corpus, problems = validate_corpus(b, include_drafts=False)
    assert corpus is not None, problems
    assert {d.study_id for d in corpus.drafts} == set(studies) and not corpus.unused_sources
    for lang, said in (
        ("en", "valid: 0 studies, 0 findings; 2 drafts"),
        ("id", "korpus valid: 0 studi, 0 temuan; 2 draf"),
    ):
        code, out, _ = invoke("validate", "--data", b, "--lang", lang)
        assert code == 0 and said in out and "()" not in out, out  # no finding per type: no empty brackets


def test_agreement_compares_only_the_studies_b_has_finished(tmp_path):
    studies = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[:2]
    b = tmp_path / "b"
    assert invoke("second-coding", "--data", DATA_DIR, "--out", b, *studies)[0] == 0
    done = studies[0]  # B codes one study (here: as A did, under B's name)
    a_doc = yaml.safe_load((DATA_DIR / "studies" / f"{done}.yaml").read_text(encoding="utf-8"))
    b_doc = yaml.safe_load((b / "studies" / f"{done}.yaml").read_text(encoding="utf-8"))
    b_doc |= {"findings": a_doc["findings"], "implementation_outcome": a_doc["implementation_outcome"]}
    b_doc["coded_by"] = "coder B"
    (b / "studies" / f"{done}.yaml").write_text(yaml.safe_dump(b_doc, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("agreement", DATA_DIR, b, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["studies"] == [done] and got["drafts_b"] == [studies[1]] and got["identical_files"] == []
    assert len(got["only_a"]) == len(list((DATA_DIR / "studies").glob("*.yaml"))) - 2


def test_a_sample_is_drawn_with_its_seed_and_a_bad_request_writes_nothing(tmp_path):
    args = ("second-coding", "--data", DATA_DIR, "--sample", 3, "--seed", 7)
    invoke(*args, "--out", tmp_path / "x")
    invoke(*args, "--out", tmp_path / "y")
    drawn = sorted(p.name for p in (tmp_path / "x" / "studies").iterdir())
    assert len(drawn) == 3 and drawn == sorted(p.name for p in (tmp_path / "y" / "studies").iterdir())
    code, _, err = invoke("second-coding", "--data", DATA_DIR, "--out", tmp_path / "z", "no-such-study")
    assert code != 0 and "no-such-study" in err and not (tmp_path / "z").exists()
    code, _, err = invoke("second-coding", "--data", DATA_DIR, "--out", tmp_path / "x", "--sample", 1)
    assert code != 0 and not list(tmp_path.glob(".x.*"))  # an existing folder is refused
    shutil.rmtree(tmp_path / "x")


def test_a_refused_out_folder_is_said_in_second_codings_own_words_in_both_languages(tmp_path):
    """--out existing or inside A's coding: the advice speaks of coder B's blind start, not of consensus's
    merged coding."""
    (tmp_path / "b").mkdir()
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    study = sorted(p.stem for p in (a / "studies").glob("*.yaml"))[0]
    for out, en, id_ in (
        (
            tmp_path / "b",
            "already exists; give a new folder for coder B's blind start",
            "awal buta pengode B",
        ),
        (a / "inside", "lies inside the coding", "berikan folder di luarnya untuk awal buta pengode B"),
    ):
        for lang, said in (("en", en), ("id", id_)):
            code, _, err = invoke("second-coding", "--data", a, "--out", out, "--lang", lang, study)
            assert code != 0 and said in err and "merged" not in err and "gabungan" not in err, err
    assert not (a / "inside").exists()


def test_add_puts_more_studies_into_a_blind_start_b_is_coding(tmp_path):
    """A team double-codes in rounds: `--add` adds studies to B's blind start, leaving B's files as they
    are; a study already there, a folder that is no blind start and a file in the way are refused, with
    nothing written; `--sample` draws from the studies not in it yet."""
    studies = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))
    b = tmp_path / "b"
    assert invoke("second-coding", "--data", DATA_DIR, "--out", b, studies[0])[0] == 0
    coded = b / "studies" / f"{studies[0]}.yaml"
    coded.write_text(coded.read_text(encoding="utf-8") + "# B is coding this\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in b.rglob("*") if p.is_file()}
    code, out, err = invoke("second-coding", "--data", DATA_DIR, "--out", b, "--add", studies[1])
    assert code == 0, err
    assert "beside the 1 study B has there" in out and f"agreement {DATA_DIR.name} " in out.replace(
        "data/", "data "
    )
    assert all(p.read_bytes() == content for p, content in before.items())  # B's files as they were
    assert sorted(p.stem for p in (b / "studies").glob("*.yaml")) == studies[:2]
    added = yaml.safe_load((b / "studies" / f"{studies[1]}.yaml").read_text(encoding="utf-8"))
    assert added["findings"] == [] and added["coded_by"] is None and (b / added["source"]["file"]).is_file()
    snapshot = {p: p.read_bytes() for p in b.rglob("*") if p.is_file()}
    for args, said in (
        ((studies[0], "--lang", "id"), "sudah ada di awal buta"),  # already there
        ((studies[2], studies[1]), "already in the blind start"),  # one new, one there: nothing added
        (
            ("--sample", len(studies) - 1),
            "more studies asked for than the corpus has (" + str(len(studies) - 2),
        ),
    ):
        code, _, err = invoke("second-coding", "--data", DATA_DIR, "--out", b, "--add", *args)
        assert code != 0 and said in err, err
        assert {p: p.read_bytes() for p in b.rglob("*") if p.is_file()} == snapshot and not list(
            tmp_path.glob(".b.*")
        )
    (b / "sources" / f"{studies[2]}.txt").write_text("B's own notes\n", encoding="utf-8")  # in the way
    code, _, err = invoke("second-coding", "--data", DATA_DIR, "--out", b, "--add", studies[2])
    assert (
        code != 0
        and "already in the blind start; move it away" in err
        and not (b / "studies" / f"{studies[2]}.yaml").exists()
    )
    code, _, err = invoke(
        "second-coding", "--data", DATA_DIR, "--out", tmp_path / "none", "--add", studies[2]
    )
    assert code != 0 and "is not a blind start" in err and not (tmp_path / "none").exists()
    (b / "sources" / f"{studies[2]}.txt").unlink()
    code, out, _ = invoke(
        "second-coding", "--data", DATA_DIR, "--out", b, "--add", "--sample", len(studies) - 2
    )
    assert code == 0 and sorted(p.stem for p in (b / "studies").glob("*.yaml")) == studies  # the rest


def test_b_suggestions_learn_nothing_of_a(tmp_path):
    """B's suggester (workbench, `suggest --data coder-b`) learns from the coding in B's folder only: a blind
    start holds none of A's findings or decisions, so what the model is built from is the same whatever A
    coded (A's accepts and rejections would pull B towards A and inflate agreement)."""
    from studykit.coding import training

    a1, a2 = tmp_path / "a1", tmp_path / "a2"
    shutil.copytree(DATA_DIR, a1)
    shutil.copytree(DATA_DIR, a2)
    study = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[0]
    (a2 / "decisions").mkdir(exist_ok=True)
    (a2 / "decisions" / f"{study}.jsonl").write_text(
        json.dumps({"action": "reject", "finding_id": f"{study}-01", "coder": "A", "source": "suggestion"})
        + "\n",
        encoding="utf-8",
    )
    path = a2 / "studies" / f"{study}.yaml"
    first = yaml.safe_load(path.read_text(encoding="utf-8"))["findings"][0]["theme_id"]
    other = "T03" if first != "T03" else "T04"  # A codes its first finding on another theme
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f"\n    theme_id: {first}\n", f"\n    theme_id: {other}\n", 1
        ),
        encoding="utf-8",
    )
    keys = []
    for a in (a1, a2):
        assert invoke("second-coding", "--data", a, "--out", tmp_path / f"b-{a.name}", study)[0] == 0
        learned = training.coded_studies(tmp_path / f"b-{a.name}")
        assert all(not s.positives and not s.negatives for s in learned)  # nothing coded: nothing of A
        keys.append(training.model_key(tmp_path / f"b-{a.name}"))
    assert keys[0] == keys[1] and training.model_key(a1) != training.model_key(a2)


def test_a_start_copies_no_temporary_file_or_record_of_unsaved_work(tmp_path):
    """B's codebook and schema are A's folders: a killed writer's temporary file or backup in them (or a
    record of unsaved work) is no file of A's codebook and is not copied into B's start."""
    from studykit.files import is_stray

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    left = [
        data / "codebook" / ".themes.yaml.4244-0badf00d.tmp",
        data / "schema" / ".study.schema.json.4245.bak",
    ]
    left.append(data / "codebook" / ".studykit-unsaved.jambi-bantar.4246-0badf00d.json")
    for path in left:
        path.write_text("{}", encoding="utf-8")
        assert is_stray(path)
    code, _, err = invoke("second-coding", "--data", data, "--out", tmp_path / "coder-b", "jambi-bantar")
    assert code == 0, err
    assert (tmp_path / "coder-b" / "codebook" / "themes.yaml").is_file()
    assert [p for p in (tmp_path / "coder-b").rglob("*") if is_stray(p)] == []
