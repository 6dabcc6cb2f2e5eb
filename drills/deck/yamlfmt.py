"""The deck file format (pure: text <-> Deck), versioned, hand-editable and deterministic.

Dumping uses block scalars for multi-line text, a fixed key order and no timestamps, so building
twice gives byte-identical files. Loading composes the YAML node tree first, so every schema
error points at the line and column of the offending value.
"""

from __future__ import annotations

from typing import Any

import yaml

from drills.deck.ids import kind_of
from drills.deck.model import DECK_SCHEMA, KINDS, Card, Deck
from drills.errors import DrillsError
from drills.text_safety import deck_text, one_line

CARD_KEYS = ("id", "kind", "front", "back", "answers", "self_graded", "cloze", "cloze_index",
             "source_line", "tags", "problems", "group", "depends_on")
MAX_INT = 2**31 - 1  # line numbers and cloze indexes; larger values would overflow SQLite later
_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "kind": (str,), "front": (str,), "back": (str,), "answers": (list,), "self_graded": (bool,),
    "cloze": (str, type(None)), "cloze_index": (int, type(None)), "source_line": (int, type(None)),
    "tags": (list,), "problems": (list,), "group": (str, type(None)), "depends_on": (list,),
}


# libyaml composes ~20x faster and its nodes carry the same marks; the dumper stays pure Python so
# the bytes of a deck never depend on whether libyaml is installed.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def header(deck: Deck) -> str:
    # Comment lines: a title or file name must not add a line (U+2028, U+0085 and ESC included).
    title, source = one_line(deck.title, 200), one_line(deck.source or "a course page", 200)
    return (
        f"# drills deck: week {deck.week} — {title}\n"
        f"# Built by `drill build` from {source}; rebuilding replaces this file.\n"
        f"# To keep your own answers or wording, use the overrides file (see docs/decks.md):\n"
        f"#   $XDG_DATA_HOME/drills/overrides/week-{deck.week:02d}.yaml\n"
    )


def dump_deck(deck: Deck) -> str:
    """Deck -> YAML text (byte-identical for the same deck)."""
    cards = []
    for card in deck.cards:
        d = card.to_dict()
        d.pop("week", None)  # the deck's week; repeated on every card it is only noise
        if not d.get("answers"):
            d.pop("answers", None)
        if not d.get("self_graded"):
            d.pop("self_graded", None)
        cards.append({k: d[k] for k in CARD_KEYS if k in d})
    doc = {"schema": deck.schema, "week": deck.week, "title": deck.title, "source": deck.source, "cards": cards}
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000,
                     default_flow_style=False, indent=2)
    return header(deck) + body


def dump_deck_checked(deck: Deck, file: str) -> str:
    """dump_deck, refusing (DrillsError naming ``file``, the page) a deck that would not load back:
    a written deck must never make every later command fail."""
    text = dump_deck(deck)
    try:
        parse_deck(text, file)
    except DrillsError as e:
        raise DrillsError(f"the deck built from this page would not load back ({e.message}); "
                          "nothing was written", file) from None
    return text


def compose(text: str, file: str) -> yaml.Node | None:
    """YAML text -> node tree; syntax errors become DrillsError with line and column.

    Aliases (``*name``) are refused: a few hundred bytes of nested aliases expand to billions of
    values (an "alias bomb") once constructed or quoted in a message, and no deck needs them."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        raise DrillsError(f"invalid YAML: {problem}", file, mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as e:  # a character YAML forbids (a control): no mark, a position
        line = text.count("\n", 0, e.position) + 1
        column = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise DrillsError(f"invalid YAML: character U+{e.character:04X} is not allowed", file, line,
                          column) from None
    except yaml.YAMLError as e:
        raise DrillsError(f"invalid YAML: {' '.join(str(e).split())}", file) from None
    if root is not None:
        _refuse_aliases(root, file)
    return root


def _refuse_aliases(root: yaml.Node, file: str) -> None:
    """An alias makes one node reachable twice: walk the tree once (iteratively) and fail on that."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise fail("YAML aliases (*name) are not allowed here: write the value out", node, file)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack += (k, v)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def fail(message: str, node: yaml.Node, file: str) -> DrillsError:
    return DrillsError(message, file, node.start_mark.line + 1, node.start_mark.column + 1)


def value(node: yaml.Node, file: str) -> Any:
    """Construct a plain Python value from a node (aliases and tags as PyYAML's safe loader does)."""
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.MarkedYAMLError as e:
        raise fail(f"invalid value: {e.problem}", node, file) from None
    except ValueError:  # int() of a number with more than 4300 digits
        raise fail("invalid value: a number with too many digits", node, file) from None


