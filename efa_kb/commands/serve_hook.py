"""MkDocs hook used by ``efa-kb serve``: regenerate the pages before every build, and
add the feeds and the search index after it."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from efa_kb.commands.serve import ENVIRONMENT, PROBLEMS_LOGGER, Preview, complete_site, regenerate

log = logging.getLogger(PROBLEMS_LOGGER)
_LAST = Preview()
"""The last regeneration without errors: after a failed one the preview keeps showing it."""


def on_pre_build(config: Any, **kwargs: Any) -> None:
    global _LAST
    root, state = os.environ[ENVIRONMENT].split(os.pathsep)
    preview = regenerate(Path(root), state, Path(config["docs_dir"]))
    for problem in preview.problems:
        log.error(problem)
    if preview.view is not None:
        _LAST = preview


def on_post_build(config: Any, **kwargs: Any) -> None:
    complete_site(_LAST, Path(config["site_dir"]))
