"""`studykit consensus` keeps what each coder wrote: B's memos and decision logs are carried, study-level
coding that differs is left to settle (never "identical"), a rejection is counted as it is written, and A's
untouched findings keep their YAML as written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from studykit.cli import cli
from studykit.corpus.load import validate_corpus
from studykit.paths import DATA_DIR

STUDY = "bengkulu-samisake"


def invoke(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def codings(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    for side in (a, b):
        shutil.copytree(DATA_DIR, side, ignore=shutil.ignore_patterns("memos", "decisions"))
    return a, b


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def memo(path: Path, author: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nauthor: {author}\ndate: 2026-12-01\nlanguage: en\n---\n{text}\n", encoding="utf-8")


def findings(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]


def add_finding(study_file: Path, number: int = 90) -> str:
    """Add to a study file a copy of its first finding under another theme; return its id."""
    first = findings(study_file)[0]
    fid = f"{STUDY}-{number}"
    extra = {**first, "finding_id": fid, "theme_id": "T03" if first["theme_id"] != "T03" else "T05"}
    block = yaml.safe_dump([extra], allow_unicode=True, sort_keys=False, width=4096)
    indent = "" if "\n- finding_id" in study_file.read_text(encoding="utf-8") else "  "  # the list's column
    with study_file.open("a", encoding="utf-8") as out:
        out.write("".join(indent + line + "\n" for line in block.splitlines()))
    return fid


def test_b_memos_are_carried_renumbered_and_joined_with_a_memo_on_the_same_target(tmp_path):
    a, b = codings(tmp_path)
    added = add_finding(b / "studies" / f"{STUDY}.yaml")
    memo(b / "memos" / "findings" / f"{added}.md", "Budi", "Why coder B added this finding.")
    memo(b / "memos" / "project.md", "Budi", "Coder B's project memo.")
    memo(a / "memos" / "studies" / f"{STUDY}.md", "Ani", "Coder A reads the study this way.")
    memo(b / "memos" / "studies" / f"{STUDY}.md", "Budi", "Coder B reads it another way.")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    new_id = next(r["finding_id"] for r in report["findings"] if r["coder_b"] == added)
    assert new_id != added
    merged = tmp_path / "m"
    assert "Why coder B added" in (merged / "memos" / "findings" / f"{new_id}.md").read_text(encoding="utf-8")
    assert not (merged / "memos" / "findings" / f"{added}.md").exists()
    assert "Coder B's project memo" in (merged / "memos" / "project.md").read_text(encoding="utf-8")
    joined = (merged / "memos" / "studies" / f"{STUDY}.md").read_text(encoding="utf-8")
    assert "Coder A reads" in joined and "Coder B reads" in joined and "Ani" in joined and "Budi" in joined
    assert "**Ani (coding A), 2026-12-01:**" in joined and "**Budi (coding B), 2026-12-01:**" in joined
    corpus, problems = validate_corpus(merged, include_drafts=True)
    assert corpus is not None, problems
    texts = dict(zip(corpus.memos["target"], corpus.memos["text"], strict=True))
    assert "Coder A reads" in texts[STUDY] and "Coder B reads" in texts[STUDY]
    hows = {(c["kind"], c["target"]): c["how"] for c in report["carried"]}
    assert hows[("memo", f"memos/studies/{STUDY}.md")] == "joined"
    assert hows[("memo", f"memos/findings/{new_id}.md")] == "copied"
    code, out, _ = invoke("consensus", a, b, "--out", tmp_path / "m2")
    assert "joined" in out and f"{new_id}.md" in out


def test_a_different_outcome_rating_is_to_settle_never_identical(tmp_path):
    a, b = codings(tmp_path)
    edit(b / "studies" / f"{STUDY}.yaml", "rating: poor", "rating: mixed")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    line = [x for x in out.splitlines() if x.startswith(f"{STUDY}:")]
    assert not any("identical" in x for x in line) and any("implementation_outcome.rating" in x for x in line)
    merged = (tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    outcome = yaml.safe_load(merged)["implementation_outcome"]
    assert outcome["rating"] is None and "poor" in outcome["note"] and "mixed" in outcome["note"]
    corpus, _ = validate_corpus(tmp_path / "m", include_drafts=False)
    assert STUDY in {
        d.study_id for d in corpus.drafts
    }  # validate shows it as a draft with the rating to fill


def test_what_the_merge_writes_into_the_study_file_follows_lang(tmp_path):
    a, b = codings(tmp_path)
    edit(b / "studies" / f"{STUDY}.yaml", "rating: poor", "rating: mixed")
    edit(b / "studies" / f"{STUDY}.yaml", "coded_by: ", "coded_by: Budi, ")
    written = {}
    for lang in ("en", "id"):
        code, _, err = invoke("consensus", a, b, "--out", tmp_path / lang, "--lang", lang)
        assert code == 0, err
        written[lang] = (tmp_path / lang / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    english, indonesian = (yaml.safe_load(written[lang]) for lang in ("en", "id"))
    assert english["implementation_outcome"]["note"].startswith("To settle (studykit consensus): ")
    assert indonesian["implementation_outcome"]["note"].startswith("Perlu diputuskan (studykit consensus): ")
    assert english["coded_by"].startswith("consensus of ") and indonesian["coded_by"].startswith("konsensus ")
    assert "# to settle (studykit consensus): " in written["en"]
    assert "# perlu diputuskan (studykit consensus): " in written["id"] and "to settle" not in written["id"]


def test_an_agreed_rating_stands_when_only_the_outcome_note_or_quote_differs(tmp_path):
    """Both coders rated the outcome alike and wrote different notes (or quoted another sentence): the
    rating is kept, A's note and quote too, and the summary names no field as emptied."""
    a, b = codings(tmp_path)
    study_b = b / "studies" / f"{STUDY}.yaml"
    plain = yaml.safe_load(study_b.read_text(encoding="utf-8"))["implementation_outcome"]
    edit(study_b, "    The verdict says implementation", "    B read it so. The verdict says implementation")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    merged = yaml.safe_load((tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))
    outcome = merged["implementation_outcome"]
    assert outcome["rating"] == plain["rating"] and outcome["quote"] == plain["quote"]
    assert "B read it so" not in (outcome.get("note") or "")  # an optional field keeps A's value
    [line] = [x for x in out.splitlines() if x.startswith(f"{STUDY}:") and "implementation_outcome.note" in x]
    assert "implementation_outcome.rating" not in line
    corpus, _ = validate_corpus(tmp_path / "m", include_drafts=False)
    assert STUDY not in {d.study_id for d in corpus.drafts}


