/*
 * efa-kb: incident banners kept current from the same-origin incidents/active.json.
 *
 * Every page carries its banners as rendered at build time (the fallback without
 * JavaScript). `efa-kb incident publish` rewrites active.json without rebuilding
 * the pages, so on every load this script re-renders each `.efa-incidents`
 * section from it: a section with data-efa-service shows that service's
 * incidents, the start page's section (without) shows all of them. Incidents
 * that ended disappear, new ones appear, a maintenance moves from "upcoming" to
 * active when it starts. The markup mirrors _incident_item in
 * efa_kb/render/blocks.py, and the incident states next to workaround links
 * (.efa-incident-state) mirror incident_reference in
 * efa_kb/render/incidents.py: change them together. It requests nothing from
 * another host, and fires "efa:incidents" with the data for other scripts.
 */
(function () {
  "use strict";

  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  /* The site root relative to this page, from the theme's <meta name="efa-kb-base">. */
  function siteBase() {
    var meta = document.querySelector('meta[name="efa-kb-base"]');
    return ((meta && meta.getAttribute("content")) || ".").replace(/\/$/, "");
  }

  function time(value) {
    var parsed = Date.parse(value);
    return isNaN(parsed) ? 0 : parsed;
  }

  function newestFirst(a, b) {
    return time(b.start) - time(a.start) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  }

  /* The server decided active and upcoming at publish time; time may have moved on since. */
  function classify(data, now) {
    var active = [], upcoming = [];
    function over(i) { return i.status === "scheduled" && i.end && time(i.end) <= now; }
    (data.active || []).forEach(function (i) { if (!over(i)) active.push(i); });
    (data.upcoming || []).forEach(function (i) {
      if (time(i.start) > now) upcoming.push(i);
      else if (!over(i)) active.push(i);
    });
    active.sort(newestFirst);
    upcoming.sort(newestFirst);
    return { active: active, upcoming: upcoming };
  }

  function item(i, upcoming, base) {
    var kind = upcoming ? "upcoming" : i.severity;
    var label = upcoming ? "Angekündigt" : i.severity_label;
    var when = (upcoming ? "geplant ab " : "seit ") + i.start_text;
    var workaround = i.workaround
      ? '<p class="efa-incident__workaround"><strong>Für Agents:</strong> ' + esc(i.workaround) + "</p>"
      : "";
    return (
      '<div class="efa-incident efa-incident--' + esc(kind) + '" data-efa-incident="' + esc(i.id) + '">\n' +
      '<p class="efa-incident__title"><span class="efa-incident__badge">' + esc(label) + "</span> " +
      '<a href="' + esc(base + "/" + i.url) + '">' + esc(i.title) + "</a></p>\n" +
      '<p class="efa-incident__meta">Status: ' + esc(i.status_label) + " · " +
      '<time datetime="' + esc(i.start) + '">' + esc(when) + "</time></p>\n" + workaround + "\n</div>"
    );
  }

  /* What a reader perceives of a banner: which incidents, and its text. */
  function signature(element) {
    var ids = Array.prototype.map.call(element.querySelectorAll("[data-efa-incident]"), function (n) {
      return n.getAttribute("data-efa-incident");
    });
    return ids.join(" ") + "|" + element.textContent.replace(/\s+/g, " ").trim();
  }

  function renderBanner(section, lists, base) {
    var service = section.getAttribute("data-efa-service");
    function concerns(i) { return !service || (i.services || []).indexOf(service) >= 0; }
    var html = lists.active.filter(concerns).map(function (i) { return item(i, false, base); })
      .concat(lists.upcoming.filter(concerns).map(function (i) { return item(i, true, base); }))
      .join("\n");
    var fresh = document.createElement("div");
    fresh.innerHTML = html;
    if (signature(fresh) !== signature(section)) section.innerHTML = html;
    if (html) section.removeAttribute("hidden");
    else section.setAttribute("hidden", "");
  }

  function renderStates(lists) {
    var known = {};
    lists.active.forEach(function (i) { known[i.id] = ["active", "aktiv – " + i.status_label]; });
    lists.upcoming.forEach(function (i) { known[i.id] = ["upcoming", "angekündigt ab " + i.start_text]; });
    document.querySelectorAll(".efa-incident-state[data-efa-incident]").forEach(function (element) {
      var state = known[element.getAttribute("data-efa-incident")];
      if (!state) {
        /* no longer listed: it ended; an incident shown as ended keeps its word (behoben) */
        if (!/efa-incident-state--(active|upcoming)/.test(element.className)) return;
        state = ["ended", "beendet"];
      }
      element.className = "efa-incident-state efa-incident-state--" + state[0];
      if (element.textContent !== "(" + state[1] + ")") element.textContent = "(" + state[1] + ")";
    });
  }

  function refresh() {
    if (!window.fetch) return;
    var base = siteBase();
    fetch(base + "/incidents/active.json", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var lists = classify(data, Date.now());
        document.querySelectorAll(".efa-incidents").forEach(function (section) { renderBanner(section, lists, base); });
        renderStates(lists);
        window.dispatchEvent(new CustomEvent("efa:incidents", { detail: data }));
      })
      .catch(function () { /* offline or file://: the banners rendered at build time stay */ });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(refresh); /* Material's instant navigation: every page view */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
})();
