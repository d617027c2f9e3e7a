"""Word lists, catalogues and sentence templates for ``bench/federal_repo.py``.

Everything here is data plus a :class:`Writer` that turns a ``random.Random``
into German sentences, titles, keywords and short answers. Nothing reads the
clock or the environment: the same random state gives the same text.
"""

from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass

# --- grammar --------------------------------------------------------------------

_DEF = {"m": ("der", "den", "dem"), "f": ("die", "die", "der"), "n": ("das", "das", "dem")}
_INDEF = {"m": ("ein", "einen", "einem"), "f": ("eine", "eine", "einer"),
          "n": ("ein", "ein", "einem")}
_NEG = {"m": "keinen", "f": "keine", "n": "kein"}


@dataclass(frozen=True)
class Noun:
    """A German noun with its gender; the properties give it with its article."""

    word: str
    gender: str = "m"

    @property
    def der(self) -> str:
        return f"{_DEF[self.gender][0]} {self.word}"

    @property
    def den(self) -> str:
        return f"{_DEF[self.gender][1]} {self.word}"

    @property
    def dem(self) -> str:
        return f"{_DEF[self.gender][2]} {self.word}"

    @property
    def ein(self) -> str:
        return f"{_INDEF[self.gender][0]} {self.word}"

    @property
    def einen(self) -> str:
        return f"{_INDEF[self.gender][1]} {self.word}"

    @property
    def einem(self) -> str:
        return f"{_INDEF[self.gender][2]} {self.word}"

    @property
    def keinen(self) -> str:
        return f"{_NEG[self.gender]} {self.word}"

    @property
    def Der(self) -> str:
        return _cap(self.der)

    @property
    def Den(self) -> str:
        return _cap(self.den)

    @property
    def Ein(self) -> str:
        return _cap(self.ein)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def word_list(text: str) -> list[str]:
    """Words of ``text``, split at white space."""
    return text.split()


def nouns(spec: str) -> tuple[Noun, ...]:
    """``"Antrag:m Frist:f"`` → nouns; words may contain spaces when written with ``_``."""
    result = []
    for item in spec.split():
        word, _, gender = item.rpartition(":")
        result.append(Noun(word.replace("_", " "), gender))
    return tuple(result)


# --- the 16 Länder ----------------------------------------------------------------


@dataclass(frozen=True)
class Land:
    code: str
    name: str
    ars: str
    """Two-digit ARS prefix."""
    capital: str
    capital_ars: str
    portal: str
    it: str
    """The state's IT service provider (Landes-IT)."""
    domain: str


LAENDER: tuple[Land, ...] = (
    Land("bw", "Baden-Württemberg", "08", "Stuttgart", "081110000000", "service-bw", "BITBW",
         "baden-wuerttemberg"),
    Land("by", "Bayern", "09", "München", "091620000000", "BayernPortal",
         "IT-Dienstleistungszentrum des Freistaats Bayern", "bayern"),
    Land("be", "Berlin", "11", "Berlin", "110000000000", "Service-Portal Berlin", "ITDZ Berlin",
         "berlin"),
    Land("bb", "Brandenburg", "12", "Potsdam", "120540000000", "Serviceportal Brandenburg",
         "ZIT-BB", "brandenburg"),
    Land("hb", "Bremen", "04", "Bremen", "040110000000", "Serviceportal Bremen", "Dataport",
         "bremen"),
    Land("hh", "Hamburg", "02", "Hamburg", "020000000000", "hamburg.de Serviceportal", "Dataport",
         "hamburg"),
    Land("he", "Hessen", "06", "Wiesbaden", "064140000000", "Verwaltungsportal Hessen", "HZD",
         "hessen"),
    Land("mv", "Mecklenburg-Vorpommern", "13", "Schwerin", "130040000000", "MV-Serviceportal",
         "DVZ M-V", "mecklenburg-vorpommern"),
    Land("ni", "Niedersachsen", "03", "Hannover", "032410001001", "Serviceportal Niedersachsen",
         "IT.Niedersachsen", "niedersachsen"),
    Land("nw", "Nordrhein-Westfalen", "05", "Düsseldorf", "051110000000", "Serviceportal.NRW",
         "IT.NRW", "nordrhein-westfalen"),
    Land("rp", "Rheinland-Pfalz", "07", "Mainz", "073150000000", "Serviceportal RLP",
         "Landesbetrieb Daten und Information", "rheinland-pfalz"),
    Land("sl", "Saarland", "10", "Saarbrücken", "100410100100", "Serviceportal Saarland",
         "eGo-Saar", "saarland"),
    Land("sn", "Sachsen", "14", "Dresden", "146120000000", "Amt24", "Staatsbetrieb SID",
         "sachsen"),
    Land("st", "Sachsen-Anhalt", "15", "Magdeburg", "150030000000", "Serviceportal Sachsen-Anhalt",
         "ITN Sachsen-Anhalt", "sachsen-anhalt"),
    Land("sh", "Schleswig-Holstein", "01", "Kiel", "010020000000",
         "Serviceportal Schleswig-Holstein",
         "Dataport", "schleswig-holstein"),
    Land("th", "Thüringen", "16", "Erfurt", "160510000000", "Thüringer Antragsportal", "TLRZ",
         "thueringen"),
)

# --- online services --------------------------------------------------------------


@dataclass(frozen=True)
class ServiceSpec:
    slug: str
    name: str
    short: str
    """How agents call the online service in a sentence."""
    thing: Noun
    """What is applied for."""
    authority: Noun
    """Who decides (the authority on site)."""
    topics: tuple[Noun, ...]
    documents: tuple[str, ...]
    synonyms: tuple[str, ...]
    """Colloquial search words of callers."""


def _svc(slug: str, name: str, short: str, thing: str, authority: str, topics: str,
         documents: str, synonyms: str) -> ServiceSpec:
    return ServiceSpec(slug, name, short, nouns(thing)[0], nouns(authority)[0], nouns(topics),
                       tuple(documents.split("; ")), tuple(synonyms.split("; ")))


