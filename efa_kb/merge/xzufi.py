"""What one state shows of the XZuFi catalog: its Leistungen, offices and online services.

A service names its LeiKa keys, a state its ARS region. :class:`XzufiSelection`
answers, for one catalog, which Leistungen those keys select in the region
(:meth:`~XzufiSelection.leistungen_for`) and who is responsible for each there
(:meth:`~XzufiSelection.responsible_bodies`), with the areas named. It indexes the
responsibilities by Leistung once; :meth:`XzufiSelection.of` hands every state the
same selection of a catalog. Every list comes in a fixed order, so that builds
are byte-identical.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Iterable, Mapping

from efa_kb.model.xzufi import (
    STATE_NAMES,
    Area,
    Leistung,
    ObjectId,
    Responsibility,
    ResponsibleBody,
    XzufiCatalog,
    ars_key,
    ars_overlaps,
)

NATIONWIDE = "bundesweit"
"""Name of the whole federation (ARS ``000000000000``)."""

_SHARED: weakref.WeakKeyDictionary[XzufiCatalog, XzufiSelection] = weakref.WeakKeyDictionary()


def all_responsibilities(catalog: XzufiCatalog) -> tuple[Responsibility, ...]:
    """Every responsibility: nested in offices, in online services, then standalone."""
    nested = [r for office in catalog.offices.values() for r in office.responsibilities]
    nested += [r for service in catalog.online_services.values() for r in service.responsibilities]
    return tuple(nested) + tuple(catalog.transfers.values())


def data_area_names(catalog: XzufiCatalog) -> dict[str, str]:
    """Names of areas the data itself names (regions, then address keys), by :func:`ars_key`."""
    names: dict[str, str] = {}
    for region_id in sorted(catalog.regions):
        region = catalog.regions[region_id]
        names.setdefault(ars_key(region.ars), region.name)
    for office_id in sorted(catalog.offices):
        for address in catalog.offices[office_id].addresses:
            for area in address.areas:
                if area.name:
                    names.setdefault(ars_key(area.ars), area.name)
    return names


class XzufiSelection:
    """Per-state queries over one catalog; build it once (:meth:`of`) and ask it per state."""

    def __init__(self, catalog: XzufiCatalog) -> None:
        # Only the catalog's mappings are kept, never the catalog itself: the
        # shared selections are looked up by a weak reference to it.
        self.leistungen: Mapping[ObjectId, Leistung] = catalog.leistungen
        """Service descriptions by id."""
        self._offices = catalog.offices
        self._online_services = catalog.online_services
        self.responsibilities: tuple[Responsibility, ...] = all_responsibilities(catalog)
        """Every responsibility (see :func:`all_responsibilities`)."""
        self.area_names: Mapping[str, str] = data_area_names(catalog)
        """Area names from the data (see :func:`data_area_names`)."""
        by_leistung: dict[ObjectId, list[Responsibility]] = {}
        for responsibility in self.responsibilities:
            by_leistung.setdefault(responsibility.leistung_id, []).append(responsibility)
        self._by_leistung = {key: tuple(value) for key, value in by_leistung.items()}
        by_key: dict[str, list[Leistung]] = {}
        for leistung in self.leistungen.values():
            for leika in leistung.leika_keys:
                by_key.setdefault(leika, []).append(leistung)
        self._by_leika = by_key
        self._named: dict[tuple[tuple[str, str], ...], tuple[dict[str, str], list[str]]] = {}
        self._last_named: tuple[Mapping[str, str] | None, tuple[dict[str, str], list[str]]] | None = None
        self._bodies: dict[tuple[ObjectId, str, int], list[ResponsibleBody]] = {}
        """Answers of :meth:`responsible_bodies`: a state's pages and its search both ask."""

    @classmethod
    def of(cls, catalog: XzufiCatalog) -> XzufiSelection:
        """The selection of ``catalog``, built on first use and kept while the catalog lives."""
        selection = _SHARED.get(catalog)
        if selection is None:
            selection = _SHARED[catalog] = cls(catalog)
        return selection

    def named_areas(self, extra: Mapping[str, str] | None = None) -> Mapping[str, str]:
        """Area names by :func:`ars_key`: ``extra`` (e.g. municipality.yml) over the data's own.

        Built once per distinct ``extra`` (a state asks for each of its Leistungen): change
        neither ``extra`` after passing it nor the mapping returned.
        """
        return self._areas(extra)[0]

    def _areas(self, extra: Mapping[str, str] | None) -> tuple[dict[str, str], list[str]]:
        """The named areas and their keys, sorted (to find the keys inside a district)."""
        last = self._last_named
        if last is not None and last[0] is extra:  # a state passes the same mapping each time
            return last[1]
        wanted = tuple(sorted((str(ars), str(name)) for ars, name in (extra or {}).items() if name))
        found = self._named.get(wanted)
        if found is None:
            names = dict(STATE_NAMES)
            names.update(self.area_names)
            for ars, name in wanted:
                names[ars_key(ars)] = name
            found = self._named[wanted] = (names, sorted(names))
        self._last_named = (extra, found)
        return found

    def area_name(self, ars: str, extra: Mapping[str, str] | None = None) -> str:
        """Name of an area (``bundesweit`` for ``000000000000``), or empty when unknown."""
        key = ars_key(ars)
        return NATIONWIDE if key == "" else self.named_areas(extra).get(key, "")

    def leistungen_for(self, leika_keys: Iterable[str], ars_prefix: str) -> list[Leistung]:
        """Descriptions with one of ``leika_keys`` that are valid in ``ars_prefix``.

        Sorted by title, then id.
        """
        found: dict[ObjectId, Leistung] = {}
        for key in {str(key).strip() for key in leika_keys}:
            for leistung in self._by_leika.get(key, ()):
                if leistung.id not in found and leistung.valid_in(ars_prefix):
                    found[leistung.id] = leistung
        return sorted(found.values(), key=lambda item: (_sort_name(item.title), item.id))

    def responsible_bodies(
        self,
        leistung: Leistung,
        ars_prefix: str,
        area_names: Mapping[str, str] | None = None,
    ) -> list[ResponsibleBody]:
        """Offices and online services responsible for ``leistung`` inside ``ars_prefix``.

        A responsibility counts when one of its areas lies inside the region (or
        covers it, like a nationwide one); without areas, when its office's address
        lies inside. Only the areas inside the region are returned, named from
        ``area_names`` (ARS → name) or the data; an office responsible for a
        district also lists the named municipalities inside it. Online services
        come first, then offices, each sorted by name.
        """
        names, keys = self._areas(area_names)
        # The names dictionary is kept in self._named as long as the selection: its id is stable.
        memo = (leistung.id, ars_prefix, id(names))
        known = self._bodies.get(memo)
        if known is None:
            known = self._find_bodies(leistung, ars_prefix, names, keys)
            if self.leistungen.get(leistung.id) is leistung:
                self._bodies[memo] = known
        return list(known)

    def _find_bodies(self, leistung: Leistung, ars_prefix: str, names: Mapping[str, str],
                     keys: list[str]) -> list[ResponsibleBody]:
        merged: dict[tuple[bool, ObjectId], tuple[Responsibility, set[str]]] = {}
        for key in (leistung.id, *leistung.secondary_ids):
            for responsibility in self._by_leistung.get(key, ()):
                holder = responsibility.holder_id
                office = self._offices.get(holder)
                if office is None and holder not in self._online_services:
                    continue
                inside = {a for a in responsibility.areas if ars_overlaps(a, ars_prefix)}
                if not inside and (responsibility.areas or office is None or not any(
                        ars_overlaps(k, ars_prefix) for k in office.area_keys)):
                    continue
                slot = (office is not None, holder)
                first, areas = merged.get(slot, (responsibility, set()))
                merged[slot] = (first, areas | inside)
        results = []
        for (is_office, holder), (responsibility, areas) in merged.items():
            named = tuple(sorted(
                (Area(ars, NATIONWIDE if ars_key(ars) == "" else names.get(ars_key(ars), ""))
                 for ars in areas),
                key=_area_order,
            ))
            # Offices for a district: name the municipalities inside (not for a whole
            # state or a single municipality, which has nothing inside).
            districts = {ars_key(a) for a in areas if is_office and 2 < len(ars_key(a)) < 12}
            within = {
                Area(key, names[key])
                for district in districts
                for key in _inside(keys, district)
            }
            results.append(ResponsibleBody(
                responsibility,
                self._offices.get(holder) if is_office else None,
                None if is_office else self._online_services.get(holder),
                named,
                tuple(sorted(within, key=_area_order)),
            ))
        return sorted(
            results,
            key=lambda r: (r.office is not None, _sort_name(r.name), r.responsibility.holder_id),
        )


def _inside(keys: list[str], district: str) -> list[str]:
    """The keys of ``keys`` (sorted) that lie inside ``district``, the district itself not."""
    start = bisect.bisect_right(keys, district)
    end = bisect.bisect_left(keys, district + "\uffff", start)
    return keys[start:end]


def _sort_name(text: str) -> str:
    return text.casefold()


def _area_order(area: Area) -> tuple[str, str]:
    return (_sort_name(area.name) or "\uffff", area.ars)
