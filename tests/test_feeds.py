"""Moving a finished feed file into place: a rename or an append, redone exactly after a
kill, and a file that is gone told apart from one that was moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbot.run.feeds import FeedLost, move_into_place
from newsbot.run.state import FeedFile


def test_a_rename_replaces_the_file_whole(tmp_path: Path) -> None:
    part, final = tmp_path / ".out.part", tmp_path / "out.jsonl"
    part.write_text("new\n")
    final.write_text("old\n")
    feed = FeedFile(str(part), str(final), size=4)
    move_into_place(feed)
    assert final.read_text() == "new\n" and not part.exists()
    move_into_place(feed)  # done again, after a kill before the state heard of it
    assert final.read_text() == "new\n"


def test_an_append_cut_short_is_redone_exactly(tmp_path: Path) -> None:
    part, final = tmp_path / ".out.part", tmp_path / "out.jsonl"
    part.write_text("b\nc\n")
    final.write_text("a\nb\n")  # "a" was there; "b" is half an append that a kill cut short
    feed = FeedFile(str(part), str(final), append_at=2, size=4)
    move_into_place(feed)
    assert final.read_text() == "a\nb\nc\n" and not part.exists()
    move_into_place(feed)  # the part is gone and the file holds it: moved already
    assert final.read_text() == "a\nb\nc\n"


@pytest.mark.parametrize(
    "final_text, append_at",
    [(None, None), ("other\n", None), ("a\n", 2)],
    ids=["no final file", "another final file", "an append never made"],
)
def test_a_hidden_file_that_is_gone_is_lost_not_moved(
    tmp_path: Path, final_text: str | None, append_at: int | None
) -> None:
    final = tmp_path / "out.jsonl"
    if final_text is not None:
        final.write_text(final_text)
    feed = FeedFile(str(tmp_path / ".out.part"), str(final), append_at=append_at, size=8)
    with pytest.raises(FeedLost):
        move_into_place(feed)