def test_b_decision_log_is_carried_with_finding_ids_mapped_to_the_merge(tmp_path):
    a, b = codings(tmp_path)
    added = add_finding(b / "studies" / f"{STUDY}.yaml")
    (b / "decisions").mkdir()
    entry = {"time": "2026-12-01T10:00:00Z", "coder": "Budi", "action": "create", "finding_id": added}
    entry |= {"finding_type": "context", "theme_id": "T03", "quote_start": 0, "quote_end": 4}
    entry |= {"score": None, "source": "manual"}
    (b / "decisions" / f"{STUDY}.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m", "--format", "json")
    assert code == 0, err
    new_id = next(r["finding_id"] for r in json.loads(out)["findings"] if r["coder_b"] == added)
    lines = (tmp_path / "m" / "decisions" / f"{STUDY}.jsonl").read_text(encoding="utf-8").splitlines()
    carried = json.loads(lines[-1])
    assert carried["finding_id"] == new_id and carried["finding_id_b"] == added and carried["merged_from"]


def test_a_finding_b_rejected_is_kept_once_unreviewed_and_counted_so(tmp_path):
    a, b = codings(tmp_path)
    path = b / "studies" / f"{STUDY}.yaml"
    first = findings(path)[0]["finding_id"]
    edit(path, f"- finding_id: {first}\n", f"- finding_id: {first}\n    review_status: rejected\n")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m", "--format", "json")
    assert code == 0, err
    rows = [r for r in json.loads(out)["findings"] if r["coder_b"] == first]
    assert [(r["status"], r["review_status"], r["coder_a"]) for r in rows] == [
        ("status_differs", "unreviewed", first)
    ]
    merged = findings(tmp_path / "m" / "studies" / f"{STUDY}.yaml")
    assert [f.get("review_status") for f in merged if f["quote"] == findings(path)[0]["quote"]] == [
        "unreviewed"
    ]
    code, text, _ = invoke("consensus", a, b, "--out", tmp_path / "m2")
    assert "different review statuses" in text and "by B only" in text


