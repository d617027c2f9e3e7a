"""The XZuFi catalogue cache: right or not used, never half an entry, never an error."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

import efa_kb.load.xzufi.parse as xzufi_parse
from efa_kb.load.cache import repository_cache
from efa_kb.load.repository import load_repository
from efa_kb.load.xzufi import cache as xzufi_cache
from efa_kb.load.xzufi import load_xzufi
from efa_kb.model.xzufi import XzufiCatalog
from efa_kb.problems import Problems

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "xzufi"
KINDS = ("leistungen", "offices", "online_services", "transfers", "regions")


def repository(tmp_path: Path) -> Path:
    """The example's XZuFi files plus two that report problems (a warning, an error)."""
    root = tmp_path / "kb"
    shutil.copytree(REPO / "xzufi", root / "xzufi")
    shutil.copyfile(FIXTURES / "double-escaped.xml", root / "xzufi" / "zz-doppelt.xml")
    shutil.copyfile(FIXTURES / "truncated.xml", root / "xzufi" / "zz-kaputt.xml")
    return root


def folder(root: Path) -> Path:
    return repository_cache(root, "xzufi")


def load(root: Path, cached: bool = True) -> tuple[XzufiCatalog, Problems]:
    problems = Problems()
    return load_xzufi(root, problems, folder(root) if cached else None), problems


def entries(root: Path) -> list[Path]:
    return sorted(folder(root).glob("*" + xzufi_cache.SUFFIX))


def snapshot(catalog: XzufiCatalog) -> tuple[object, ...]:
    """Everything a catalogue holds, where it was read included (records compare without it)."""
    records = tuple(dict(getattr(catalog, kind)) for kind in KINDS)
    sources = tuple({key: value.source for key, value in getattr(catalog, kind).items()} for kind in KINDS)
    return records, sources, dict(catalog.code_lists)


def test_a_hit_gives_the_records_and_problems_of_the_parse(tmp_path: Path) -> None:
    root = repository(tmp_path)
    uncached, uncached_problems = load(root, cached=False)
    first, first_problems = load(root)
    assert len(entries(root)) == 1
    second, second_problems = load(root)
    assert snapshot(first) == snapshot(second) == snapshot(uncached)
    assert uncached_problems.items == first_problems.items == second_problems.items
    assert uncached_problems.warnings and uncached_problems.errors  # both kinds come back