SERVICES: tuple[ServiceSpec, ...] = (
    _svc("wohngeld", "Wohngeld-Antrag online (Wohngeld Digital)", "Wohngeld Digital",
         "Wohngeld:n", "Wohngeldbehörde:f",
         "Mietzuschuss:m Lastenzuschuss:m Bewilligungszeitraum:m Weiterleistungsantrag:m "
         "Haushaltsmitglied:n Wohngeldrechner:m",
         "Mietbescheinigung; Einkommensnachweise; Mietvertrag; Rentenbescheid",
         "Miete Zuschuss; Wohngeld verlängern; Wohnkosten; Mietbeihilfe"),
    _svc("elterngeld", "ElterngeldDigital", "ElterngeldDigital", "Elterngeld:n",
         "Elterngeldstelle:f",
         "Basiselterngeld:n ElterngeldPlus:n Partnerschaftsbonus:m Lebensmonat:m "
         "Bemessungszeitraum:m Mutterschaftsgeld:n",
         "Geburtsbescheinigung für Elterngeld; Lohnabrechnungen; Steuerbescheid; "
         "Arbeitgeberbescheinigung",
         "Elternzeit Geld; Babygeld; Elterngeld Antrag; Partnermonate"),
    _svc("ikfz", "i-Kfz – Internetbasierte Fahrzeugzulassung", "i-Kfz", "Fahrzeugzulassung:f",
         "Zulassungsbehörde:f",
         "Kennzeichen:n Plakettenträger:m Sicherheitscode:m Halterwechsel:m "
         "Wunschkennzeichen:n Außerbetriebsetzung:f",
         "Zulassungsbescheinigung Teil I; Zulassungsbescheinigung Teil II; SEPA-Mandat; "
         "eVB-Nummer",
         "Auto anmelden; Kfz; Karre ummelden; Nummernschild"),
    _svc("gewerbe", "Gewerbe-Service (An-, Um- und Abmeldung)", "Gewerbe-Service",
         "Gewerbeanzeige:f", "Gewerbeamt:n",
         "Gewerbeschein:m Betriebsstätte:f Tätigkeitsbeschreibung:f Reisegewerbe:n "
         "Handelsregister:n Nebengewerbe:n",
         "Handelsregisterauszug; Erlaubnisurkunde; Handwerkskarte; Personalausweis",
         "Gewerbe anmelden; Gewerbeschein; Selbstständig machen; Firma anmelden"),
    _svc("bafoeg", "BAföG Digital", "BAföG Digital", "Ausbildungsförderung:f",
         "Amt_für_Ausbildungsförderung:n",
         "Bedarfssatz:m Förderungshöchstdauer:f Elternunterhalt:m Leistungsnachweis:m "
         "Aktualisierungsantrag:m Darlehensanteil:m",
         "Immatrikulationsbescheinigung; Einkommenserklärung der Eltern; Mietvertrag; "
         "Leistungsnachweis nach § 48 BAföG",
         "Bafög; Studienfinanzierung; Schüler-BAföG; Bafoeg Antrag"),
    _svc("einbuergerung", "Einbürgerung digital", "Einbürgerung Online", "Einbürgerung:f",
         "Einbürgerungsbehörde:f",
         "Einbürgerungstest:m Sprachnachweis:m Aufenthaltsdauer:f Bekenntniserklärung:f "
         "Staatsangehörigkeitsausweis:m",
         "Aufenthaltstitel; Sprachzertifikat B1; Bescheinigung über den Einbürgerungstest; "
         "Geburtsurkunde",
         "deutscher Pass; Staatsbürgerschaft; Einbürgern lassen; deutsche Staatsangehörigkeit"),
    _svc("fuehrerschein", "Führerscheinantrag online", "Führerschein Online",
         "Fahrerlaubnis:f", "Fahrerlaubnisbehörde:f",
         "Fahrerlaubnisklasse:f Sehtest:m Umtausch:m Fahrschule:f Kartenführerschein:m "
         "Begleitetes_Fahren:n",
         "Sehtestbescheinigung; Erste-Hilfe-Bescheinigung; biometrisches Passfoto; "
         "alter Führerschein",
         "Lappen; Führerschein umtauschen; Fahrerlaubnis; Führerschein verloren"),
    _svc("meldewesen", "Wohnsitzanmeldung online (eWA)", "eWA", "Wohnsitzanmeldung:f",
         "Meldebehörde:f",
         "Wohnungsgeberbestätigung:f Meldebescheinigung:f Nebenwohnung:f Zuzug:m "
         "Adressänderung:f",
         "Wohnungsgeberbestätigung; Personalausweis; Reisepass; Vollmacht",
         "Ummelden; Umzug melden; neue Adresse; Anmeldung Wohnung"),
    _svc("personalausweis", "Personalausweis-Service", "Ausweis-Service",
         "Personalausweis:m", "Personalausweisbehörde:f",
         "PIN-Rücksetzbrief:m Sperrkennwort:n Verlustanzeige:f Expressausweis:m "
         "Online-Ausweisfunktion:f",
         "biometrisches Passfoto; alter Personalausweis; Geburtsurkunde; Verlustanzeige",
         "Perso; Ausweis verloren; neuer Ausweis; PIN vergessen"),
    _svc("baugenehmigung", "Digitaler Bauantrag", "Digitaler Bauantrag", "Baugenehmigung:f",
         "Bauaufsichtsbehörde:f",
         "Bauvorlage:f Lageplan:m Bauzeichnung:f Standsicherheitsnachweis:m "
         "Entwurfsverfasser:m Bauvorbescheid:m",
         "amtlicher Lageplan; Baubeschreibung; Bauzeichnungen; Standsicherheitsnachweis",
         "Bauantrag; Haus bauen; Anbau genehmigen; Garage bauen"),
    _svc("unterhaltsvorschuss", "Unterhaltsvorschuss online", "UVG Online",
         "Unterhaltsvorschuss:m", "Unterhaltsvorschussstelle:f",
         "Kindesunterhalt:m Unterhaltspflichtiger:m Rückgriff:m Kindergeld:n",
         "Geburtsurkunde des Kindes; Meldebescheinigung; Nachweis über Unterhaltszahlungen; "
         "Kontoverbindung",
         "Unterhalt vom Staat; alleinerziehend Geld; Vater zahlt nicht; UVG"),
    _svc("eheschliessung", "Eheschließung – Anmeldung online", "Eheanmeldung Online",
         "Eheschließung:f", "Standesamt:n",
         "Trautermin:m Ehefähigkeitszeugnis:n Ehename:m Trauzeuge:m",
         "beglaubigter Registerausdruck; Aufenthaltsbescheinigung; Personalausweis; "
         "Scheidungsurteil",
         "heiraten; Hochzeit anmelden; Trauung; Standesamt Termin"),
    _svc("geburt", "Geburtsanzeige und Urkunden online", "ELFE", "Geburtsbeurkundung:f",
         "Standesamt:n",
         "Geburtsurkunde:f Vaterschaftsanerkennung:f Vorname:m Namensbestimmung:f",
         "Geburtsanzeige der Klinik; Eheurkunde; Personalausweis; "
         "Urkunde über die Vaterschaftsanerkennung",
         "Baby anmelden; Geburtsurkunde beantragen; Kind Name; Geburt melden"),
    _svc("hundesteuer", "Hundesteuer-Anmeldung online", "Hundesteuer Online", "Hundesteuer:f",
         "Steueramt:n",
         "Hundesteuermarke:f Listenhund:m Steuerermäßigung:f Abmeldung:f",
         "Nachweis der Hundehaftpflicht; Chipnummer; Sachkundenachweis; Abgabebescheinigung",
         "Hund anmelden; Hundemarke; Hund abmelden; Steuermarke"),
    _svc("waffenrecht", "Waffenrechtliche Erlaubnisse online", "NWR-Online",
         "Waffenbesitzkarte:f", "Waffenbehörde:f",
         "Bedürfnisnachweis:m Sachkundeprüfung:f Zuverlässigkeitsprüfung:f Waffenschrank:m",
         "Sachkundenachweis; Bedürfnisbescheinigung des Vereins; Nachweis über die Aufbewahrung; "
         "Personalausweis",
         "Waffenschein; WBK; Sportschütze; Waffe eintragen"),
    _svc("fischereischein", "Fischereischein online", "Fischereischein Online",
         "Fischereischein:m", "Fischereibehörde:f",
         "Fischereiprüfung:f Fischereiabgabe:f Jugendfischereischein:m Gültigkeitsdauer:f",
         "Prüfungszeugnis; Passfoto; alter Fischereischein; Personalausweis",
         "Angelschein; angeln; Fischerprüfung; Angelkarte"),
    _svc("aufenthalt", "Aufenthaltstitel online", "Ausländerbehörde digital",
         "Aufenthaltstitel:m", "Ausländerbehörde:f",
         "Fiktionsbescheinigung:f Niederlassungserlaubnis:f Blaue_Karte_EU:f Verlängerung:f "
         "Aufenthaltserlaubnis:f",
         "Reisepass; biometrisches Passfoto; Arbeitsvertrag; Krankenversicherungsnachweis",
         "Visum verlängern; Aufenthalt; Termin Ausländerbehörde; Blue Card"),
    _svc("schwerbehinderung", "Schwerbehindertenausweis online", "SBA Online",
         "Schwerbehindertenausweis:m", "Versorgungsamt:n",
         "Grad_der_Behinderung:m Merkzeichen:n Nachteilsausgleich:m Wertmarke:f",
         "ärztliche Befunde; Schweigepflichtentbindung; Passfoto; Krankenhausberichte",
         "GdB; Behindertenausweis; Ausweis Behinderung; Merkzeichen G"),
    _svc("bewohnerparken", "Bewohnerparkausweis online", "Parkausweis Online",
         "Bewohnerparkausweis:m", "Straßenverkehrsbehörde:f",
         "Parkzone:f Zweitwohnsitz:m Firmenwagen:m Parkgebühr:f",
         "Fahrzeugschein; Meldebescheinigung; Nutzungsbestätigung des Arbeitgebers",
         "Anwohnerparken; Parkausweis; Parken vor der Haustür; Parkvignette"),
    _svc("sondernutzung", "Sondernutzungserlaubnis online", "Sondernutzung Online",
         "Sondernutzungserlaubnis:f", "Straßenbaubehörde:f",
         "Gehweg:m Baustelleneinrichtung:f Halteverbot:n Umzugshalteverbot:n",
         "Lageskizze; Verkehrszeichenplan; Haftpflichtnachweis",
         "Halteverbot Umzug; Container aufstellen; Gerüst Gehweg; Straße sperren"),
    _svc("gaststaette", "Gaststättenerlaubnis online", "Gaststätte Online",
         "Gaststättenerlaubnis:f", "Ordnungsamt:n",
         "Schankwirtschaft:f Unterrichtungsnachweis:m Sperrzeit:f Alkoholausschank:m",
         "Führungszeugnis; Auskunft aus dem Gewerbezentralregister; "
         "Unterrichtungsnachweis der IHK; Mietvertrag",
         "Kneipe eröffnen; Konzession; Alkohol ausschenken; Restaurant"),
    _svc("anerkennung", "Anerkennung ausländischer Berufsqualifikationen", "Anerkennung Online",
         "Berufsanerkennung:f", "Anerkennungsstelle:f",
         "Gleichwertigkeitsprüfung:f Referenzberuf:m Ausgleichsmaßnahme:f Defizitbescheid:m",
         "Ausbildungsnachweis; beglaubigte Übersetzung; Lebenslauf; "
         "Nachweis der Berufserfahrung",
         "Abschluss anerkennen; ausländisches Zeugnis; Berufsanerkennung; Diplom anerkennen"),
    _svc("aufstiegsbafoeg", "Aufstiegs-BAföG digital", "Aufstiegs-BAföG Online",
         "Aufstiegsförderung:f", "Förderstelle:f",
         "Meisterkurs:m Maßnahmebeitrag:m Unterhaltsbeitrag:m Darlehenserlass:m",
         "Teilnahmebescheinigung; Fortbildungsvertrag; Einkommensnachweis",
         "Meister-BAföG; Meisterschule Förderung; Techniker Förderung; AFBG"),
    _svc("wbs", "Wohnberechtigungsschein online", "WBS Online", "Wohnberechtigungsschein:m",
         "Wohnungsamt:n",
         "Einkommensgrenze:f Wohnungsgröße:f Dringlichkeit:f Haushaltsgröße:f",
         "Einkommensnachweise; Meldebescheinigung; Mutterpass bei Schwangerschaft",
         "WBS; Sozialwohnung; günstige Wohnung; Wohnschein"),
    _svc("kita", "Kita-Platz-Anmeldung online", "Kita-Portal", "Betreuungsplatz:m",
         "Jugendamt:n",
         "Betreuungsumfang:m Rechtsanspruch:m Elternbeitrag:m Kindertagespflege:f",
         "Geburtsurkunde; Arbeitgeberbescheinigung; Einkommensnachweis",
         "Kita Platz; Kindergarten anmelden; Krippe; Tagesmutter"),
    _svc("grundsteuer", "Grundsteuer-Service", "Grundsteuer-Service", "Grundsteuer:f",
         "Finanzamt:n",
         "Grundsteuerwert:m Hebesatz:m Messbetrag:m Flurstück:n Feststellungserklärung:f",
         "Grundbuchauszug; Einheitswertbescheid; Flurkarte",
         "Grundsteuererklärung; Grundsteuer Bescheid; Grundstück Steuer; Hebesatz"),
    _svc("hilfe-zur-pflege", "Hilfe zur Pflege online", "Pflegehilfe Online",
         "Hilfe_zur_Pflege:f", "Sozialamt:n",
         "Pflegegrad:m Heimkosten:f Schonvermögen:n Unterhaltsprüfung:f",
         "Pflegegutachten; Heimvertrag; Rentenbescheid; Kontoauszüge",
         "Pflegeheim bezahlen; Heimkosten; Pflege Sozialamt; Zuschuss Pflege"),
    _svc("blindengeld", "Blindengeld online", "Blindengeld Online", "Blindengeld:n",
         "Landesamt_für_Soziales:n",
         "Sehschärfe:f Anrechnung:f Gehörlosengeld:n Pflegeversicherung:f",
         "augenärztliches Gutachten; Schwerbehindertenausweis; Bescheid der Pflegekasse",
         "blind Geld; Sehbehinderung; Blindenhilfe; Landesblindengeld"),
    _svc("grundsicherung", "Grundsicherung online", "Grundsicherung Online",
         "Grundsicherung:f", "Sozialamt:n",
         "Regelsatz:m Mehrbedarf:m Vermögensgrenze:f Unterkunftskosten:f",
         "Rentenbescheid; Mietvertrag; Kontoauszüge; Vermögensnachweise",
         "Rente reicht nicht; Sozialhilfe; Grundsicherung im Alter; Aufstocken"),
    _svc("jagdschein", "Jagdschein online", "Jagdschein Online", "Jagdschein:m",
         "Jagdbehörde:f",
         "Jägerprüfung:f Jagdhaftpflicht:f Jahresjagdschein:m Zuverlässigkeit:f",
         "Prüfungszeugnis; Versicherungsnachweis; Passfoto",
         "Jagdschein verlängern; Jäger; Jagd; Jagdschein beantragen"),
    _svc("handwerksrolle", "Eintragung in die Handwerksrolle", "Handwerk Online",
         "Handwerksrolleneintragung:f", "Handwerkskammer:f",
         "Meisterpflicht:f Betriebsleiter:m Ausübungsberechtigung:f Handwerkskarte:f",
         "Meisterbrief; Gesellenbrief; Handelsregisterauszug",
         "Handwerk anmelden; Meisterbetrieb; Handwerkskammer; Handwerker"),
    _svc("veranstaltung", "Veranstaltungsanzeige online", "Veranstaltung Online",
         "Veranstaltungsanzeige:f", "Ordnungsamt:n",
         "Sicherheitskonzept:n Besucherzahl:f Lärmschutz:m Sanitätsdienst:m",
         "Lageplan der Veranstaltungsfläche; Sicherheitskonzept; Versicherungsnachweis",
         "Fest anmelden; Straßenfest; Konzert genehmigen; Flohmarkt"),
    _svc("ehrenamtskarte", "Ehrenamtskarte online", "Ehrenamtskarte Online",
         "Ehrenamtskarte:f", "Ehrenamtsbüro:n",
         "Vergünstigung:f Engagementnachweis:m Gültigkeit:f Jubiläumskarte:f",
         "Bestätigung der Organisation; Passfoto",
         "Ehrenamt Karte; Ehrenamtsausweis; Vergünstigung Ehrenamt; Freiwilligenkarte"),
    _svc("schuelerbefoerderung", "Schülerbeförderung online", "Schülerticket Online",
         "Schülerfahrkarte:f", "Schulverwaltungsamt:n",
         "Schulweg:m Mindestentfernung:f Eigenanteil:m Fahrtkostenerstattung:f",
         "Schulbescheinigung; Meldebescheinigung",
         "Schulbus; Schülerticket; Fahrkarte Schule; Busfahrkarte Kind"),
    _svc("denkmal", "Denkmalrechtliche Genehmigung online", "Denkmal Online",
         "Denkmalgenehmigung:f", "Denkmalschutzbehörde:f",
         "Baudenkmal:n Sanierung:f Steuerbescheinigung:f Fördermittel:n",
         "Fotodokumentation; Planunterlagen; Kostenschätzung",
         "Denkmal sanieren; Fenster tauschen Denkmal; Denkmalschutz; Altbau"),
    _svc("wasserrecht", "Wasserrechtliche Erlaubnis online", "Wasserrecht Online",
         "Wasserrechtliche_Erlaubnis:f", "Wasserbehörde:f",
         "Brunnen:m Grundwasserentnahme:f Einleitung:f Erdwärmesonde:f",
         "Lageplan; Bohrprofil; hydrogeologisches Gutachten",
         "Brunnen bohren; Gartenbrunnen; Erdwärme; Wasser entnehmen"),
    _svc("lebensmittel", "Registrierung Lebensmittelbetrieb", "Lebensmittel Online",
         "Betriebsregistrierung:f", "Lebensmittelüberwachung:f",
         "Hygieneschulung:f Betriebskontrolle:f Infektionsschutzbelehrung:f Imbiss:m",
         "Gewerbeanmeldung; Belehrungsbescheinigung nach § 43 IfSG",
         "Imbiss eröffnen; Foodtruck; Lebensmittel verkaufen; Hygiene"),
    _svc("fundsachen", "Fundbüro online", "Fundbüro Online", "Fundsache:f", "Fundbüro:n",
         "Finderlohn:m Eigentumsnachweis:m Aufbewahrungsfrist:f Verlustmeldung:f",
         "Eigentumsnachweis; Personalausweis",
         "etwas verloren; Handy verloren; Fundbüro; Geldbörse gefunden"),
    _svc("briefwahl", "Briefwahl online", "Briefwahl Online", "Wahlschein:m", "Wahlamt:n",
         "Wahlbenachrichtigung:f Wahlbezirk:m Briefwahlunterlage:f Wählerverzeichnis:n",
         "Wahlbenachrichtigung; Vollmacht",
         "Briefwahl beantragen; wählen per Post; Wahlunterlagen; Wahlschein"),
    _svc("sperrmuell", "Sperrmüllanmeldung online", "Sperrmüll Online",
         "Sperrmüllabholung:f", "Abfallwirtschaftsbetrieb:m",
         "Abholtermin:m Elektroschrott:m Abfallgebühr:f Wertstoffhof:m",
         "Gebührenbescheid; Kundennummer",
         "Sperrmüll; Möbel abholen; Müll abholen; Entrümpelung"),
    _svc("schulanmeldung", "Schulanmeldung online", "Schulanmeldung Online",
         "Schulanmeldung:f", "Schulamt:n",
         "Einschulung:f Schuleingangsuntersuchung:f Schulbezirk:m Ganztag:m",
         "Geburtsurkunde; Sorgerechtsnachweis; Masernschutz-Nachweis",
         "Einschulung; Kind Schule anmelden; Grundschule; Schulwechsel"),
    _svc("parkerleichterung", "Parkerleichterung für Menschen mit Behinderung",
         "Parkerleichterung Online", "Parkausweis:m", "Straßenverkehrsbehörde:f",
         "Behindertenparkplatz:m Merkzeichen_aG:n Ausnahmegenehmigung:f Parkdauer:f",
         "Schwerbehindertenausweis; Passfoto; ärztliches Gutachten",
         "blauer Parkausweis; Behindertenparkplatz; Parken Behinderung; orange Parkausweis"),
    _svc("soforthilfe", "Soforthilfe Hochwasser", "Soforthilfe Online", "Soforthilfe:f",
         "Bewilligungsstelle:f",
         "Schadensmeldung:f Elementarschaden:m Auszahlung:f Hausratschaden:m",
         "Schadensfotos; Versicherungsbescheinigung; Kostenvoranschlag",
         "Hochwasser Hilfe; Flut; Unwetterschaden; Keller unter Wasser"),
    _svc("vereinsregister", "Vereinsregister online", "Vereinsregister Online",
         "Vereinsregistereintragung:f", "Registergericht:n",
         "Satzung:f Vorstand:m Gründungsversammlung:f Satzungsänderung:f",
         "Satzung; Gründungsprotokoll; notariell beglaubigte Anmeldung",
         "Verein gründen; e.V.; Vorstand ändern; Verein eintragen"),
    _svc("halterauskunft", "Halterauskunft online", "Halterauskunft Online",
         "Halterauskunft:f", "Zulassungsbehörde:f",
         "Halter:m Unfallgegner:m Kennzeichenabfrage:f Auskunftsgebühr:f",
         "Nachweis des berechtigten Interesses; Unfallbericht der Polizei",
         "Halter herausfinden; Kennzeichen abfragen; Unfallflucht; Falschparker"),
    _svc("reisepass", "Reisepass-Service", "Reisepass-Service", "Reisepass:m", "Passbehörde:f",
         "Kinderreisepass:m Expresspass:m Fingerabdruck:m Gültigkeit:f",
         "biometrisches Passfoto; alter Reisepass; Geburtsurkunde",
         "Pass beantragen; Reisepass abholen; Kinderpass; Pass verlängern"),
    _svc("taxi", "Taxi- und Mietwagengenehmigung online", "Taxi Online", "Taxigenehmigung:f",
         "Genehmigungsbehörde:f",
         "Fachkundeprüfung:f Ortskundeprüfung:f Konzession:f Mietwagen:m",
         "Führungszeugnis; Fachkundenachweis; Unbedenklichkeitsbescheinigung des Finanzamts",
         "Taxischein; Taxi Konzession; Personenbeförderungsschein; Uber"),
    _svc("erbschein", "Erbscheinsantrag online", "Erbschein Online", "Erbschein:m",
         "Nachlassgericht:n",
         "Erblasser:m Testament:n Erbfolge:f Eidesstattliche_Versicherung:f",
         "Sterbeurkunde; Testament; Personenstandsurkunden",
         "Erbe; Erbschein beantragen; Nachlass; geerbt"),
)

