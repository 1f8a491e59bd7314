"""``core.kept.Kept``: built once per key, the least recently used dropped first."""

from core.kept import Kept


def test_a_value_is_built_once_and_the_least_recently_used_goes_first():
    built: list[str] = []
    kept: Kept[str] = Kept(2)

    def build(key: str):
        return lambda: built.append(key) or key.upper()

    assert kept.get_or_build("a", build("a")) == "A"
    assert kept.get_or_build("a", build("a")) == "A"
    kept.get_or_build("b", build("b"))
    kept.get_or_build("a", build("a"))  # "a" is now the most recently used
    kept.get_or_build("c", build("c"))  # so "b" goes
    kept.get_or_build("a", build("a"))
    kept.get_or_build("b", build("b"))

    assert built == ["a", "b", "c", "b"]
