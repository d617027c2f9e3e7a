/* efa-kb: refresh incident banners from the same-origin active.json. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="efa-kb-base"]');
  var base = meta ? meta.getAttribute("content") : ".";
  if (!window.fetch) return;
  fetch(base.replace(/\/$/, "") + "/incidents/active.json", { cache: "no-store" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) { if (data) window.dispatchEvent(new CustomEvent("efa:incidents", { detail: data })); })
    .catch(function () {});
})();