# --- generic vocabulary -------------------------------------------------------------

GENERIC = nouns(
    "Antrag:m Bescheid:m Nachweis:m Upload:m Postfach:n Nutzerkonto:n Personalausweis:m "
    "Zulassungsbescheinigung:f Eingangsbestätigung:f Vorgangsnummer:f Kassenzeichen:n "
    "Aktenzeichen:n Formular:n Onlinedienst:m Browser:m Fehlermeldung:f Sitzung:f Entwurf:m "
    "Anhang:m Zahlung:f Gebühr:f Quittung:f Unterschrift:f Vollmacht:f Datei:f Servicekonto:n "
    "ELSTER-Zertifikat:n Kennwort:n Übermittlung:f Benachrichtigung:f Nachricht:f Zustellung:f "
    "Bearbeitung:f Prüfung:f Auszahlung:f Widerspruch:m Änderungsantrag:m Nachforderung:f "
    "Terminbuchung:f Online-Ausweisfunktion:f Transport-PIN:f AusweisApp:f Smartphone:n "
    "Kartenlesegerät:n Lastschriftmandat:n Verwaltungsportal:n Landesportal:n Schnittstelle:f "
    "Wartung:f Störung:f Fehlercode:m Scan:m Kontoverbindung:f Postleitzahl:f Steuer-ID:f "
    "E-Mail-Adresse:f Mobilnummer:f Rechtsbehelfsbelehrung:f Zwischenstand:m Vertrauensniveau:n "
    "Unternehmenskonto:n BundID:f Anhörung:f Ablehnung:f Bewilligung:f Rückforderung:f"
)
_FIRST = word_list(
    "Antrags Nachweis Bescheid Zahlungs Gebühren Bearbeitungs Konto Melde Ausweis Post Daten "
    "Fehler Status Termin Einkommens Fahrzeug Wohnsitz Online Service Sicherheits Verwaltungs "
    "Zustellungs Prüf Upload Anmelde Portal Register Behörden Eingangs Rückmelde Abschluss "
    "Änderungs Kunden Nutzer Familien Steuer Förder Leistungs Versand Freigabe"
)
_LAST = nouns(
    "frist:f formular:n bestätigung:f nummer:f stelle:f verfahren:n nachricht:f prüfung:f "
    "übersicht:f hinweis:m dauer:f schritt:m vorgang:m bereich:m fehler:m code:m datum:n "
    "portal:n schreiben:n eingang:m weg:m ergebnis:n protokoll:n auskunft:f anfrage:f "
    "pflicht:f system:n termin:m status:m unterlage:f"
)
COMPOUNDS = tuple(Noun(first + last.word, last.gender) for first in _FIRST for last in _LAST
                  if not first.lower().startswith(last.word))