def mapping(node: yaml.Node, file: str, what: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of a mapping node; duplicate keys are errors."""
    if not isinstance(node, yaml.MappingNode):
        raise fail(f"{what} must be a mapping", node, file)
    seen: set[str] = set()
    out = []
    for k, v in node.value:
        key = value(k, file)
        if not isinstance(key, str):
            raise fail(f"{what}: keys must be text", k, file)
        if key in seen:
            raise fail(f"{what}: duplicate key '{key}'", k, file)
        seen.add(key)
        out.append((key, k, v))
    return out


def check_schema(pairs: list[tuple[str, yaml.Node, yaml.Node]], root: yaml.Node, file: str, what: str) -> None:
    found = {k: (kn, vn) for k, kn, vn in pairs}
    if "schema" not in found:
        raise fail(f"{what} has no 'schema:' version (expected schema: {DECK_SCHEMA})", root, file)
    version = value(found["schema"][1], file)
    if version != DECK_SCHEMA:
        raise fail(f"unknown {what} schema version {version!r}: this drill reads schema {DECK_SCHEMA} "
                   f"(rebuild the deck or upgrade drill)", found["schema"][1], file)


def check_card_field(key: str, val: Any, node: yaml.Node, file: str, where: str) -> None:
    if key not in _TYPES:
        raise fail(f"{where}: unknown field '{key}' (known: {', '.join(CARD_KEYS)})", node, file)
    if not isinstance(val, _TYPES[key]) or (isinstance(val, bool) and bool not in _TYPES[key]):
        expected = " or ".join("null" if t is type(None) else {"str": "text", "list": "a list",
                                "bool": "true/false", "int": "a number"}[t.__name__] for t in _TYPES[key])
        raise fail(f"{where}: '{key}' must be {expected}", node, file)
    if isinstance(val, list) and not all(isinstance(x, str) for x in val):
        raise fail(f"{where}: every item of '{key}' must be text", node, file)
    if isinstance(val, int) and not isinstance(val, bool) and not 0 <= val <= MAX_INT:
        raise fail(f"{where}: '{key}' must be a number from 0 to {MAX_INT}", node, file)


def parse_deck(text: str, file: str) -> Deck:
    """YAML text -> Deck, validated; errors name the file, line and column."""
    root = compose(text, file)
    if root is None:
        raise DrillsError("empty deck file", file, 1, 1)
    pairs = mapping(root, file, "deck")
    check_schema(pairs, root, file, "deck")
    found = {k: (kn, vn) for k, kn, vn in pairs}
    for key in ("week", "title", "cards"):
        if key not in found:
            raise fail(f"deck has no '{key}:'", root, file)
    unknown = [k for k in found if k not in ("schema", "week", "title", "source", "cards")]
    if unknown:
        raise fail(f"unknown deck field '{unknown[0]}'", found[unknown[0]][0], file)
    week = value(found["week"][1], file)
    if not isinstance(week, int) or isinstance(week, bool) or not 0 < week < 100:
        raise fail("'week' must be a week number (1-99)", found["week"][1], file)
    title = value(found["title"][1], file)
    source = value(found["source"][1], file) if "source" in found else None
    if not isinstance(title, str) or not (source is None or isinstance(source, str)):
        raise fail("'title' and 'source' must be text", found["title"][1], file)
    cards_node = found["cards"][1]
    if not isinstance(cards_node, yaml.SequenceNode):
        raise fail("'cards' must be a list", cards_node, file)
    deck = Deck(week=week, title=deck_text(title), source=None if source is None else deck_text(source),
                schema=DECK_SCHEMA)
    ids: set[str] = set()
    for n, card_node in enumerate(cards_node.value, 1):
        deck.cards.append(_card(card_node, week, file, n, ids))
    return deck


def _card(node: yaml.Node, week: int, file: str, n: int, ids: set[str]) -> Card:
    where = f"card {n}"
    d: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    for key, kn, vn in mapping(node, file, where):
        val = value(vn, file)
        check_card_field(key, val, vn if key in _TYPES else kn, file, where)
        d[key], nodes[key] = val, vn
    for key in ("id", "kind", "front", "back"):
        if key not in d:
            raise fail(f"{where}: missing '{key}'", node, file)
    cid = d["id"]
    where = f"card {cid}"
    if d["kind"] not in KINDS:
        raise fail(f"{where}: unknown kind '{d['kind']}' (one of {', '.join(KINDS)})", nodes["kind"], file)
    if kind_of(cid) != d["kind"] or not cid.startswith(f"w{week:02d}."):
        raise fail(f"{where}: id must look like w{week:02d}.{d['kind']}.NN (week, kind, position)", nodes["id"], file)
    if cid in ids:
        raise fail(f"duplicate card id '{cid}'", nodes["id"], file)
    ids.add(cid)
    if d["kind"] == "command" and not d.get("answers") and not d.get("self_graded"):
        raise fail(f"{where}: a command card needs 'answers' or 'self_graded: true'", node, file)
    if d.get("cloze") is not None and d.get("cloze_index") is None:
        raise fail(f"{where}: a cloze card needs 'cloze_index'", nodes["cloze"], file)
    # Hand-edited text is held to what the builder writes: no control character reaches a terminal.
    return Card.from_dict({k: _clean(v) for k, v in d.items()} | {"week": week})


def _clean(val: Any) -> Any:
    if isinstance(val, str):
        return deck_text(val)
    if isinstance(val, list):
        return [deck_text(x) if isinstance(x, str) else x for x in val]
    return val
