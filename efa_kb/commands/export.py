"""``efa-kb export``: a state's merged content as JSON, for other systems."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from efa_kb.merge.state_view import StateView


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def export_state(view: StateView) -> str:
    """The merged articles, services, incidents and routing of one state, as sorted JSON."""
    data = {
        "state": _plain(view.state),
        "services": _plain(view.services),
        "articles": [
            {**_plain(article), "url": f"{article.id}/"} for article in view.articles.values()
        ],
        "incidents": _plain(view.incidents),
        "routing": _plain(view.routing),
        "categories": _plain(list(view.categories.values())),
        "glossary": _plain(view.glossary),
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
