"""Reading ``overlays/<state>/state.yml`` and ``municipalities/<ARS>/municipality.yml``."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from efa_kb.load.content import contact_from
from efa_kb.load.files import read_yaml_mapping, rel
from efa_kb.load.routing import read_routing
from efa_kb.load.schema import Context, read_mapping
from efa_kb.load.schemas import MUNICIPALITY, SITE_URL, STATE
from efa_kb.load.yamlio import YamlList
from efa_kb.model.content import Contact
from efa_kb.model.provenance import Level, Origin
from efa_kb.model.states import Municipality, ServiceDesk, State
from efa_kb.problems import Problems

STATE_CODE = re.compile(r"[a-z]{2}")


def state_folders(root: Path) -> list[Path]:
    """Folders below ``overlays/`` that hold a ``state.yml`` (the states)."""
    folder = root / "overlays"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "state.yml").is_file())


SITE_URL_LINE = re.compile(r"""^site_url:[ \t]*(?P<q>["']?)(?P<url>[^"'#\s]*)(?P=q)[ \t]*(?:#.*)?$""", re.MULTILINE)


def repository_site_url(root: Path) -> str | None:
    """``site_url`` of the repository's own mkdocs.yml, as written (it may hold ``{state}``).

    Read by line rather than as YAML: a MkDocs configuration may carry tags (``!ENV``,
    ``!!python/name``) that only MkDocs knows.
    """
    path = root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        return None
    match = SITE_URL_LINE.search(text)
    return match.group("url") or None if match else None


def site_url_for(code: str, own: str | None, repository: str | None) -> str | None:
    """A state's public address: its state.yml ``site_url``; else the repository's mkdocs.yml
    ``site_url`` with ``{state}`` replaced by the state code; else that ``site_url`` taken as the
    address of the output folder, below which each state's site is ``<state>/`` (the layout
    ``efa-kb build`` publishes). Always ends in '/'; None when neither is given."""
    if own:
        url = own
    elif repository and "{state}" in repository:
        url = repository.replace("{state}", code)
    elif repository:
        url = repository.rstrip("/") + f"/{code}/"
    else:
        return None
    return url if url.endswith("/") else url + "/"


def state_site_url(root: Path, code: str) -> str | None:
    """:func:`site_url_for` of state ``code`` read from the files (for the build stage, which
    gets a rendered project, not the state); problems were reported when the state was loaded."""
    own = None
    path = root / "overlays" / code / "state.yml"
    if path.is_file():
        data = read_yaml_mapping(root, path, Problems(), "", "")
        value = data.get("site_url") if data is not None else None
        own = value.strip() if isinstance(value, str) and re.fullmatch(SITE_URL, value.strip()) else None
    return site_url_for(code, own, repository_site_url(root))


BASE_SITE = State(code="basis", name="Basisinhalt", ars_prefix="", path="content")
"""The one site built when a repository has no states yet: all services, no overlays."""


def load_states(root: Path, problems: Problems, services: tuple[str, ...] = ()) -> dict[str, State]:
    """The states of ``overlays/``; without any, one site ``basis`` with every service."""
    states: dict[str, State] = {}
    overlays = root / "overlays"
    if overlays.is_dir():
        for folder in sorted(p for p in overlays.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if not (folder / "state.yml").is_file():
                problems.error(rel(root, folder), None, "Landesordner ohne state.yml",
                               f"Legen Sie {rel(root, folder)}/state.yml mit name und ars_prefix an",
                               code="missing-state-yml")
    for folder in state_folders(root):
        state = _load_state(root, folder, problems)
        if state:
            states[state.code] = state
    if not states and not state_folders(root):
        states[BASE_SITE.code] = replace(BASE_SITE, services=services,
                                         site_url=site_url_for(BASE_SITE.code, None, repository_site_url(root)))
    return states


def _load_state(root: Path, folder: Path, problems: Problems) -> State | None:
    path = folder / "state.yml"
    name = rel(root, path)
    if not STATE_CODE.fullmatch(folder.name):
        problems.error(rel(root, folder), None, f"Der Landesordner '{folder.name}' ist kein Kürzel aus zwei Kleinbuchstaben",
                       f"Benennen Sie ihn um in {folder.name.lower()[:2]!r} (etwa by, be, sh)", code="state-folder")
        return None
    data = read_yaml_mapping(root, path, problems, "name, ars_prefix, services, …", "name: Bayern")
    if data is None:
        return None
    ctx = Context(name, problems)
    fields = read_mapping(data, STATE, ctx)
    state_name = fields.get("name") or folder.name.upper()
    origin = Origin(Level.STATE, folder.name, state_name)
    routing = read_routing(data.get("routing"), data.line_of("routing"), ctx, origin)
    desk_value = fields.get("service_desk")
    desk = ServiceDesk(is_115=True) if desk_value in (None, "115") else ServiceDesk(
        is_115=False, contact=contact_from(desk_value) or Contact()
    )
    municipalities = _load_municipalities(root, folder, fields.get("ars_prefix"), problems)
    return State(
        code=folder.name, name=state_name, ars_prefix=fields.get("ars_prefix") or "", path=name,
        services=tuple(fields.get("services") or ()), service_desk=desk,
        miv_contact=contact_from(fields.get("miv_contact")), routing=routing,
        municipalities=municipalities, service_lines=_item_lines(data.get("services")),
        search_report=fields.get("search_report") is not False,
        site_url=site_url_for(folder.name, fields.get("site_url"), repository_site_url(root)),
    )


def _item_lines(value: object) -> tuple[tuple[str, int], ...]:
    if isinstance(value, YamlList):
        return tuple((str(item).strip(), value.line_of(i)) for i, item in enumerate(value) if isinstance(item, str))
    return ()


def _load_municipalities(root: Path, folder: Path, ars_prefix: str | None, problems: Problems) -> tuple[Municipality, ...]:
    base = folder / "municipalities"
    if not base.is_dir():
        return ()
    result = []
    for muni_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = muni_dir / "municipality.yml"
        name = rel(root, path)
        if not re.fullmatch(r"\d{12}", muni_dir.name):
            problems.error(rel(root, muni_dir), None, f"Der Kommunenordner '{muni_dir.name}' ist kein 12-stelliger ARS",
                           "Benennen Sie den Ordner nach dem ARS der Kommune, etwa 091620000000",
                           code="municipality-folder")
            continue
        if ars_prefix and not muni_dir.name.startswith(ars_prefix):
            problems.error(rel(root, muni_dir), None,
                           f"Die Kommune {muni_dir.name} liegt nicht im Land '{folder.name}' (ARS-Präfix {ars_prefix})",
                           f"Verschieben Sie sie in den Overlay-Ordner des Landes mit dem ARS-Präfix {muni_dir.name[:2]}",
                           code="municipality-folder")
            continue
        if not path.is_file():
            problems.error(rel(root, muni_dir), None, "Kommunenordner ohne municipality.yml",
                           f"Legen Sie {name} mit name und ars an", code="missing-municipality-yml")
            continue
        data = read_yaml_mapping(root, path, problems, "name, ars, contact", "name: Landeshauptstadt München")
        if data is None:
            continue
        fields = read_mapping(data, MUNICIPALITY, Context(name, problems))
        if fields.get("ars") and fields["ars"] != muni_dir.name:
            problems.error(name, data.line_of("ars"), f"ars {fields['ars']} weicht vom Ordnernamen {muni_dir.name} ab",
                           "Geben Sie dem Ordner und 'ars' denselben 12-stelligen ARS", code="municipality-folder")
            continue
        if "name" in fields:
            result.append(Municipality(muni_dir.name, fields["name"], name, contact_from(fields.get("contact"))))
    return tuple(result)
