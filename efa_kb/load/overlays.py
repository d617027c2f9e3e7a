"""Reading overlay files of states and municipalities."""

from __future__ import annotations

from pathlib import Path

from efa_kb.load.articles import read_article
from efa_kb.load.files import markdown_files, rel
from efa_kb.model.overlays import Overlay, OverlayMode
from efa_kb.model.provenance import Level, Origin
from efa_kb.model.states import State
from efa_kb.problems import Problems


def load_overlays(root: Path, states: dict[str, State], problems: Problems) -> tuple[Overlay, ...]:
    """Every overlay file of every state, state files first, then each municipality's."""
    overlays: list[Overlay] = []
    for state in states.values():
        folder = root / "overlays" / state.code
        origin = Origin(Level.STATE, state.code, state.name)
        for path in markdown_files(folder):
            relative = path.relative_to(folder)
            if relative.parts[0] == "municipalities":
                continue
            _add(root, path, relative, state, None, origin, overlays, problems)
        for municipality in state.municipalities:
            muni_folder = folder / "municipalities" / municipality.ars
            muni_origin = Origin(Level.MUNICIPALITY, municipality.ars, municipality.name)
            for path in markdown_files(muni_folder):
                _add(root, path, path.relative_to(muni_folder), state, municipality.ars, muni_origin, overlays, problems)
    return tuple(overlays)


def _add(
    root: Path, path: Path, relative: Path, state: State, municipality: str | None,
    origin: Origin, overlays: list[Overlay], problems: Problems,
) -> None:
    target = relative.with_suffix("").as_posix()
    loaded = read_article(root, path, target, problems, origin=origin, overlay=True)
    if loaded is None:
        return
    meta = loaded.source.meta
    mode = OverlayMode(loaded.meta.get("overlay") or "extend")
    if municipality and mode is not OverlayMode.EXTEND:
        problems.error(
            rel(root, path), meta.line_of("overlay"),
            f"Eine Kommune kann einen Artikel nicht mit '{mode}' anpassen: Kommunen teilen sich die Seite ihres "
            "Landes und dürfen Artikel nur ergänzen und eigene hinzufügen",
            "Schreiben Sie 'overlay: extend', oder bitten Sie die Redaktion des Landes (MiV), den Artikel für das "
            "ganze Land auszublenden oder zu ersetzen",
            code="municipal-mode",
        )
        return
    overlays.append(Overlay(
        path=rel(root, path), target=target, state=state.code, municipality=municipality,
        mode=mode, mode_given="overlay" in meta, article=loaded.article,
        given_keys=loaded.given_keys - {"overlay", "base"}, base_pin=loaded.meta.get("base"),
        line=meta.line_of("overlay") if "overlay" in meta else 1,
    ))
