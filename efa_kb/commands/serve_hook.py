"""MkDocs hook used by ``efa-kb serve``: regenerate the pages before every build."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from efa_kb.commands.serve import ENVIRONMENT, regenerate

log = logging.getLogger("mkdocs.efa_kb")


def on_pre_build(config: Any, **kwargs: Any) -> None:
    root, state = os.environ[ENVIRONMENT].split(os.pathsep)
    for problem in regenerate(Path(root), state, Path(config["docs_dir"])):
        log.warning(problem)