ADVERBS = word_list(
    "vollständig rechtzeitig elektronisch digital schriftlich fehlerfrei automatisch sofort "
    "nachträglich vorläufig unverzüglich ausnahmsweise gesondert persönlich telefonisch zeitnah "
    "ordnungsgemäß lesbar verschlüsselt zusätzlich"
)
VERBS = word_list(
    "hochladen nachreichen absenden zwischenspeichern herunterladen ausdrucken unterschreiben "
    "prüfen bestätigen korrigieren ergänzen widerrufen zurückziehen freischalten aktualisieren "
    "anfordern einreichen übermitteln"
)
PASSIVE = word_list(
    "geprüft bearbeitet übermittelt gespeichert angezeigt verschickt bestätigt freigeschaltet "
    "zugestellt weitergeleitet ausgestellt erstattet berechnet archiviert protokolliert"
)
PERFECT = word_list(
    "erhalten hochgeladen abgeschickt beantragt bezahlt gespeichert ausgedruckt unterschrieben "
    "bekommen eingereicht geöffnet"
)
STEPS = (
    "Persönliche Angaben", "Nachweise", "Zusammenfassung", "Zahlung", "Bankverbindung",
    "Haushalt", "Einkommen", "Anschrift", "Vertretung", "Abschluss", "Angaben zur Person",
    "Erklärungen", "Einwilligung", "Unterlagen hochladen",
)
ERRORS = (
    ("Die Datei konnte nicht hochgeladen werden", "413"),
    ("Ihre Sitzung ist abgelaufen", "SESSION-440"),
    ("Die Anmeldung konnte nicht abgeschlossen werden", "AUTH-SAML-500"),
    ("Die Zahlung konnte nicht durchgeführt werden", "PAY-402"),
    ("Ein unerwarteter Fehler ist aufgetreten", "ERR-500"),
    ("Der Dienst ist vorübergehend nicht erreichbar", "HTTP 503"),
    ("Die Eingabe ist ungültig", "VAL-422"),
    ("Das Dokument konnte nicht erzeugt werden", "PDF-500"),
    ("Die Adresse wurde nicht gefunden", "ADDR-404"),
    ("Keine zuständige Behörde gefunden", "ZUST-404"),
    ("Die Übermittlung ist fehlgeschlagen", "FIT-409"),
    ("Der Sicherheitscode ist ungültig", "SEC-401"),
)
ACTIONS = (
    "Hochladen von Nachweisen", "Absenden des Antrags", "Anmelden mit der BundID",
    "Bezahlen mit Kreditkarte", "Herunterladen des PDF", "Eingeben der Adresse",
    "Zwischenspeichern", "Öffnen des Postfachs", "Bestätigen der Angaben",
    "Auslesen des Online-Ausweises", "Wechsel zum nächsten Schritt", "Aufruf des Entwurfs",
)
CONTEXTS = (
    "unter iOS", "unter Android", "in Safari", "in Firefox", "nach der Wartung",
    "nach dem Update der AusweisApp", "mit ELSTER-Zertifikat", "bei mehreren Dateien",
    "im privaten Fenster", "mit Kartenlesegerät", "bei langen Namen", "bei Umlauten",
)
WORKAROUND_STEPS = (
    "Browserfenster schließen und den Antrag in einem privaten Fenster neu öffnen.",
    "Cache und Cookies des Browsers löschen und die Seite neu laden.",
    "Die Datei auf unter {mb} MB verkleinern, zum Beispiel mit 150 dpi in Graustufen scannen.",
    "Einen anderen, aktuellen Browser verwenden (Firefox, Chrome, Edge oder Safari).",
    "Die AusweisApp auf die aktuelle Version aktualisieren und das Smartphone neu starten.",
    "Umlaute, Leer- und Sonderzeichen aus dem Dateinamen entfernen (z. B. „ae“ statt „ä“).",
    "Den Nachweis weglassen, „wird nachgereicht“ ankreuzen und den Antrag trotzdem absenden.",
    "Mit PayPal oder SEPA-Lastschrift statt mit Kreditkarte bezahlen.",
    "Den Entwurf zwischenspeichern und nach {n} Minuten erneut versuchen.",
    "Mehrseitige PDF-Dateien in einzelne Seiten aufteilen und einzeln hochladen.",
    "Im Nutzerkonto abmelden, alle Tabs schließen und sich neu anmelden.",
    "Die Adresse ohne Ortsteil und ohne Zusatz eingeben und den Ort aus der Liste wählen.",
    "Werbeblocker und Übersetzungs-Erweiterungen für die Seite abschalten.",
    "Statt der Smartphone-Kamera die Funktion „Dokument scannen“ nutzen.",
)

