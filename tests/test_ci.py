"""The CI material a knowledge-base repository includes: ci/gitlab-ci.yml and .pre-commit-hooks.yaml.

The pipeline is checked the way GitLab would see it (the YAML, every job's stage, every
``efa-kb …`` command line against the real click command tree), and its plan job is run
for real in a git copy of the example: the affected states, the child pipeline it writes
(one build job per state, deploy jobs only on the default branch) and the deploy script,
which swaps a state's site in with one rename and keeps the last releases. The pre-commit
hook is installed from this repository by pre-commit (from PyPI) and blocks a bad commit.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import click
import pytest
import yaml

from efa_kb.cli import main
from tests.conftest import MINIMAL, REPO, copy_example, write_files
from tests.test_overlays import git

CI_FILE = REPO / "ci" / "gitlab-ci.yml"
BIN = Path(sys.executable).parent
SHELL_OPERATORS = {";", "&&", "||", "|", ">", ">>", "<", "(", ")", "&", "2>", "<<"}


def pipeline() -> dict:
    return yaml.safe_load(CI_FILE.read_text(encoding="utf-8"))


def jobs(config: dict) -> dict[str, dict]:
    reserved = {"variables", "stages", "include", "workflow", "default"}
    return {name: job for name, job in config.items() if name not in reserved and not name.startswith(".")}


def script_lines(config: dict, job: dict) -> list[str]:
    """Every shell line a job runs (its own and those of the templates it extends)."""
    items: list[str] = []
    for parent in ([job.get("extends")] if isinstance(job.get("extends"), str) else job.get("extends") or []):
        items += script_lines(config, config[parent])
    for key in ("before_script", "script"):
        items += job.get(key) or []
    return [line for item in items for line in item.split("\n")]


def expand(line: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: variables.get(m.group(1), m.group(0)), line)


def invocations(lines: list[str], variables: dict[str, str]) -> list[list[str]]:
    """The arguments of every ``efa-kb`` command in shell lines (other lines are skipped)."""
    found = []
    for line in lines:
        try:
            lexer = shlex.shlex(expand(line, variables), posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:
            continue  # not a shell line (the generator's Python)
        for i, token in enumerate(tokens):
            if token == "efa-kb" and (i == 0 or tokens[i - 1] in SHELL_OPERATORS | {"then", "do", "else"}):
                args = []
                for arg in tokens[i + 1:]:
                    if arg in SHELL_OPERATORS:
                        break
                    args.append(arg)
                found.append(args)
    return found


def parse_command(args: list[str]) -> str:
    """Parse ``efa-kb ARGS`` with the real command tree, as running it would; returns the command path."""
    ctx = main.make_context("efa-kb", list(args))
    command: click.Command = main
    path = ["efa-kb"]
    while isinstance(command, click.Group):
        with warnings.catch_warnings():  # click 8.2+: protected_args is deprecated, still holds the name
            warnings.simplefilter("ignore", DeprecationWarning)
            remaining = [*ctx.protected_args, *ctx.args]
        name, sub, rest = command.resolve_command(ctx, remaining)
        assert sub is not None and name is not None
        ctx = sub.make_context(name, rest, parent=ctx)
        command, path = sub, [*path, name]
    return " ".join(path)


def test_the_pipeline_is_valid_yaml_whose_jobs_run_existing_commands():
    config = pipeline()
    stages = config["stages"]
    variables = {k: str(v) for k, v in config["variables"].items()}
    called = set()
    for name, job in jobs(config).items():
        assert job.get("stage") in stages, f"{name}: stage {job.get('stage')!r} is not one of {stages}"
        for args in invocations(script_lines(config, job), variables):
            try:
                called.add(parse_command(args))
            except click.UsageError as error:
                pytest.fail(f"{name}: efa-kb {' '.join(args)}: {error.format_message()}")
    assert {"efa-kb check", "efa-kb affected", "efa-kb build"} <= called
    check = jobs(config)["efa-kb:check"]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert check["artifacts"]["when"] == "always", "the report is kept when check fails"
    assert jobs(config)["efa-kb:states"]["trigger"]["include"][0]["artifact"] == "efa-kb-states.yml"


def run_plan(root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The plan job's script, in one shell as the runner runs it."""
    job = jobs(pipeline())["efa-kb:plan"]
    script = "\n".join(job["script"])
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", **env}, check=False)


