"""``efa-kb overlay``: pin, list stale and scaffold overlays."""

from __future__ import annotations

from pathlib import Path

import click

from efa_kb.cli.output import FullHelpGroup
from efa_kb.commands import overlays
from efa_kb.merge.staleness import PinState
from efa_kb.model.overlays import OverlayMode
from efa_kb.pipeline import load_repository_checked
from efa_kb.problems import counted


@click.group(cls=FullHelpGroup)
def overlay() -> None:
    """Overlays von Ländern und Kommunen: pinnen (pin), prüfen (status), anlegen (new)."""


@overlay.command()
@click.option("--state", "states", multiple=True, help="Nur dieses Land (wiederholbar).")
@click.argument("paths", nargs=-1)
@click.pass_obj
def pin(root: Path, states: tuple[str, ...], paths: tuple[str, ...]) -> None:
    """Pinnt Overlays (alle oder PATHS) auf die aktuelle Fassung ihres Basisartikels."""
    kb, selected = load_repository_checked(root, list(states) or None)
    changed = overlays.pin(kb, selected, list(paths) or None)
    for path in changed:
        click.echo(f"gepinnt: {path}")
    click.echo(f"{counted(len(changed), 'Overlay', 'Overlays')} gepinnt.", err=True)


@overlay.command()
@click.option("--state", "states", multiple=True, help="Nur dieses Land (wiederholbar).")
@click.option("--diff", "with_diff", is_flag=True, help="Zeigen, was sich im Basisartikel seit dem Pinnen geändert hat.")
@click.pass_obj
def status(root: Path, states: tuple[str, ...], with_diff: bool) -> None:
    """Listet Overlays, deren Basisartikel sich seit dem Pinnen geändert hat (veraltet) oder die nicht gepinnt sind."""
    kb, selected = load_repository_checked(root, list(states) or None)
    lines = overlays.status(kb, selected, with_diff)
    for line in lines:
        item = line.status
        label = "veraltet" if item.state is PinState.STALE else "nicht gepinnt"
        base = item.base.path if item.base else item.overlay.target
        click.echo(f"{item.overlay.path}: {label} (Basis: {base})")
        if line.diff:
            click.echo(line.diff.rstrip())
        elif with_diff and item.state is PinState.STALE:
            click.echo("  (die gepinnte Fassung ist nicht in der git-Historie zu finden)")
    need = "braucht" if len(lines) == 1 else "brauchen"
    click.echo(f"{counted(len(lines), 'Overlay', 'Overlays')} {need} eine Prüfung.", err=True)


@overlay.command()
@click.option("--state", required=True, help="Das Land, zu dem das Overlay gehört.")
@click.option("--municipality", default=None, help="Zwölfstelliger ARS einer Kommune des Landes.")
@click.option("--mode", type=click.Choice([m.value for m in OverlayMode]), default=OverlayMode.EXTEND.value,
              show_default=True, help="Wie das Overlay den Basisartikel ändert.")
@click.argument("article_id")
@click.pass_obj
def new(root: Path, state: str, municipality: str | None, mode: str, article_id: str) -> None:
    """Legt ein gepinntes Overlay des Basisartikels ARTICLE_ID an, etwa services/wohngeld/faq/antrag."""
    kb, (code,) = load_repository_checked(root, [state])
    path = overlays.new(kb, code, article_id.removesuffix(".md").removeprefix("content/"), municipality,
                        OverlayMode(mode))
    click.echo(str(path.relative_to(root)))