CATEGORIES = (
    ("antrag", "Antrag stellen",
     ("Ausfüllen und Absenden des Online-Antrags: wer antragsberechtigt ist, welche Angaben "
     "gebraucht werden, Zwischenspeichern, Absenden, Antrag auf Papier statt online.")),
    ("konto", "Nutzerkonto und Anmeldung",
     ("Anmeldung über die BundID oder ein Unternehmenskonto, Online-Ausweis mit AusweisApp, PIN "
     "und Transport-PIN, ELSTER-Zertifikat, Vertrauensniveau, Postfach im Nutzerkonto.")),
    ("nachweise", "Nachweise und Unterlagen",
     ("Welche Nachweise beizufügen sind, in welcher Form sie hochgeladen oder nachgereicht werden "
     "können und was bei fehlenden Unterlagen gilt.")),
    ("zahlung", "Gebühren und Bezahlung",
     ("Gebühren und Auslagen, Bezahlung im Onlinedienst (Kreditkarte, PayPal, Lastschrift), "
     "abgebrochene oder doppelte Zahlungen, Erstattungen und Zahlungsbestätigungen.")),
    ("status", "Bearbeitungsstand und Bescheid",
     ("Eingangsbestätigung, Bearbeitungsstand und -dauer, Zustellung des Bescheids per Post oder "
     "ins Postfach, Auszahlung sowie Fragen zu einem erhaltenen Bescheid.")),
    ("technik", "Technische Störungen und Fehlermeldungen",
     ("Fehlermeldungen, Abbrüche, Upload-Probleme, Browser- und Geräteprobleme und bekannte Fehler "
     "mit Workaround. Bei laufenden Störungen zuerst die Störungsmeldungen prüfen.")),
    ("datenschutz", "Datenschutz und Sicherheit",
     ("Was mit den eingegebenen Daten geschieht, Speicherdauer, Auskunft und Löschung nach DSGVO, "
     "verdächtige E-Mails (Phishing) und sichere Übermittlung.")),
    ("zustaendigkeit", "Zuständigkeit und Weiterleitung",
     ("Welche Behörde vor Ort zuständig ist, Zuständigkeitsfinder, Umzug während des Verfahrens "
     "und Weiterleitung an den 2nd Level.")),
    ("fristen", "Fristen und Termine",
     ("Antragsfristen, rückwirkende Leistungen, Bewilligungszeiträume, Mitteilungspflichten bei "
     "Änderungen sowie Wartungsfenster und Termine vor Ort.")),
    ("schulung", "Schulung und Arbeitsweise",
     ("Schulungsunterlagen und Gesprächsleitfäden für First- und Second-Level-Support, "
     "Ticketerfassung, Priorisierung und Eskalation nach Kommunikationsmatrix.")),
    ("vertretung", "Vertretung und Vollmacht",
     ("Anträge für andere Personen: Vollmacht, gesetzliche Vertretung, Betreuung, "
     "Bevollmächtigte mit Unternehmenskonto und Großkundenzugänge.")),
    ("barrierefreiheit", "Barrierefreiheit und Sprache",
     ("Bedienung mit Screenreader und Tastatur, Leichte Sprache, Anträge in anderen Sprachen, "
     "Unterstützung für Menschen ohne eigenes Gerät oder ohne Internetzugang.")),
)
FAQ_CATEGORIES = ("antrag", "konto", "nachweise", "zahlung", "status", "datenschutz",
                  "zustaendigkeit", "fristen", "vertretung", "barrierefreiheit")
WORKAROUND_CATEGORIES = ("technik", "technik", "technik", "konto", "zahlung", "nachweise")