@pytest.fixture
def example_git(tmp_path: Path) -> Path:
    root = copy_example(tmp_path / "kb")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "example")
    faq = root / "content/services/elterngeld/faq/basiselterngeld.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\nMehr.\n", encoding="utf-8")
    git(root, "commit", "-qam", "elterngeld")
    return root


def ci_env(root: Path, **extra: str) -> dict[str, str]:
    head = git(root, "rev-parse", "HEAD").strip()
    before = git(root, "rev-parse", "HEAD~1").strip()
    return {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main",
            "CI_COMMIT_SHA": head, "CI_COMMIT_BEFORE_SHA": before, "CI_COMMIT_SHORT_SHA": head[:8],
            "EFA_KB_DEPLOY_PATH": "", **extra}


def test_plan_writes_a_child_pipeline_with_one_build_per_affected_state(example_git):
    merge_request = ci_env(example_git, CI_PIPELINE_SOURCE="merge_request_event", CI_COMMIT_BRANCH="",
                           CI_MERGE_REQUEST_DIFF_BASE_SHA=git(example_git, "rev-parse", "HEAD~1").strip(),
                           EFA_KB_DEPLOY_PATH="/srv/kb")
    done = run_plan(example_git, merge_request)
    assert done.returncode == 0, done.stderr
    assert json.loads((example_git / "affected.json").read_text())["states"] == ["be", "sh"]  # by has no Elterngeld
    child = yaml.safe_load((example_git / "efa-kb-states.yml").read_text(encoding="utf-8"))
    assert sorted(jobs(child)) == ["build:be", "build:sh"], "a merge request deploys nothing"
    assert child["build:be"]["artifacts"]["paths"] == ["site/be/"]
    for name, job in jobs(child).items():
        assert job["stage"] in child["stages"]
        for args in invocations(script_lines(child, job), {}):
            assert parse_command(args) == "efa-kb build", (name, args)
    assert invocations(child["build:sh"]["script"], {}) == [["build", "--state", "sh", "--out", "site"]]

    first_push = ci_env(example_git, CI_COMMIT_BEFORE_SHA="0" * 40, EFA_KB_DEPLOY_PATH="/srv/kb")
    done = run_plan(example_git, first_push)
    assert done.returncode == 0, done.stderr
    assert json.loads((example_git / "affected.json").read_text()) | {"revisions": ""} == {
        "revisions": "", "states": ["be", "by", "sh"], "all": True}
    child = yaml.safe_load((example_git / "efa-kb-states.yml").read_text(encoding="utf-8"))
    assert sorted(jobs(child)) == ["build:be", "build:by", "build:sh", "deploy:be", "deploy:by", "deploy:sh"]
    assert child["deploy:by"]["script"] == ["sh efa-kb-deploy.sh by"]
    assert {"pipeline": "$PARENT_PIPELINE_ID", "job": "efa-kb:plan"} in child["deploy:by"]["needs"]


def test_a_change_that_touches_no_state_gets_a_valid_child_pipeline(example_git):
    (example_git / "README.txt").write_text("nur eine Notiz\n", encoding="utf-8")
    git(example_git, "add", "-A")
    git(example_git, "commit", "-qm", "note")
    done = run_plan(example_git, ci_env(example_git))
    assert done.returncode == 0, done.stderr
    child = yaml.safe_load((example_git / "efa-kb-states.yml").read_text(encoding="utf-8"))
    assert list(jobs(child)) == ["nothing-to-build"]  # GitLab refuses a pipeline without jobs


