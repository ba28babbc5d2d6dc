"""load: YAML to nodes with line marks; traps refused or kept as the text the editor wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.data.load import Mapping, Scalar, Sequence, load_file, load_text


def codes(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in load_text(text, "f.yaml").problems]


def test_nodes_keep_line_and_column() -> None:
    root = load_text("a: 1\nb:\n  - x\n  - 'no'\n", "f.yaml").root
    assert isinstance(root, Mapping)
    key, value = root.items["b"]
    assert (key.line, key.column) == (2, 1)
    assert isinstance(value, Sequence)
    second = value.items[1]
    assert isinstance(second, Scalar)
    assert (second.value, second.plain, second.line, second.column) == ("no", False, 4, 5)


def test_yaml_11_words_stay_text() -> None:
    root = load_text("a: no\nb: 12:30\nc: 010\nd: 2019-02-30\n", "f.yaml").root
    assert isinstance(root, Mapping)
    assert {k: v.value for k, (_, v) in root.items.items() if isinstance(v, Scalar)} == {
        "a": "no", "b": "12:30", "c": "010", "d": "2019-02-30"}


def test_duplicate_key_is_reported_with_both_lines() -> None:
    problems = load_text("a: 1\nb: 2\na: 3\n", "f.yaml").problems
    assert [(p.line, p.column, p.path, p.code, p.args) for p in problems] == [
        (3, 1, "a", "duplicate_key", {"key": "a", "first_line": 1})]


def test_tab_indentation() -> None:
    assert codes("a:\n\t- b\n") == [(2, 1, "yaml_tab")]


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    assert codes('a: 1\nb: "open\nc: 2\n') == [(2, 4, "yaml_unclosed_quote")]


def test_aliases_are_refused_before_they_can_expand() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    loaded = load_text(bomb, "f.yaml")
    assert loaded.root is None
    assert [p.code for p in loaded.problems] == ["yaml_alias"]


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    loaded = load_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "f.yaml")
    assert loaded.root is None
    assert [p.code for p in loaded.problems] == ["yaml_too_deep"]


def test_python_tags_are_refused() -> None:
    assert [c for _, _, c in codes("a: !!python/object:os.system x\n")] == ["yaml_tag"]


def test_empty_and_comment_only_files(tmp_path: Path) -> None:
    for text in ("", "\n\n", "# only a comment\n"):
        path = tmp_path / "p.yaml"
        path.write_text(text)
        assert [p.code for p in load_file(path).problems] == ["file_empty"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes("a: ok\nb: Str\xf6mblad\n".encode("latin-1"))
    assert [(p.line, p.code) for p in load_file(path).problems] == [(2, "not_utf8")]


def test_bom_and_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    loaded = load_file(path)
    assert loaded.problems == []
    assert isinstance(loaded.root, Mapping)
    _, value = loaded.root.items["b"]
    assert isinstance(value, Scalar) and (value.value, value.line) == ("two", 2)


def test_missing_file(tmp_path: Path) -> None:
    assert [p.code for p in load_file(tmp_path / "nope.yaml").problems] == ["file_missing"]


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.yaml"
    with path.open("wb") as f:
        f.truncate(50 * 1000 * 1000)  # sparse: costs no disk

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    problems = load_file(path).problems
    assert [(p.code, p.args["size"]) for p in problems] == [("file_too_large", 50_000_000)]


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    """A billion-laughs document is refused at the first anchor, before any node is expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    loaded = load_text("\n".join(lines) + "\n", "f.yaml")
    assert loaded.root is None
    assert [(p.line, p.code) for p in loaded.problems] == [(1, "yaml_alias")]


def test_ten_thousand_levels_of_block_nesting() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(10_000)) + "  " * 10_000 + "v: 1\n"
    loaded = load_text(text, "f.yaml")
    assert loaded.root is None
    assert [p.code for p in loaded.problems] == ["yaml_too_deep"]