def test_files_parsed_on_several_cores_give_the_catalogue_and_problems_of_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A federal catalogue is parsed in several processes; what comes out is the same, in order."""
    root = repository(tmp_path)
    one, one_problems = load(root, cached=False)
    monkeypatch.setattr("efa_kb.load.xzufi.PARALLEL_BYTES", 0)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    several, several_problems = load(root, cached=False)
    assert snapshot(several) == snapshot(one)
    assert several_problems.items == one_problems.items and one_problems.errors


def test_a_hit_does_not_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path)
    load(root)
    monkeypatch.setattr("efa_kb.load.xzufi.parse_bytes", lambda data: pytest.fail("parsed again"))
    catalog, _ = load(root)
    assert len(catalog.leistungen) > 5


@pytest.mark.parametrize("change", ["changed", "added", "removed", "renamed"])
def test_a_changed_added_removed_or_renamed_file_is_read_again(tmp_path: Path, change: str) -> None:
    root = repository(tmp_path)
    before, _ = load(root)
    files = root / "xzufi"
    if change == "changed":
        path = files / "bund-leistungen.xml"
        path.write_text(path.read_text(encoding="utf-8").replace("Mieterinnen und Mieter", "Mietende"),
                        encoding="utf-8")
    elif change == "added":
        shutil.copyfile(FIXTURES / "html-cdata.xml", files / "zz-neu.xml")
    elif change == "removed":
        (files / "aenderungen-maerz.xml").unlink()
    else:  # the name is in the problems and the order of equal-time messages
        (files / "zz-kaputt.xml").rename(files / "zz-defekt.xml")
    after, after_problems = load(root)
    fresh, fresh_problems = load(root, cached=False)
    assert snapshot(after) == snapshot(fresh) and after_problems.items == fresh_problems.items
    assert snapshot(after) != snapshot(before) or change == "renamed"
    assert len(entries(root)) == 2
    if change == "renamed":
        assert {p.path for p in after_problems.errors} == {"xzufi/zz-defekt.xml"}


def test_other_parse_limits_are_another_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path)
    load(root)
    monkeypatch.setattr(xzufi_parse, "MAX_BYTES", 100)
    catalog, problems = load(root)
    assert len(catalog) == 0 and all("mehr als die erlaubten 100" in p.message
                                     for p in problems.errors if p.path != "xzufi/zz-kaputt.xml")


def forge(valid: bytes, how: str) -> bytes:
    """A broken or forged entry made from a ``valid`` one."""
    if how in ("garbage", "truncated"):
        return b"\x00not gzip at all" if how == "garbage" else valid[: len(valid) // 2]
    if how == "not json":
        return gzip.compress(b"{nope")
    if how == "bomb":
        return gzip.compress(b" " * (xzufi_cache.MAX_ENTRY_BYTES + 1))
    data = json.loads(gzip.decompress(valid))
    text = json.dumps(data, ensure_ascii=False)
    if how == "other format":
        data["format"] = xzufi_cache.FORMAT + 1
    elif how == "wrong type":
        data["catalog"][0][0][1][1] = 42  # the first Leistung's title
    elif how == "unsafe html":
        text = text.replace("<p>", '<p onclick=\\"alert(1)\\"><script>alert(2)</script>', 1)
        data = json.loads(text)
    elif how == "javascript link":
        data = json.loads(text.replace('"https://www.gesetze-im-internet.de/wogg/"', '"javascript:alert(1)"'))
    return gzip.compress(json.dumps(data).encode())


@pytest.mark.parametrize("how", ["garbage", "truncated", "not json", "other format", "wrong type",
                                 "unsafe html", "javascript link", "bomb"])
def test_a_corrupt_or_forged_entry_is_ignored_and_rewritten(tmp_path: Path, how: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path)
    expected, expected_problems = load(root, cached=False)
    load(root)
    [path] = entries(root)
    valid = path.read_bytes()
    if how == "bomb":
        monkeypatch.setattr(xzufi_cache, "MAX_ENTRY_BYTES", 1024 * 1024)
    path.write_bytes(forge(valid, how))
    catalog, problems = load(root)
    assert snapshot(catalog) == snapshot(expected) and problems.items == expected_problems.items
    assert path.read_bytes() == valid  # written anew


def test_an_unusable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    root = repository(tmp_path)
    expected, expected_problems = load(root, cached=False)
    folder(root).parent.mkdir(parents=True, exist_ok=True)
    folder(root).write_text("a file where the folder should be")
    catalog, problems = load(root)
    assert snapshot(catalog) == snapshot(expected) and problems.items == expected_problems.items


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    root = repository(tmp_path)
    folder(root).mkdir(parents=True)
    folder(root).chmod(0o500)
    try:
        catalog, _ = load(root)
        assert len(catalog.leistungen) > 5 and entries(root) == []
    finally:
        folder(root).chmod(0o700)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_planted_cache_in_the_repository_and_a_linked_entry_are_not_used(tmp_path: Path) -> None:
    root = repository(tmp_path)
    planted = root / ".efa-kb-cache" / "xzufi"  # where caches once lived: never read again
    planted.mkdir(parents=True)
    (planted / "forged.json.gz").write_bytes(b"not a catalogue")
    (root / "content").mkdir()
    load_repository(root, Problems())
    assert [p.name for p in planted.iterdir()] == ["forged.json.gz"]
    assert len(entries(root)) == 1, "the catalogue is cached in efa-kb's cache, outside the repository"
    load(root)
    [path] = entries(root)
    secret = tmp_path / "secret.json.gz"
    path.rename(secret)
    path.symlink_to(secret)  # an entry that is a link is not followed
    expected, _ = load(root, cached=False)
    catalog, _ = load(root)
    assert snapshot(catalog) == snapshot(expected) and not path.is_symlink()


def test_writes_are_atomic_and_leave_no_temporary_file(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path)
    seen: list[tuple[str, int]] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        seen.append((Path(target).name, Path(source).stat().st_size))  # complete before it is visible
        real_replace(source, target)

    monkeypatch.setattr(xzufi_cache.os, "replace", replace)
    load(root)
    [path] = entries(root)
    assert seen == [(path.name, path.stat().st_size)]
    assert [p.name for p in folder(root).iterdir()] == [path.name]


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    root = repository(tmp_path)
    target = root / "xzufi" / "gebiete.xml"
    original = target.read_bytes()
    for number in range(xzufi_cache.KEEP + 2):
        target.write_bytes(original + f"<!-- {number} -->".encode())
        load(root)
    assert len(entries(root)) == xzufi_cache.KEEP


def test_the_repository_loader_uses_the_cache(tmp_path: Path) -> None:
    root = repository(tmp_path)
    (root / "content").mkdir()
    first = load_repository(root, Problems())
    assert len(entries(root)) == 1
    second = load_repository(root, Problems())
    assert snapshot(first.xzufi) == snapshot(second.xzufi)
