"""A parameter the parameters cell no longer assigns is named in both languages, with the name the cell
assigns instead when it looks like a typo (studykit.reports.unset); any other name is none of its business."""

from __future__ import annotations

from IPython.core.interactiveshell import InteractiveShell

from studykit.reports import unset


def test_a_renamed_parameter_is_named_with_what_the_cell_assigns_instead():
    lines = unset.said("group_by", "2-cross-case", {"groupby": "province", "lang": "id", "_": None})
    assert lines[0] == (
        "ParameterError: parameter group_by is not set: the notebook's parameters cell (its first cell) "
        "must assign it, e.g. group_by = 'study' (the cell assigns groupby: write group_by)"
    )
    assert lines[1].startswith("ParameterError: parameter group_by belum diisi: sel parameter notebook")
    assert lines[1].endswith("(sel itu mengisi groupby: tulis group_by)")


def test_a_deleted_parameter_is_named_without_a_guess_and_other_names_are_left_alone():
    lines = unset.said("theme_id", "5-explore", {"figure": 1})
    assert "theme_id = ''" in lines[0] and "the cell assigns" not in lines[0]
    assert unset.said("undefined_thing", "5-explore", {}) is None
    assert unset.said("lang", "no-such-notebook", {}) is None


def test_in_a_shell_only_a_parameter_passed_to_start_gets_the_message(capsys):
    shell = InteractiveShell.instance()
    try:
        shell.run_cell('framework = "ED"\ngroupby = "province"\nlang = "en"')
        shell.run_cell("import studykit.reports")
        call = 'studykit.reports.start("3-framework-lens", framework=framework, group_by=group_by, lang=lang)'
        shown = shell.run_cell(f"r = {call}")
        assert isinstance(shown.error_in_exec, NameError)
        said = capsys.readouterr().out
        assert "parameter group_by is not set" in said and "Traceback" not in said, said
        other = shell.run_cell("print(undefined_thing)")
        assert isinstance(other.error_in_exec, NameError)
        assert "parameter" not in capsys.readouterr().out
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