# --- exact positions in files full of multi-byte characters (issue 15) ---------------------

MULTIBYTE = "a: Medborgarlöften i Åmål och Älvängen 🚓😊\nb:\n  - Ö-vik 🌟 Ärligt\n"
# Every character YAML refuses that can stand in a UTF-8 file: C0 controls but tab, LF and CR;
# DEL; C1 controls but NEL; and the non-characters U+FFFE and U+FFFF.
REFUSED = [*(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)), "\x7f",
           *(chr(c) for c in range(0x80, 0xA0) if c != 0x85), "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_every_reader_error_is_placed_exactly_after_multibyte_text(char: str) -> None:
    line = f"  - Åsa 🌟 Öberg{char}x\n"
    problems = load_text(MULTIBYTE + line, "f.yaml").problems
    # line 4; the column counts characters: "  - Åsa 🌟 Öberg" is 15 of them
    assert [(p.line, p.column, p.code, p.args) for p in problems] == [
        (4, 16, "yaml_control_character", {"code": f"U+{ord(char):04X}"})]


def test_reader_error_position_is_exact_wherever_the_character_stands() -> None:
    text = MULTIBYTE * 3 + "c: ääää 😊😊 ö\n"
    for index in range(len(MULTIBYTE), len(text), 7):
        if text[index] == "\n":
            continue
        bad = text[:index] + "\x07" + text[index:]
        (problem,) = load_text(bad, "f.yaml").problems
        expected_line = bad.count("\n", 0, index) + 1
        expected_column = index - (bad.rfind("\n", 0, index) + 1) + 1
        assert (problem.line, problem.column) == (expected_line, expected_column), index


@pytest.mark.parametrize(("prefix", "newline"), [(b"", b"\n"), (b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n"),
                                                 (b"\xef\xbb\xbf", b"\r\n"), (b"", b"\r")])
def test_bytes_that_are_not_utf8_are_placed_in_characters(tmp_path: Path, prefix: bytes, newline: bytes) -> None:
    lines = [MULTIBYTE.splitlines()[0].encode(), "b: Åsa 😊 ".encode() + b"\xe5sa"]  # Latin-1 å
    path = tmp_path / "f.yaml"
    path.write_bytes(prefix + newline.join(lines) + newline)
    (problem,) = load_file(path).problems
    assert (problem.line, problem.column, problem.code) == (2, 10, "not_utf8")
    assert problem.args == {"offset": len(prefix) + len(lines[0]) + len(newline) + len("b: Åsa 😊 ".encode())}


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("a: å\n".encode("utf-16"))
    assert [(p.line, p.column, p.code) for p in load_file(path).problems] == [(1, 1, "utf16")]


UPDATE = "u:\n  - date: 2024-02-01\n    status: done\n    text: x\n"


@pytest.mark.parametrize("date", ["2024-02-01", '"2024-02-01"', "'2024-02-01'"])
@pytest.mark.parametrize(("spaces", "hint"), [(5, "remove_spaces"), (6, "remove_spaces"), (3, "add_spaces")])
def test_indentation_names_the_siblings_column_and_quoting_does_not_change_the_advice(
        date: str, spaces: int, hint: str) -> None:
    text = UPDATE.replace("2024-02-01", date).replace("    status", " " * spaces + "status")
    (problem,) = load_text(text, "f.yaml").problems
    assert (problem.line, problem.column, problem.code, problem.hint) == (3, spaces + 1, "yaml_indent", hint)
    assert problem.args == {"indent": spaces, "column": 5}
    assert problem.hint_args["count"] == abs(spaces - 4)


def test_a_colon_in_text_still_gets_the_quoting_advice() -> None:
    for text in ("a: Viktigt: trygghet\n", "a: Viktigt\n  Möte: kl 18\n"):
        (problem,) = load_text(text, "f.yaml").problems
        assert (problem.code, problem.hint) == ("yaml_colon", "quote_text"), text
