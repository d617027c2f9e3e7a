"""``efa-kb check --format codequality``: problems as a GitLab Code Quality report.

GitLab shows such a report (a JSON list in a subset of Code Climate's issue format) in a
merge request's widget and its diff, next to the line a problem is on. Each issue needs a
``fingerprint`` that stays the same while the problem does: it is made of the severity,
the file and the message (not the line, which moves when lines are added above it), and
a counter for identical problems in one file. The machine fields (``check_name``,
``severity``, ``categories``, ``location``) are as GitLab reads them; the description is
the German line an editor sees in ``check``, with its problem code in front.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from efa_kb.problems import Problem, Severity

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor"}
"""Errors stop a build and its deployment (critical); warnings fail only with --strict (minor)."""


def code_quality(problems: list[Problem]) -> str:
    """The report for ``problems``, sorted by file and line, as JSON text."""
    seen: Counter[str] = Counter()
    issues: list[dict[str, Any]] = []
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)):
        identity = f"{problem.severity.value}\0{problem.path}\0{problem.message}"
        seen[identity] += 1
        description = f"[{problem.code}] {problem.message}" if problem.code else problem.message
        if problem.fix:
            description += f" (Lösung: {problem.fix})"
        issues.append({
            "type": "issue",
            "check_name": f"efa-kb-{problem.severity.value}",
            "description": description,
            "categories": ["Bug Risk"] if problem.severity is Severity.ERROR else ["Clarity"],
            "severity": SEVERITIES[problem.severity],
            "fingerprint": hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest(),
            "location": {"path": problem.path, "lines": {"begin": problem.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
