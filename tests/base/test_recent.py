"""Recent: the values of the last few objects asked about, found by identity."""

from __future__ import annotations

from skillkit.recent import Recent


def test_a_value_is_made_once_per_object_and_found_by_identity_not_by_value() -> None:
    made: list[str] = []
    recent = Recent(lambda text: made.append(text) or len(text), 2)
    first = "x" * 1000
    equal = "".join(["x"] * 1000)  # equal to `first`, another object
    assert first == equal and first is not equal
    assert recent(first) == 1000 and recent(first) == 1000
    assert len(made) == 1, "asked again as the same object: kept"
    assert recent(equal) == 1000
    assert len(made) == 2, "an equal text that is another object is made again"


def test_only_the_last_size_objects_are_kept() -> None:
    made: list[str] = []
    recent = Recent(lambda text: made.append(text) or text.upper(), 2)
    a, b, c = "a" * 50, "b" * 50, "c" * 50
    for text in (a, b, c, c, b):
        recent(text)
    assert made == [a, b, c], "b and c were kept"
    recent(a)
    assert made == [a, b, c, a], "a had been dropped for the two newer ones"
