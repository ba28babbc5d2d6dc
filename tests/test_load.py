"""load: YAML to nodes with line marks; traps refused or kept as the text the editor wrote."""

from __future__ import annotations

from pathlib import Path

from generator.load import Mapping, Scalar, Sequence, load_file, load_text


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
