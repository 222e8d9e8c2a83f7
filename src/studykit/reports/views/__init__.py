"""Report sections: each function takes a :class:`studykit.reports.report.Report` and returns one table,
figure or paragraph.

Notebooks call these and nothing else, so every line of report logic is in the
library and tested; the view functions themselves only select, label and lay out.
"""