GLOSSARY = (
    ("115", "Behördennummer 115",
     ("Einheitliche Behördenrufnummer für Fragen an die öffentliche Verwaltung, Mo–Fr 8–18 Uhr. "
     "Für die meisten EfA-Onlinedienste der erste Kontakt (First Level).")),
    ("ARS", "Amtlicher Regionalschlüssel",
     ("Zwölfstelliger Schlüssel einer Gebietskörperschaft: Land, Regierungsbezirk, Kreis, "
     "Gemeindeverband und Gemeinde. Die ersten beiden Stellen bezeichnen das Land.")),
    ("BeLa", "Betreiberland",
     "Das Land, das einen EfA-Onlinedienst entwickelt hat und für alle anderen Länder betreibt."),
    ("BeV", "Betriebsverantwortlicher",
     ("Die vom Betreiberland benannte Stelle, die den Betrieb eines EfA-Onlinedienstes steuert "
     "und die Basisinhalte der Wissensdatenbank pflegt.")),
    ("MiV", "Mitnutzungsverantwortlicher",
     ("Die Stelle eines nutzenden Landes, die den Onlinedienst im Land einführt und die "
     "landesspezifischen Inhalte der Wissensdatenbank pflegt.")),
    ("EfA", "Einer für Alle",
     "Prinzip der OZG-Umsetzung: Ein Land entwickelt einen Onlinedienst, alle anderen nutzen ihn."),
    ("OZG", "Onlinezugangsgesetz",
     "Gesetz, das Bund und Länder verpflichtet, Verwaltungsleistungen auch online anzubieten."),
    ("eID", "elektronischer Identitätsnachweis",
     ("Die Online-Ausweisfunktion des Personalausweises, der eID-Karte oder des eAT; "
     "erfordert die sechsstellige PIN.")),
    ("FIM", "Föderales Informationsmanagement",
     "Standard für Leistungsbeschreibungen, Formulare und Prozesse der Verwaltung."),
    ("LeiKa", "Leistungskatalog der öffentlichen Verwaltung",
     "Verzeichnis der Verwaltungsleistungen mit vierzehnstelligen Leistungsschlüsseln."),
    ("PVOG", "Portalverbund Online-Gateway",
     "Verteilt Leistungsbeschreibungen und Zuständigkeiten an die Verwaltungsportale."),
    ("XZuFi", "XÖV-Standard für Zuständigkeitsfinder",
     "Austauschformat für Leistungsbeschreibungen, Organisationseinheiten und Zuständigkeiten."),
    ("SLA", "Service Level Agreement",
     "Vereinbarte Servicezeiten, Reaktions- und Lösungszeiten eines Routing-Ziels."),
    ("DSGVO", "Datenschutz-Grundverordnung",
     "EU-Verordnung zum Schutz personenbezogener Daten; regelt Auskunft und Löschung."),
    ("eVB", "elektronische Versicherungsbestätigung",
     "Siebenstelliger Code der Kfz-Versicherung, der für die Zulassung gebraucht wird."),
    ("PIN", "Persönliche Identifikationsnummer",
     "Sechsstellige Geheimzahl der Online-Ausweisfunktion; sie ersetzt die Transport-PIN."),
    ("PUK", "Personal Unblocking Key",
     "Zehnstelliger Code im PIN-Brief, mit dem eine gesperrte PIN entsperrt wird."),
    ("SEPA", "Single Euro Payments Area",
     "Einheitlicher Euro-Zahlungsraum; das SEPA-Lastschriftmandat erlaubt Abbuchungen."),
    ("FIT-Connect", "Übermittlungsinfrastruktur der FITKO",
     "Dienst, über den Onlinedienste Anträge verschlüsselt an die Fachverfahren übermitteln."),
    ("i-Kfz", "internetbasierte Fahrzeugzulassung",
     "Onlinedienst für Zulassung, Umschreibung und Außerbetriebsetzung von Fahrzeugen."),
)
GLOSSARY_TERMS = (
    ("BundID", "Das zentrale Nutzerkonto des Bundes mit Postfach für Bescheide."),
    ("Bescheid", ("Die schriftliche Entscheidung der Behörde über einen Antrag; Widerspruch ist "
     "innerhalb eines Monats möglich.")),
    ("Vorgangsnummer", ("Die Nummer, die der Onlinedienst nach dem Absenden vergibt; im Ticket "
     "immer angeben.")),
    ("Postfach", ("Das Postfach im Nutzerkonto, in das Eingangsbestätigungen und Bescheide "
     "zugestellt werden.")),
    ("Lotsenfunktion", ("Die Aufgabe des First Levels, Anrufende zur zuständigen Stelle zu "
     "leiten, wenn der Einzelfall betroffen ist.")),
    ("Workaround", "Ein Umweg, mit dem Anrufende trotz eines bekannten Fehlers ans Ziel kommen."),
    ("First Level", "Die erste Anlaufstelle: 115 oder der Service-Desk des Landes."),
    ("Second Level", ("Fachlicher oder technischer Support hinter dem First Level; erreichbar "
     "über Tickets nach der Kommunikationsmatrix.")),
    ("Third Level", ("Anwendungsbetreuung und Entwicklung beim OD-Bereitsteller; nur über den "
     "2nd Level technisch.")),
    ("Ticket", "Eine Meldung im Ticketsystem mit Kategorie, Priorität und Beschreibung."),
    ("Störungsmeldung", ("Eine Meldung über eine Störung, Wartung oder einen Fehler eines "
     "Onlinedienstes auf der Startseite.")),
    ("Wartungsfenster", "Ein angekündigter Zeitraum, in dem ein Onlinedienst gewartet wird."),
    ("Vertrauensniveau", ("Die Stufe der Identifizierung (niedrig, substanziell, hoch), die ein "
     "Onlinedienst verlangt.")),
    ("Unternehmenskonto", "Das Nutzerkonto für Unternehmen auf Basis eines ELSTER-Zertifikats."),
    ("Zuständigkeitsfinder", ("Verzeichnis, das zu einer Leistung und einem Ort die zuständige "
     "Stelle nennt.")),
    ("Onlinedienst", "Die Anwendung, mit der eine Verwaltungsleistung online beantragt wird."),
    ("Kommunikationsmatrix", ("Die Übersicht der Routing-Ziele mit Servicezeiten, Reaktions- und "
     "Lösungszeiten.")),
    ("Reaktionszeit", "Die Zeit bis zur ersten qualifizierten Rückmeldung auf ein Ticket."),
    ("Lösungszeit", "Die Zeit, bis ein Ticket gelöst oder ein Workaround bereitgestellt ist."),
    ("Servicezeit", "Die Zeiten, in denen ein Routing-Ziel Tickets bearbeitet."),
)

# --- sentence templates -----------------------------------------------------------
# Slots: a, b (topic or generic nouns), c (a compound), thing, auth (nouns with articles),
# svc, doc, step, adv, verb, pp (passive participle), perf, n, n2, mb, eur, ver.