def test_deploy_swaps_each_state_in_with_one_rename_and_keeps_the_last_releases(example_git, tmp_path):
    done = run_plan(example_git, ci_env(example_git))
    assert done.returncode == 0, done.stderr
    target = tmp_path / "srv"
    (target / "by").mkdir(parents=True)  # a site deployed before, as a plain folder
    (target / "by" / "index.html").write_text("alt", encoding="utf-8")
    work = tmp_path / "job"
    site = work / "site" / "by"
    site.mkdir(parents=True)
    shutil.copy(example_git / "efa-kb-deploy.sh", work)
    (work / "site" / "index.html").write_text("Startseite", encoding="utf-8")
    env = {**os.environ, "EFA_KB_DEPLOY_PATH": str(target), "EFA_KB_DEPLOY_HOST": "", "EFA_KB_KEEP": "2"}
    for number in range(1, 5):
        (site / "index.html").write_text(f"Fassung {number}", encoding="utf-8")
        run = subprocess.run(["sh", "efa-kb-deploy.sh", "by", "--landing"], cwd=work, capture_output=True, text=True,
                             env={**env, "CI_COMMIT_SHORT_SHA": f"c{number}"}, check=False)
        assert run.returncode == 0, run.stderr
        assert (target / "by").is_symlink()
        assert (target / "by" / "index.html").read_text(encoding="utf-8") == f"Fassung {number}"
        assert "by: " in run.stdout and "veröffentlicht" in run.stdout
    releases = sorted(p.name for p in (target / ".releases" / "by").iterdir())
    assert len(releases) == 2 and releases[-1].endswith("-c4"), releases  # the plain folder was kept, then pruned
    assert os.readlink(target / "by") == f".releases/by/{releases[-1]}"
    assert (target / "index.html").read_text(encoding="utf-8") == "Startseite"
    assert not any(p.name.startswith(".by.new") for p in target.iterdir())
    missing = subprocess.run(["sh", "efa-kb-deploy.sh", "be"], cwd=work, capture_output=True, text=True, env=env, check=False)
    assert missing.returncode == 1 and "site/be/ wurde nicht gebaut" in missing.stderr


# -- the pre-commit hook ------------------------------------------------------------------------


def test_the_hook_manifest_is_valid():
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in manifest] == ["efa-kb-check", "efa-kb-check-system"]
    for hook in manifest:
        assert parse_command(shlex.split(hook["entry"])[1:]) == "efa-kb check"
    done = subprocess.run([str(BIN / "pre-commit"), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_pre_commit_hook_blocks_a_commit_with_content_errors(tmp_path):
    """pre-commit installs the hook from this repository's last commit (its .pre-commit-hooks.yaml
    and package), like any knowledge-base repository that lists it in .pre-commit-config.yaml."""
    rev = git(REPO, "rev-parse", "HEAD").strip()
    root = write_files(tmp_path / "kb", {**MINIMAL, ".pre-commit-config.yaml": f"""
        repos:
          - repo: {REPO}
            rev: {rev}
            hooks:
              - id: efa-kb-check
        """})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "PATH": f"{BIN}:{os.environ['PATH']}",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=root, capture_output=True, text=True, env=env, check=False)

    assert run("git", "init", "-q").returncode == 0
    installed = run(str(BIN / "pre-commit"), "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    run("git", "add", "-A")
    good = run("git", "commit", "-qm", "Inhalte")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "efa-kb check" in good.stdout + good.stderr and "Passed" in good.stdout + good.stderr

    faq = root / "content/services/wohngeld/faq/antrag-absenden.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("category: antrag", "category: antrg"), encoding="utf-8")
    run("git", "add", "-A")
    bad = run("git", "commit", "-qm", "Tippfehler")
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert ("content/services/wohngeld/faq/antrag-absenden.md:3: Fehler [unknown-category]: Die Kategorie 'antrg' steht "
            "nicht in content/categories.yml\n    Lösung: Meinten Sie 'antrag'?\n1 Fehler, 0 Warnungen in 1 Land.\n") in output
    assert run("git", "rev-list", "--count", "HEAD").stdout.strip() == "1", "the bad commit was not made"
