"""How the agreement report and `studykit agreement` write a figure: never 1.00 for a figure short of 1, and
with the decimal mark of the report's language; long lists of studies cut."""

from __future__ import annotations

from studykit.analysis.agreement.output import digits, listed
from studykit.reports.views.agreement_parts import value


class English:
    lang = "en"

    def number(self, value, decimals=None):
        from studykit.reports.i18n import number

        return number(value, self.lang, decimals)


class Indonesian(English):
    lang = "id"


def test_a_figure_short_of_one_gets_the_decimals_that_show_it():
    assert digits(0.75, least=2) == 2
    assert digits(0.997, least=2) == 3 and digits(0.9996, least=2) == 4
    assert digits(1.0, (0.99, 1.0), least=2) == 2  # a perfect figure and an interval bound of 1 need none
    assert str(value(English(), 0.997, (0.99, 1.0))) == "0.997 [0.990, 1.000]"


def test_each_language_writes_its_own_decimal_mark():
    assert str(value(English(), 0.5, (0.25, 0.75))) == "0.50 [0.25, 0.75]"
    assert str(value(Indonesian(), 0.5, (0.25, 0.75))) == "0,50 [0,25; 0,75]"


def test_a_long_list_of_studies_is_cut_with_how_many_more():
    ids = [f"s{i:02d}" for i in range(42)]
    assert listed(ids).endswith(", … (+30)") and listed(ids[:3]) == "s00, s01, s02"