ANSWER = (
    "{a.Der} wird nach dem Absenden {pp} und erscheint anschließend im Postfach des Nutzerkontos.",
    "Fehlt {a.der}, fordert {auth.der} die Unterlage schriftlich nach; der Antrag bleibt gültig.",
    "Im Schritt „{step}“ wählen Anrufende {a.den} aus und bestätigen die Angaben mit „Weiter“.",
    "{svc} zeigt {c.den} erst an, wenn alle Pflichtfelder {adv} ausgefüllt sind.",
    "Die Bearbeitung dauert bei {auth.dem} in der Regel {n} bis {n2} Arbeitstage.",
    ("Dateien bis {mb} MB lassen sich als PDF, JPG oder PNG hochladen; größere Scans vorher "
    "verkleinern."),
    "Ohne {a.den} kann {thing.der} nicht abschließend bearbeitet werden.",
    "Die Unterlage „{doc}“ kann {adv} nachgereicht werden; der Antrag gilt trotzdem als gestellt.",
    "Nach dem Absenden erhalten Antragstellende {c.einen} mit der Vorgangsnummer.",
    ("Bei Fragen zu {a.dem} hilft {auth.der} vor Ort weiter; der Onlinedienst entscheidet nichts "
    "im Einzelfall."),
    ("**Wichtig:** {a.Der} muss vor dem Absenden {adv} vorliegen, sonst bricht {svc} mit einem "
    "Hinweis ab."),
    "Die Gebühr beträgt meist {eur} Euro und wird am Ende des Antrags per ePayment bezahlt.",
    "{c.Der} lässt sich im Nutzerkonto unter „Meine Anträge“ jederzeit {verb}.",
    "Wer {b.keinen} hat, kann {thing.den} auch schriftlich bei {auth.dem} beantragen.",
    "{auth.Der} prüft {a.den} und meldet sich, wenn etwas fehlt oder unklar ist.",
    "Der Entwurf bleibt {n} Tage gespeichert; danach muss der Antrag neu begonnen werden.",
    "Die Anmeldung ist mit der BundID, dem Online-Ausweis oder einem ELSTER-Zertifikat möglich.",
    "Für {thing.den} verlangt {svc} das Vertrauensniveau „substanziell“ oder „hoch“.",
    "{b.Der} wird {adv} {pp}, sobald {auth.der} den Vorgang abgeschlossen hat.",
    "Änderungen nach dem Absenden sind nur über {c.einen} oder direkt bei {auth.dem} möglich.",
    "Die Eingangsbestätigung ist kein Bescheid: Über den Antrag entscheidet allein {auth.der}.",
    ("Der Bescheid kommt je nach Wahl per Post oder ins Postfach; Widerspruch ist innerhalb eines "
    "Monats möglich."),
    "Bei Vertretung lädt die bevollmächtigte Person die Vollmacht im Schritt „Vertretung“ hoch.",
    "{c.Der} wird im Antrag automatisch vorbelegt, wenn die Daten aus dem Nutzerkonto stammen.",
    ("Hat {auth.der} {a.den} {pp}, erscheint im Postfach eine Nachricht mit dem Betreff "
    "„{thing.word}: neuer Status“."),
    "Die Angaben zu {b.dem} lassen sich bis zum Absenden im Schritt „Zusammenfassung“ {verb}.",
    ("Auszahlungen erfolgen auf das angegebene Konto; die Kontoverbindung muss auf den Namen der "
    "antragstellenden Person lauten."),
    ("Ohne Anmeldung kann der Antrag ausgefüllt, ausgedruckt, unterschrieben und per Post "
    "geschickt werden."),
    "Die Sitzung endet nach {n2} Minuten ohne Eingabe; vorher zwischenspeichern.",
    "Der Onlinedienst ermittelt {auth.den} aus der Postleitzahl und dem Wohnort.",
)
STEP = (
    "Im Nutzerkonto anmelden (BundID, Online-Ausweis oder ELSTER-Zertifikat).",
    "Den Schritt „{step}“ öffnen und {a.den} eintragen.",
    "„{doc}“ als PDF hochladen (höchstens {mb} MB je Datei).",
    "Die Angaben in der Zusammenfassung prüfen und „Antrag absenden“ wählen.",
    "Die Eingangsbestätigung mit der Vorgangsnummer speichern oder ausdrucken.",
    "Die Gebühr von {eur} Euro mit Kreditkarte, PayPal oder Lastschrift bezahlen.",
    "Auf die Nachricht von {auth.dem} im Postfach warten; Rückfragen dort beantworten.",
    "{c.Den} im Nutzerkonto unter „Meine Anträge“ aufrufen.",
)
QUESTION = (
    "Haben Sie {a.den} schon {perf}?",
    "Welche Fehlermeldung erscheint genau, und bei welchem Schritt?",
    "Wann haben Sie den Antrag abgeschickt, und auf welchem Weg?",
    "Liegt Ihnen die Unterlage „{doc}“ schon vor?",
    "Nutzen Sie einen Computer oder ein Smartphone, und welchen Browser?",
    "Haben Sie eine Vorgangsnummer oder ein Aktenzeichen von {auth.dem}?",
    "In welcher Gemeinde wohnen Sie (Postleitzahl und Ort)?",
    "Haben Sie sich mit der BundID, dem Online-Ausweis oder einem ELSTER-Zertifikat angemeldet?",
    "Ist {a.der} schon bei {auth.dem} eingegangen?",
    "Stellen Sie den Antrag für sich selbst oder für eine andere Person (Vollmacht)?",
    "Zeigt der Onlinedienst im Schritt „{step}“ einen Hinweis an?",
    "Haben Sie {c.den} im Postfach gefunden?",
    "Wie groß ist die Datei, und in welchem Format liegt sie vor?",
    "Seit wann besteht das Problem, und hat es früher schon einmal funktioniert?",
)
ROUTE = (
    ("Keine Weiterleitung nötig, wenn die Kurzantwort hilft. Sonst: **{t2f}**, Kategorie "
    "„{cat}“, mit Vorgangsnummer."),
    ("Technische Fehler, die sich mit dem Workaround nicht beheben lassen: **{t2t}**, Priorität "
    "mittel; Fehlertext wörtlich und Uhrzeit angeben."),
    ("Fragen zum Einzelfall beantwortet {auth.der} (Lotsenfunktion): Kontaktdaten aus den "
    "Leistungsbeschreibungen nennen."),
    ("Betrifft das Problem viele Anrufende gleichzeitig, zuerst die Störungsmeldungen prüfen; erst "
    "dann ein Ticket an **{t2t}**."),
    "Fachliche Fragen zum Formular, die die Wissensdatenbank nicht beantwortet: **{t2f}**.",
    "Keine Einkommensdaten, Ausweisnummern oder Gesundheitsdaten ins Ticket schreiben.",
)
BACKGROUND = (
    ("{svc} übermittelt Anträge über FIT-Connect an {auth.den}; dort werden sie im Fachverfahren "
    "weiterbearbeitet."),
    ("Die Länder regeln die Zuständigkeit selbst, deshalb unterscheiden sich {a.word} und Fristen "
    "zwischen den Ländern."),
    "Seit Release {ver} prüft der Onlinedienst {c.den} schon beim Hochladen.",
    ("Der Onlinedienst speichert Entwürfe verschlüsselt; nach dem Absenden werden die Daten nach "
    "{n} Tagen gelöscht."),
    ("{thing.Der} ist eine Leistung nach dem Onlinezugangsgesetz und wird nach dem Prinzip "
    "„Einer für Alle“ bereitgestellt."),
    "Viele Rückfragen entstehen, weil {a.der} mit {b.dem} verwechselt wird.",
    ("Die Kurzantwort ist bewusst allgemein gehalten; landesspezifische Hinweise stehen in den "
    "Abschnitten der Länder."),
)
SHORT = (
    "Sie können {a.den} direkt im Onlinedienst {verb}.",
    "Die Bearbeitung dauert meist {n} bis {n2} Wochen.",
    "Das macht {auth.der} an Ihrem Wohnort.",
    "Fehlende Unterlagen können Sie nachreichen.",
    "Wichtig ist, dass {a.der} {adv} vorliegt.",
    "Melden Sie sich dafür mit Ihrer BundID an.",
    "Den Stand Ihres Antrags kennt nur {auth.der}.",
    "Die Unterlage „{doc}“ laden Sie im Schritt „Nachweise“ hoch.",
    "Die Gebühr von etwa {eur} Euro bezahlen Sie online.",
    "Den Bescheid bekommen Sie per Post oder ins Postfach.",
    "Ohne Online-Ausweis geht es auch auf Papier.",
    "Bitte halten Sie Ihre Vorgangsnummer bereit.",
)
GOALS = (
    "die Kurzantwort zu {a.dem} vorlesen und die passenden Rückfragen stellen;",
    "erkennen, wann {auth.der} zuständig ist und wann ein Ticket an den 2nd Level geht;",
    "Tickets zu {svc} mit Kategorie, Priorität und wörtlichem Fehlertext erfassen;",
    "laufende Störungen von {svc} auf der Startseite erkennen und Betroffene informieren;",
    "{a.den} und {b.den} in zwei Sätzen erklären;",
    "Anrufende durch den Schritt „{step}“ lotsen;",
    "die häufigsten Fehlermeldungen beim Hochladen von „{doc}“ einordnen;",
    "die Servicezeiten und Reaktionszeiten der Routing-Ziele nennen.",
)
FAQ_TITLE = (
    "Wie beantrage ich {thing.den} online?",
    "Welche Nachweise brauche ich für {a.den}?",
    "Wie lade ich „{doc}“ im Onlinedienst hoch?",
    "Was tun, wenn {a.der} nicht angezeigt wird?",
    "Wie lange dauert die Bearbeitung bei {auth.dem}?",
    "Kann ich {a.den} nachträglich ändern?",
    "Wo finde ich {c.den} nach dem Absenden?",
    "Muss ich „{doc}“ im Original einreichen?",
    "Was kostet {a.der}?",
    "Wer ist für {a.den} zuständig?",
    "Was bedeutet {a.der} im Antrag?",
    "Kann jemand anderes {a.den} für mich beantragen?",
    "Warum wurde {a.der} abgelehnt?",
    "Wie bekomme ich {c.den} per Post statt ins Postfach?",
    "Ab wann gilt {a.der}?",
    "Gibt es eine Frist für {a.den}?",
    "Wie melde ich mich bei {svc} für {a.den} an?",
    "Was mache ich bei einem Umzug während der Bearbeitung von {a.dem}?",
    "Geht {a.der} auch ohne Online-Ausweis?",
    "Wie hängen {a.der} und {b.der} zusammen?",
    "Was passiert mit {c.dem} nach dem Absenden?",
    "Warum fragt der Antrag nach {c.dem}?",
)
TRAINING_TITLE = (
    "{svc} am Telefon: Grundlagen für den First Level",
    "Fehleranalyse {svc} für den Second Level",
    "{a.word} und {b.word} sicher erklären",
    "Gesprächsleitfaden {thing.word}",
    "Tickets zu {svc} richtig erfassen und priorisieren",
    "Übungsfälle zu {a.dem}",
    "Störungen bei {svc} erkennen und kommunizieren",
)

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                           "Ü": "ue"})
_STOP = {"ich", "ein", "eine", "einen", "einem", "der", "die", "das", "den", "dem", "im", "in",
         "mit", "fuer", "von", "zu", "und", "auch", "statt", "nach", "bei", "wird", "muss", "kann"}


def slugify(text: str, words: int = 7) -> str:
    """A file-name slug: lower case, transliterated umlauts, at most ``words`` words."""
    parts = re.findall(r"[a-z0-9]+", text.translate(_TRANSLIT).lower())
    kept = [p for p in parts if p not in _STOP] or parts
    return "-".join(kept[:words])[:64].strip("-") or "artikel"


def wrap(text: str, indent: str = "  ", width: int = 100) -> str:
    """Lines of a folded YAML scalar or a Markdown paragraph."""
    return "\n".join(textwrap.wrap(text, width=width, initial_indent=indent,
                                   subsequent_indent=indent, break_on_hyphens=False,
                                   break_long_words=False))


# --- the writer -------------------------------------------------------------------