def test_untouched_findings_of_a_keep_their_yaml_as_written(tmp_path):
    a, b = codings(tmp_path)
    text_a = (a / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    assert "note: >-" in text_a  # a folded note, as an analyst writes one
    add_finding(b / "studies" / f"{STUDY}.yaml")
    code, _, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    merged = (tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    kept = [line for line in merged.splitlines() if "coders:" not in line]
    assert "\n".join(text_a.splitlines()[30:]) in "\n".join(kept)  # every finding of A, line for line


def test_a_blind_start_b_has_not_begun_keeps_a_and_says_so(tmp_path):
    a = tmp_path / "a"
    shutil.copytree(DATA_DIR, a)
    studies = sorted(p.stem for p in (a / "studies").glob("*.yaml"))[:2]
    b = tmp_path / "b"
    assert invoke("second-coding", "--data", a, "--out", b, *studies)[0] == 0
    begun, blank = studies
    doc = yaml.safe_load((a / "studies" / f"{begun}.yaml").read_text(encoding="utf-8"))
    doc["coded_by"] = "coder B"
    (b / "studies" / f"{begun}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    assert f"not begun by B (1: a blank start, no finding yet), A's coding kept as it is: {blank}" in out
    assert not [line for line in out.splitlines() if line.startswith(f"{blank}:")]
    same = (a / "studies" / f"{blank}.yaml").read_bytes()
    assert (tmp_path / "m" / "studies" / f"{blank}.yaml").read_bytes() == same


def test_memo_fields_on_a_finding_both_made_are_joined_in_the_merged_finding(tmp_path):
    a, b = codings(tmp_path)
    first = findings(a / "studies" / f"{STUDY}.yaml")[0]["finding_id"]
    for side, author, said in ((a, "Ani", "A's reason."), (b, "Budi", "B's reason.")):
        path = side / "studies" / f"{STUDY}.yaml"
        memo = f'    memo: "---\\nauthor: {author}\\ndate: 2026-12-01\\n---\\n{said}\\n"\n'
        text = path.read_text(encoding="utf-8")
        second = text.index("  - finding_id:", text.index(f"- finding_id: {first}") + 5)
        path.write_text(text[:second] + memo + text[second:], encoding="utf-8")
    # a difference elsewhere, so that the study is merged rather than copied as identical
    edit(b / "studies" / f"{STUDY}.yaml", "rating: poor", "rating: mixed")
    code, _, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    merged = findings(tmp_path / "m" / "studies" / f"{STUDY}.yaml")[0]["memo"]
    assert "A's reason." in merged and "B's reason." in merged and "Ani" in merged and "Budi" in merged
    corpus, problems = validate_corpus(tmp_path / "m", include_drafts=True)
    assert corpus is not None, problems


def test_metadata_that_differs_is_emptied_when_required_and_kept_as_a_coded_it_when_optional(tmp_path):
    a, b = codings(tmp_path)
    path = b / "studies" / f"{STUDY}.yaml"
    edit(path, "method: kualitatif", "method: kualitatif menurut B,")
    edit(path, "  title: IMPLEMENTASI", "  title: B typed IMPLEMENTASI")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    assert "left empty (validate lists the study as a draft until filled in): method;" in out
    assert "kept as A coded it: source.title;" in out
    # only required fields differ: no "kept as A coded it: —" clause
    a, b = codings(tmp_path / "again")
    edit(b / "studies" / f"{STUDY}.yaml", "method: kualitatif", "method: kualitatif menurut B,")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "again" / "m")
    assert code == 0 and "left empty" in out and "kept as A coded it" not in out, out
    merged_text = (tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    merged = yaml.safe_load(merged_text)
    a_doc = yaml.safe_load((a / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8"))
    assert merged["method"] is None and merged["source"]["title"] == a_doc["source"]["title"]
    assert "menurut B" in merged_text and "B typed" in merged_text  # B's values in the comments
    corpus, _ = validate_corpus(tmp_path / "m", include_drafts=False)
    assert STUDY in {d.study_id for d in corpus.drafts}


def test_a_file_in_another_style_changes_only_where_the_merge_changes_it(tmp_path):
    a, b = codings(tmp_path)
    path_a, path_b = (side / "studies" / f"{STUDY}.yaml" for side in (a, b))
    document = yaml.safe_load(path_a.read_text(encoding="utf-8"))
    other_style = yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=100
    )  # wrapped, `- ` at 0
    assert "\n- finding_id" in other_style
    path_a.write_text(other_style, encoding="utf-8")
    path_b.write_text(other_style, encoding="utf-8")
    add_finding(path_b)
    code, _, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    merged = (tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8").splitlines()
    a_lines = other_style.splitlines()
    kept = [line for line in merged if line in set(a_lines)]
    changed = [line for line in a_lines if line not in set(merged)]
    assert kept[: len(a_lines) - len(changed)] == [x for x in a_lines if x not in changed]
    assert [x.split(":")[0] for x in changed] == ["coded_by"]  # the only line of A's that changed


def _outcome_in_flow_style(path: Path) -> None:
    """The study file with its implementation outcome written in flow style (as the synthetic corpus and
    other editors write it), every other line as it was."""
    from studykit.coding import studyfile

    text = path.read_text(encoding="utf-8")
    doc = studyfile.load(text)
    from ruamel.yaml.comments import CommentedMap

    flow = CommentedMap((k, str(v)) for k, v in doc["implementation_outcome"].items())  # no folded scalar
    flow.fa.set_flow_style()
    doc["implementation_outcome"] = flow
    path.write_text(studyfile.dump(doc, studyfile.style_of(text)), encoding="utf-8")


def test_only_optional_fields_differing_still_get_both_values_in_a_comment(tmp_path):
    """The merged file is edited line by line when no value changes (an optional field keeps A's value):
    the comments above the fields to settle were lost there, though the summary said they were written.
    A key of a mapping in flow style gets its comment above the mapping's key."""
    a, b = codings(tmp_path)
    for side in (a, b):
        _outcome_in_flow_style(side / "studies" / f"{STUDY}.yaml")
    path = b / "studies" / f"{STUDY}.yaml"
    edit(path, "sampling: null", "sampling: purposive, as B reads it")
    edit(path, "  title: IMPLEMENTASI", "  title: B typed IMPLEMENTASI")
    edit(path, "The verdict says implementation", "B reads the verdict. The verdict says implementation")
    for lang, said in (
        ("en", "# to settle (studykit consensus): "),
        ("id", "# perlu diputuskan (studykit consensus): "),
    ):
        code, out, err = invoke("consensus", a, b, "--out", tmp_path / lang, "--lang", lang)
        assert code == 0, err
        assert "left empty" not in out and "dikosongkan" not in out and ": —" not in out, out
        text = (tmp_path / lang / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
        lines = text.splitlines()
        above = {
            lines[i + 1].split(":")[0].strip(): line for i, line in enumerate(lines[:-1]) if said in line
        }
        assert "as B reads it" in above["sampling"] and "B typed" in above["title"], above
        assert "implementation_outcome.note" in above["implementation_outcome"], above
        assert "B reads the verdict" in above["implementation_outcome"]
        merged = yaml.safe_load(text)
        assert merged["sampling"] is None and merged["implementation_outcome"]["note"].startswith(
            "The verdict"
        )
        a_lines = (a / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8").splitlines()
        assert [x for x in a_lines if x not in lines] == [
            next(x for x in a_lines if x.startswith("coded_by"))
        ]


def test_a_note_b_left_empty_is_no_difference(tmp_path):
    """B's blind start empties A's note on the study and the outcome's note; B writing none is no
    disagreement: with the same findings and rating the study is identical, A's notes kept as written."""
    a, b = codings(tmp_path)
    path_a, path_b = (side / "studies" / f"{STUDY}.yaml" for side in (a, b))
    edit(path_a, "sampling: null", "sampling: null\nnote: A's note on the study.")
    edit(path_b, "sampling: null", "sampling: null\nnote:")
    edit(
        path_b,
        "  note: >-\n    The verdict says implementation has not run optimally and goes on to its"
        " consequences\n    (misunderstanding, perceived unfairness); no achievement is claimed.\n",
        "  note: null\n",
    )
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m")
    assert code == 0, err
    assert "study-level coding differs" not in out and "identical" in out, out
    merged = (tmp_path / "m" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    assert merged == path_a.read_text(encoding="utf-8")
    # a note B wrote differently from A's is still to settle, A's kept, B's in the comment above it
    edit(path_b, "\nnote:", "\nnote: B's note on the study.")
    code, out, err = invoke("consensus", a, b, "--out", tmp_path / "m2")
    assert code == 0 and "kept as A coded it: note;" in out, out
    merged = (tmp_path / "m2" / "studies" / f"{STUDY}.yaml").read_text(encoding="utf-8")
    assert "# to settle (studykit consensus): " in merged and "B's note on the study." in merged
    assert yaml.safe_load(merged)["note"] == "A's note on the study."


def test_a_draft_of_b_is_refused_with_what_it_still_needs(tmp_path):
    """A study B has not finished (a field still empty) cannot be merged: the refusal lists what it needs,
    each at its line and field (it said only "a draft with fields still empty"), in both languages."""
    a, b = codings(tmp_path)
    path = b / "studies" / f"{STUDY}.yaml"
    edit(path, "method: kualitatif, metode deskriptif, pendekatan induktif", "method:")
    for lang, said in (("en", "method: empty; fill it in"), ("id", "method: kosong; isi")):
        code, _, err = invoke("consensus", a, b, "--out", tmp_path / lang, "--lang", lang)
        assert code != 0 and not (tmp_path / lang).exists()
        lines = err.splitlines()
        assert lines[0].startswith(f"{path}: (file): ") and any(
            line.startswith(f"{path}:") and said in line and line.split(":")[1].isdigit()
            for line in lines[1:]
        ), err
