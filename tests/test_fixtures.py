"""Finding fixture files, and decoding them whatever their encoding; bad files say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbot.fixtures import (
    FixturesNotFound,
    UnreadableFile,
    decode,
    file_uri,
    find_files,
    read_text,
)

TEXT = "Headline – “quoted” café\nSecond line £5 naïve\n"

ENCODED = {
    "UTF-8": TEXT.encode("utf-8"),
    "UTF-8 with a byte-order mark": TEXT.encode("utf-8-sig"),
    "Windows-1252": TEXT.encode("cp1252"),
    "UTF-16 with a byte-order mark": TEXT.encode("utf-16"),
    "UTF-16 big-endian with a byte-order mark": b"\xfe\xff" + TEXT.encode("utf-16-be"),
}


@pytest.mark.parametrize("data", ENCODED.values(), ids=ENCODED.keys())
def test_decode(data: bytes) -> None:
    assert decode(data) == TEXT


def test_decode_latin1() -> None:
    text = "Caf\u00e9 na\u00efve \u00a3 \u00bd \u00c5ngstr\u00f6m"
    assert decode(text.encode("latin-1")) == text


def test_decode_bytes_unassigned_in_windows_1252() -> None:
    assert decode(b"caf\xe9 \x81") == "café \x81"


def test_decode_utf8_with_windows_1252_bytes_in_it() -> None:
    # Read as Windows-1252 throughout, the UTF-8 line would be mojibake ("CafÃ© â€”").
    data = "Café — “quoted”\n".encode() + "naïve £5 — ‘pasted’".encode("cp1252")
    assert decode(data) == "Café — “quoted”\nnaïve £5 — ‘pasted’"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500),
        b"%PDF-1.7\n" + bytes(range(32)) * 10,
    ],
    ids=["random bytes", "PNG", "PDF"],
)
def test_decode_refuses_binary(data: bytes) -> None:
    with pytest.raises(UnreadableFile) as error:
        decode(data)
    assert error.value.code == "binary"


def test_read_text_refuses_empty_and_blank_files(tmp_path: Path) -> None:
    for name, content in [("empty.txt", b""), ("blank.txt", b" \n\r\n\t\n")]:
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(UnreadableFile) as error:
            read_text(path, max_bytes=1000)
        assert error.value.code == "empty"


def test_read_text_refuses_files_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 101)
    with pytest.raises(UnreadableFile) as error:
        read_text(path, max_bytes=100)
    assert error.value.code == "too_large"
    assert read_text(path, max_bytes=101) == "x" * 101


def test_read_text_reports_a_file_it_cannot_open(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as error:
        read_text(tmp_path / "gone.txt", max_bytes=100)
    assert error.value.code == "unreadable"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.txt",
        "page.html",
        "notes.md",
        ".hidden.txt",
        "sub/c.txt",
        "sub/d.htm",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return tmp_path


def names(paths: object, root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]  # type: ignore[attr-defined]


def test_a_directory_is_searched_recursively_in_name_order(tree: Path) -> None:
    assert names(find_files(str(tree)), tree) == [
        "a.txt",
        "b.txt",
        "page.html",
        "sub/c.txt",
        "sub/d.htm",
    ]


def test_a_file_is_taken_as_it_is(tree: Path) -> None:
    assert names(find_files(str(tree / "notes.md")), tree) == ["notes.md"]


def test_a_glob_names_files_and_directories(tree: Path) -> None:
    assert sorted(names(find_files(str(tree / "*.txt")), tree)) == ["a.txt", "b.txt"]
    assert sorted(names(find_files(str(tree / "**" / "*.txt")), tree)) == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]
    assert sorted(names(find_files(str(tree / "**")), tree)) == [
        "a.txt",
        "b.txt",
        "notes.md",
        "page.html",
        "sub/c.txt",
        "sub/d.htm",
    ]


def test_a_glob_does_not_search_the_directories_it_matches(tree: Path) -> None:
    with pytest.raises(FixturesNotFound):
        find_files(str(tree / "su?"))


def test_a_path_that_does_not_exist(tree: Path) -> None:
    with pytest.raises(FixturesNotFound, match="no such file or directory"):
        find_files(str(tree / "missing"))
    with pytest.raises(FixturesNotFound, match="no file matches"):
        find_files(str(tree / "*.json"))


def test_file_uri_is_that_of_pathlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The URI of the file's real path, as ``Path.resolve().as_uri()`` gives it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to("real")
    (tmp_path / "real" / "a.txt").write_text("x")
    for name in [
        "a.txt",
        "dir/with space/ü #1?.txt",
        "../up%20.html",
        "link/a.txt",  # through a folder symlink
        "link/../b.txt",  # ".." after a symlink goes up from where the link leads
        "missing/x.txt",
    ]:
        assert file_uri(Path(name)) == Path(name).resolve().as_uri(), name


@pytest.fixture
def one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """samples/a.txt, with a symlink to it, a chain of two, and a symlink to its folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "a.txt").write_text("x")
    (tmp_path / "alias.txt").symlink_to("samples/a.txt")
    (tmp_path / "chain.txt").symlink_to("alias.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "samples")
    return tmp_path / "samples" / "a.txt"


SPELLINGS = {
    "relative": "samples/a.txt",
    "absolute": "{root}/samples/a.txt",
    "with ./ and //": "./samples/.//a.txt",
    "a symlink to the file": "alias.txt",
    "a symlink to that symlink": "chain.txt",
    "through a folder symlink": "linked/a.txt",
    "through ..": "linked/../samples/a.txt",
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_path_to_a_file_gives_the_uri_of_the_file(one_file: Path, spelling: str) -> None:
    path = Path(spelling.format(root=one_file.parent.parent))
    assert file_uri(path) == one_file.resolve().as_uri()
