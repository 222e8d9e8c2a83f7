"""axe-core (Deque's accessibility engine) run in a Playwright page: the violations of WCAG 2.x A/AA and
axe's best practices that a page or a part of it has.

The engine is the ``axe.min.js`` that the PyPI package ``axe-playwright-python`` ships (pinned in the
``test`` extra, installed by ``make setup``): nothing is fetched while the tests run.
"""

from __future__ import annotations

from functools import cache

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_script() -> str:
    """The text of axe-core's ``axe.min.js``, as installed with ``axe-playwright-python``."""
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, within: str | None = None, skip: tuple[str, ...] = ()) -> list[dict]:
    """The axe violations of ``page`` (or of the elements matching the CSS selector ``within``), each as its
    rule id, impact, help text and the first few elements (CSS selectors) that break it; ``skip``: rule ids
    not checked (say why where they are skipped)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    options = {
        "runOnly": {"type": "tag", "values": RULES},
        "rules": {rule: {"enabled": False} for rule in skip},
        "resultTypes": ["violations"],
    }
    result = page.evaluate(
        "([within, options]) => axe.run(within ? {include: [within]} : document, options)",
        [within, options],
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
            "count": len(v["nodes"]),
        }
        for v in result["violations"]
    ]
