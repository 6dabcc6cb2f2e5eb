"""config.toml: defaults when absent, values when present, one clear error line when broken."""

import pytest

from drills.config import config_path, load_config
from drills.errors import DrillsError
from drills.schedule import StudyConfig


def write(text):
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_missing_file_gives_the_documented_defaults(isolated_dirs):
    assert str(config_path()).startswith(str(isolated_dirs / "config"))
    assert load_config() == StudyConfig()


def test_values_are_read():
    write('[study]\nnew_cards_per_day = 5\nlearning_steps_minutes = [2, 15]\ntimezone = "Europe/Berlin"\n'
          "[rating]\neasy_factor = 0.5\n")
    cfg = load_config()
    assert (cfg.new_cards_per_day, cfg.learning_steps_minutes, cfg.easy_factor) == (5, (2.0, 15.0), 0.5)
    assert cfg.timezone == "Europe/Berlin"


def test_bad_toml_names_file_and_line():
    path = write("[study]\nnew_cards_per_day = 5\nleech_threshold = = 3\n")
    with pytest.raises(DrillsError) as e:
        load_config()
    assert e.value.file == str(path) and e.value.line == 3
    assert str(e.value).startswith(f"{path}:3:")


@pytest.mark.parametrize("text, line, words", [
    ("[study]\n\ndesired_retention = 1.5\n", 3, "desired_retention must be"),
    ("[study]\nnew_cards_per_day = \"ten\"\n", 2, "new_cards_per_day must be"),
    ("[study]\nleech_action = \"delete\"\n", 2, '"suspend" or "tag"'),
    ("[study]\ntimezone = \"Mars/Olympus\"\n", 2, "IANA"),
    ("[rating]\nfast = 1\n", 2, "unknown setting 'fast'"),
    ("[studdy]\nx = 1\n", 1, "unknown section [studdy]"),
])
def test_bad_values_name_the_line(text, line, words):
    write(text)
    with pytest.raises(DrillsError) as e:
        load_config()
    assert e.value.line == line and words in e.value.message


def test_docs_show_every_setting_in_its_section_with_its_default():
    """docs/study.md's config.toml block is the declarations on StudyConfig, shown: same sections,
    same keys, same defaults (a setting added without its documentation fails here)."""
    import re
    import tomllib
    from dataclasses import fields
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "study.md").read_text()
    block = re.search(r"## Settings: `config.toml`.*?```toml\n(.*?)```", text, re.S).group(1)
    documented = tomllib.loads(block)
    declared: dict[str, set[str]] = {}
    for f in fields(StudyConfig):
        declared.setdefault(f.metadata["section"], set()).add(f.name)
    assert {s: set(keys) for s, keys in documented.items()} == declared
    flat = {k: v for keys in documented.values() for k, v in keys.items()}
    assert StudyConfig.from_dict(flat) == StudyConfig()
