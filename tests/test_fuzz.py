"""Hundreds of broken copies of the example: ``efa-kb check`` answers each with 0 or 1, never a traceback.

Mutations with fixed seeds: a file truncated, bytes flipped, lines deleted or
duplicated, YAML or Markdown nested very deep. When the check fails, it names
the file that was broken (as the problem's path or in a message about it).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from efa_kb.cli import main
from tests.conftest import copy_example

SEEDS = range(240)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("fuzz") / "kb")


def candidates(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".yml", ".xml"))


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    how = rng.choice(["truncate", "flip", "delete-lines", "duplicate-line", "deep-yaml", "deep-markdown", "empty",
                      "binary"])
    if how == "truncate":
        return data[: rng.randrange(0, max(1, len(data)))], how
    if how == "flip":
        mutable = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if mutable:
                mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return bytes(mutable), how
    lines = data.split(b"\n")
    if how == "delete-lines":
        start = rng.randrange(len(lines))
        del lines[start:start + rng.randint(1, 4)]
        return b"\n".join(lines), how
    if how == "duplicate-line":
        at = rng.randrange(len(lines))
        lines.insert(at, lines[at])
        return b"\n".join(lines), how
    if how == "deep-yaml":
        at = rng.randrange(len(lines))
        lines.insert(at, b"x: " + b"[" * 400 + b"]" * 400)
        return b"\n".join(lines), how
    if how == "deep-markdown":
        return data + b"\n" + b"".join(b"    " * i + b"- a\n" for i in range(300)), how
    if how == "empty":
        return b"", how
    return bytes(rng.randrange(256) for _ in range(200)), how


@pytest.mark.parametrize("seed", SEEDS)
def test_a_broken_file_gets_an_answer_not_a_traceback(pristine, tmp_path, seed, fixed_now):
    root = Path(shutil.copytree(pristine, tmp_path / "kb"))
    rng = random.Random(seed)
    target = rng.choice(candidates(root))
    mutated, how = mutate(target.read_bytes(), rng)
    target.write_bytes(mutated)
    result = CliRunner().invoke(main, ["--root", str(root), "check"])
    name = target.relative_to(root).as_posix()
    assert result.exit_code in (0, 1), f"{how} of {name}: exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{how} of {name} raised {result.exception!r}"
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert name in result.output or Path(name).stem in result.output, \
            f"{how} of {name}: the check failed without naming the file\n{result.output[-2000:]}"
