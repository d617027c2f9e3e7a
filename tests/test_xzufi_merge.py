"""The per-state XZuFi selection, on catalogs built in memory."""

from __future__ import annotations

import gc
import weakref

from efa_kb.merge.xzufi import XzufiSelection, all_responsibilities
from efa_kb.model.xzufi import (
    Address,
    Area,
    Leistung,
    ObjectId,
    Office,
    OnlineService,
    Region,
    Responsibility,
    XzufiCatalog,
)

WOHNGELD = Leistung(ObjectId("B", "1"), "Wohngeld", leika_keys=("99108005001000",))
BAVARIA_ONLY = Leistung(ObjectId("B", "2"), "Antrag Bayern", leika_keys=("99108005001000",),
                        areas=("09",))


def catalog() -> XzufiCatalog:
    district = Office(
        ObjectId("L", "LRA"), "Landratsamt Fürstenfeldbruck",
        addresses=(Address(state_code="09", areas=(Area("091790000000", "Fürstenfeldbruck"),)),),
        responsibilities=(Responsibility(WOHNGELD.id, ObjectId("L", "LRA"), ("091790000000",)),),
    )
    city = Office(
        ObjectId("L", "AUG"), "Amt für Wohnen Augsburg",
        addresses=(Address(state_code="09"),),
        responsibilities=(Responsibility(WOHNGELD.id, ObjectId("L", "AUG"), ("097610000000",)),),
    )
    kiel = Office(
        ObjectId("L", "KI"), "Wohngeldstelle Kiel",
        responsibilities=(Responsibility(WOHNGELD.id, ObjectId("L", "KI"), ("010020000000",)),),
    )
    online = OnlineService(ObjectId("L", "OD"), "Wohngeld-Digital")
    nationwide = Responsibility(WOHNGELD.id, online.id, ("000000000000",), ObjectId("L", "Z"))
    return XzufiCatalog(
        leistungen={WOHNGELD.id: WOHNGELD, BAVARIA_ONLY.id: BAVARIA_ONLY},
        offices={o.id: o for o in (district, city, kiel)},
        online_services={online.id: online},
        transfers={ObjectId("L", "Z"): nationwide},
        regions={ObjectId("L", "G1"): Region(ObjectId("L", "G1"), "091790121121", "Germering"),
                 ObjectId("L", "G2"): Region(ObjectId("L", "G2"), "097610000000", "Augsburg")},
    )


def test_the_selection_is_built_once_per_catalog_and_released_with_it() -> None:
    first = catalog()
    selection = XzufiSelection.of(first)
    assert XzufiSelection.of(first) is selection
    assert XzufiSelection.of(catalog()) is not selection
    gone = weakref.ref(first)
    del first, selection
    gc.collect()
    assert gone() is None


def test_leistungen_are_selected_by_key_and_region_sorted_by_title() -> None:
    selection = XzufiSelection.of(catalog())
    assert [item.title for item in selection.leistungen_for(["99108005001000"], "09")] == [
        "Antrag Bayern", "Wohngeld"]
    assert [item.title for item in selection.leistungen_for([" 99108005001000 "], "01")] == [
        "Wohngeld"]
    assert selection.leistungen_for(["99999999999999"], "09") == []


def test_responsible_bodies_stay_inside_the_region_online_services_first() -> None:
    data = catalog()
    selection = XzufiSelection.of(data)
    bodies = selection.responsible_bodies(WOHNGELD, "09", {"091790134134": "Puchheim"})
    assert [body.name for body in bodies] == [
        "Wohngeld-Digital", "Amt für Wohnen Augsburg", "Landratsamt Fürstenfeldbruck"]
    assert bodies[0].areas == (Area("000000000000", "bundesweit"),)
    assert bodies[1].areas == (Area("097610000000", "Augsburg"),)
    assert [area.name for area in bodies[2].municipalities] == ["Germering", "Puchheim"]
    assert [body.name for body in selection.responsible_bodies(WOHNGELD, "01")] == [
        "Wohngeld-Digital", "Wohngeldstelle Kiel"]
    assert len(all_responsibilities(data)) == 4


def test_area_names_prefer_the_callers_over_the_datas() -> None:
    selection = XzufiSelection.of(catalog())
    assert selection.area_name("097610000000") == "Augsburg"
    assert selection.area_name("097610000000", {"097610000000": "Stadt Augsburg"}) == (
        "Stadt Augsburg")
    assert selection.area_name("090000000000") == "Bayern"
    assert selection.area_name("000000000000") == "bundesweit"
    assert selection.area_name("123") == ""


def test_responsible_bodies_asked_again_follow_the_area_names_given_each_time() -> None:
    # A state's pages and its search both ask; two states (or municipalities) name areas apart.
    selection = XzufiSelection.of(catalog())
    puchheim = selection.responsible_bodies(WOHNGELD, "09", {"091790134134": "Puchheim"})
    olching = selection.responsible_bodies(WOHNGELD, "09", {"091790142142": "Olching"})
    assert [area.name for area in puchheim[2].municipalities] == ["Germering", "Puchheim"]
    assert [area.name for area in olching[2].municipalities] == ["Germering", "Olching"]
    puchheim.clear()  # a caller's list is its own
    again = selection.responsible_bodies(WOHNGELD, "09", {"091790134134": "Puchheim"})
    assert [body.name for body in again] == [
        "Wohngeld-Digital", "Amt für Wohnen Augsburg", "Landratsamt Fürstenfeldbruck"]
    assert [body.name for body in selection.responsible_bodies(WOHNGELD, "01")] == [
        "Wohngeld-Digital", "Wohngeldstelle Kiel"]
