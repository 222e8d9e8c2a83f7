"""The fast YAML reader returns exactly what PyYAML's safe loader returns, for plain and unusual documents."""

from __future__ import annotations

import pytest
import yaml

from studykit.corpus.readers import parse_yaml
from studykit.paths import DATA_DIR

DOCUMENTS = [
    "a: 1\nb: [x, 2.5, null, true, ~, 'quoted']\nc: {d: e}\n",
    "base: &b {x: 1}\nuse: *b\n",  # alias: the same object in both places
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",  # merge key
    "when: 2020-01-02\nn: 0x1F\nf: .inf\n",  # timestamp, hex int, infinity
    "1: numeric key\n~: null key\n2.5: float key\n",  # non-string keys (1 and true would be one key: refused)
    "!!str 12\n",
    "- a\n- - nested\n  - list\n",
    "text: |\n  line one\n  line two\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_parse_yaml_equals_pyyaml(text):
    assert parse_yaml(text, "doc.yaml") == yaml.load(text, Loader=yaml.SafeLoader)


def test_aliases_stay_shared_like_pyyaml():
    data = parse_yaml("base: &b {x: 1}\nuse: *b\n", "doc.yaml")
    assert data["use"] is data["base"]


def test_every_data_file_parses_as_pyyaml_does():
    files = sorted(DATA_DIR.rglob("*.yaml"))
    assert len(files) >= 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text, path.name) == yaml.load(text, Loader=yaml.SafeLoader), path.name
