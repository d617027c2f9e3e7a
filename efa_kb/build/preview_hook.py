"""MkDocs hook used by ``efa-kb serve``: regenerate the pages before every build."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.efa_kb")


def on_pre_build(config, **kwargs):
    from efa_kb.preview import regenerate

    root, state = os.environ["EFA_KB_PREVIEW"].split(os.pathsep)
    for problem in regenerate(Path(root), state, Path(config["docs_dir"])):
        log.warning(problem)
