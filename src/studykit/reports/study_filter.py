"""The explore report's filter by a study attribute (``attribute`` + ``attribute_value``, e.g.
admin_unit_type = kabupaten): the check of the value against the values the studies have."""

from __future__ import annotations

from typing import Any

from ..corpus.problems import Said

NO_FILTER = ""  # an empty filter value means "no filter" (params.ALL is this; params imports this module)


def attribute_value_refusal(corpus, checked: dict[str, Any], value: Any) -> tuple[Said, list[str]] | None:
    """Why ``attribute_value`` is refused (what is allowed, and the values a mistyped one may mean), or None.

    Without an ``attribute`` it must be '' (no filter); with one, a value some study has: its group in
    :func:`studykit.analysis.groups.memberships` ('kabupaten', 'Jawa Tengah', '(missing)'). The render's
    planning catalogue has no study attributes: there only the attribute is checked, the value when the
    notebook starts."""
    attribute = checked.get("attribute", NO_FILTER)
    if attribute == NO_FILTER:
        return None if value == NO_FILTER else (Said("parameter.attribute_first", {}), [])
    studies = getattr(corpus, "studies", None)
    if studies is None:
        return None
    from ..analysis.groups import attribute_values

    values = attribute_values(studies, attribute)
    if value in values:
        return None
    return Said(
        "parameter.attribute_value", {"attribute": attribute, "values": ", ".join(map(repr, values))}
    ), values