class Writer:
    """German text for one service, drawn from ``rng``."""

    def __init__(self, rng: random.Random, spec: ServiceSpec, targets: dict[str, str]):
        self.rng = rng
        self.spec = spec
        self.targets = targets
        """Names of the service's routing targets: ``2f``, ``2t``, ``3t``."""
        self.used: set[str] = set()
        """Templates used since :meth:`begin`; not repeated while others are left."""

    def begin(self) -> None:
        """Start a new article: every template may be used again."""
        self.used.clear()

    def topic(self) -> Noun:
        """Mostly a noun of the service, sometimes a generic one."""
        pool = self.spec.topics if self.rng.random() < 0.65 else GENERIC
        return self.rng.choice(pool)

    def slots(self) -> dict[str, object]:
        rng = self.rng
        a = self.topic()
        b = self.topic()
        while b == a:
            b = rng.choice(GENERIC)
        n = rng.randint(2, 10)
        return {
            "a": a, "b": b, "c": rng.choice(COMPOUNDS), "thing": self.spec.thing,
            "auth": self.spec.authority, "svc": self.spec.short,
            "doc": rng.choice(self.spec.documents), "step": rng.choice(STEPS),
            "adv": rng.choice(ADVERBS), "verb": rng.choice(VERBS), "pp": rng.choice(PASSIVE),
            "perf": rng.choice(PERFECT), "n": n, "n2": n + rng.randint(2, 20),
            "mb": rng.choice((2, 5, 10, 15, 20)), "eur": self.euro(),
            "ver": f"{rng.randint(2, 7)}.{rng.randint(0, 12)}",
            "t2f": self.targets.get("2f", "2nd Level fachlich"),
            "t2t": self.targets.get("2t", "2nd Level technisch"),
            "cat": rng.choice(FAQ_CATEGORIES),
        }

    def euro(self) -> str:
        cents = self.rng.choice((0, 0, 0, 50, 90, 10, 60))
        return f"{self.rng.randint(5, 120)},{cents:02d}"

    def fill(self, template: str, **extra: object) -> str:
        return template.format(**{**self.slots(), **extra})

    def sentences(self, templates: tuple[str, ...], count: int) -> list[str]:
        fresh = [t for t in templates if t not in self.used]
        pool = fresh if len(fresh) >= count else list(templates)
        chosen = self.rng.sample(pool, min(count, len(pool)))
        self.used.update(chosen)
        return [self.fill(t) for t in chosen]

    def paragraph(self, count: int) -> str:
        return " ".join(self.sentences(ANSWER, count))

    def short_answer(self, limit: int = 380) -> str:
        parts = self.sentences(SHORT, self.rng.randint(3, 4))
        while len(" ".join(parts)) > limit and len(parts) > 1:
            parts.pop()
        return " ".join(parts)[:limit]

    def keywords(self, extra: tuple[str, ...] = ()) -> list[str]:
        rng = self.rng
        pool = ([t.word for t in self.spec.topics] + list(self.spec.synonyms)
                + list(self.spec.documents) + [self.spec.thing.word])
        words = rng.sample(pool, min(len(pool), rng.randint(4, 8)))
        words += [c.word for c in rng.sample(COMPOUNDS, rng.randint(1, 3))]
        words += [g.word for g in rng.sample(GENERIC, rng.randint(1, 2))] + list(extra)
        seen: list[str] = []
        for word in words:
            if word.casefold() not in (s.casefold() for s in seen):
                seen.append(word)
        return seen

    def questions(self, count: int) -> list[str]:
        return self.sentences(QUESTION, count)

    def routing_text(self) -> str:
        return " ".join(self.sentences(ROUTE, self.rng.randint(1, 3)))

    def background(self) -> str:
        return " ".join(self.sentences(BACKGROUND, self.rng.randint(1, 3)))

    def faq_title(self) -> str:
        return self.fill(self.rng.choice(FAQ_TITLE))

    def training_title(self) -> str:
        return self.fill(self.rng.choice(TRAINING_TITLE))

    def error(self) -> tuple[str, str, str, str]:
        """Message, code, action and context of a known error."""
        message, code = self.rng.choice(ERRORS)
        return message, code, self.rng.choice(ACTIONS), self.rng.choice(CONTEXTS)

    def workaround_steps(self, count: int) -> list[str]:
        return self.sentences(WORKAROUND_STEPS, count)

    def steps(self, count: int) -> list[str]:
        return self.sentences(STEP, count)

LEISTUNG_TEXT = (
    "Wenn Sie {thing.den} benötigen, stellen Sie den Antrag bei {auth.dem}.",
    "{auth.Der} prüft Ihre Angaben und entscheidet über {a.den}.",
    "Sie können den Antrag online, schriftlich oder persönlich stellen.",
    "Für {a.den} müssen Sie die erforderlichen Unterlagen vollständig einreichen.",
    "Die Entscheidung erhalten Sie als schriftlichen Bescheid mit Rechtsbehelfsbelehrung.",
    "Ändern sich Ihre Verhältnisse, müssen Sie dies {auth.dem} unverzüglich mitteilen.",
    "In bestimmten Fällen ist {b.der} Voraussetzung für die Bewilligung.",
    "Die Gebühren richten sich nach der Gebührenordnung des Landes.",
    "Unvollständige Anträge verzögern die Bearbeitung erheblich.",
    "Über {c.den} werden Sie im Postfach Ihres Nutzerkontos informiert.",
    "Der Antrag kann auch durch eine bevollmächtigte Person gestellt werden.",
    "Die Leistung wird frühestens ab dem Monat der Antragstellung gewährt.",
    "Bei Rückfragen wendet sich {auth.der} schriftlich oder telefonisch an Sie.",
    "Sie erhalten nach dem Eingang {c.einen} mit Ihrem Aktenzeichen.",
)
LEISTUNG_ACTIONS = (
    ("Bewilligung", "beantragen"), ("Verlängerung", "verlängern"), ("Änderung", "ändern"),
    ("Ersatz", "ersetzen lassen"), ("Abmeldung", "abmelden"), ("Auskunft", "Auskunft erhalten"),
    ("Erteilung", "erteilen lassen"), ("Umschreibung", "umschreiben lassen"),
    ("Widerspruch", "Widerspruch einlegen"), ("Erstattung", "Erstattung beantragen"),
    ("Bescheinigung", "Bescheinigung erhalten"), ("Anzeige", "anzeigen"),
    ("Rücknahme", "zurücknehmen"), ("Übertragung", "übertragen"),
)
LEISTUNG_GROUPS = (
    "", "", "", " für Minderjährige", " für Unternehmen", " für Studierende",
    " im vereinfachten Verfahren", " in Härtefällen", " für Auslandsdeutsche",
    " für Menschen mit Behinderung", " nach Umzug", " bei Verlust", " für Bevollmächtigte",
)
TOWN_STEMS = word_list(
    "Eich Linden Rosen Birken Wald Mühl Kirch Stein Fisch Bruch Weiß Schön Hohen Neu Alt Ober "
    "Nieder Buch Tann Hain Wolfs Falken Hasel Erlen Marien Kloster Sonnen Wiesen Bären Kron "
    "Lauter Roth Schwarz Grün Frieden Königs Herz Sieben Wester Oster"
)
TOWN_SUFFIXES = word_list(
    "dorf hausen heim feld berg bach stadt ingen au burg brück hagen rode born stedt beck "
    "kirchen furt weiler tal"
)
STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Rathausplatz", "Am Markt",
    "Goethestraße", "Lindenallee", "Kirchstraße", "Schlossplatz", "Friedrich-Ebert-Straße",
    "Mühlenweg", "Gartenstraße", "Am Stadtpark", "Bürgermeister-Müller-Straße", "Poststraße",
)

LAND_TEXT = (
    ("In {land} ist {auth.der} der Kreise und kreisfreien Städte zuständig; das {portal} leitet "
    "den Antrag automatisch dorthin weiter."),
    "Anrufende aus {land} finden den Einstieg über das {portal}; dort ist {svc} verlinkt.",
    "Technische Störungen des {portal} meldet der Service-Desk direkt an {it}.",
    ("In {land} gilt zusätzlich eine landesrechtliche Regelung; Einzelfragen klärt {auth.der} vor "
    "Ort."),
    "Die Bearbeitung dauert in {land} derzeit {n} bis {n2} Arbeitstage.",
    "Für {land} gilt: Tickets gehen an **{target}**, nicht an den Betreiber.",
    ("In {land} wird {a.der} zusätzlich per Post verschickt, bis die Postfach-Anbindung umgestellt "
    "ist."),
    "Die Gebühr beträgt in {land} einheitlich {eur} Euro.",
    "{land} verlangt {b.den} nur in Papierform; ein Upload reicht dort nicht aus.",
    "Seit der Umstellung in {land} ist {c.der} im {portal} sichtbar.",
)
LAND_SHORT = (
    "In {land} stellen Sie den Antrag über das {portal}.",
    "Zuständig ist in {land} {auth.der} an Ihrem Wohnort.",
    "In {land} dauert die Bearbeitung meist {n} bis {n2} Wochen.",
    "Die Gebühr beträgt in {land} {eur} Euro.",
    "Den Bescheid schickt Ihnen {auth.der} in {land} per Post.",
)
TOWN_TEXT = (
    "In {town} bearbeitet {auth.der} Online-Anträge meist am selben Werktag.",
    "Termine vor Ort vergibt {office} nur nach Online-Buchung.",
    "Für Einwohnerinnen und Einwohner von {town} ist {office} zuständig.",
    "In {town} verschickt {office} {a.den} am nächsten Werktag per Post.",
    "Bei Fragen zum Einzelfall erreichen Anrufende {office} unter {phone}.",
    "In {town} gibt es zusätzlich eine Sprechstunde im Bürgerbüro, dienstags 8–12 Uhr.",
)
TOWN_SHORT = (
    "In {town} ist {office} Ihre Ansprechstelle.",
    "In {town} geht das meist schon am selben Werktag.",
    "Für {town} brauchen Sie dafür keinen Termin vor Ort.",
)
