/*
 * efa-kb: keyboard and screen-reader fixes over Material (see docs/accessibility.md).
 * Incident banners are refreshed by efa-incidents.js (it fires "efa:incidents"),
 * search is efa-search.js. Nothing here requests anything.
 *
 * - The menu button (header.html) opens Material's navigation drawer: focus moves
 *   into the drawer, Escape or leaving it closes the drawer and focus returns.
 *   efa.css hides whatever in the drawer is off screen or covered.
 * - Collapsible navigation sections (labels with tabindex=0) are announced as
 *   buttons with their state and toggle with Enter and Space; in the drawer focus
 *   follows into the panel a section opens, and its title leads back.
 * - Material's "copied" message is announced (a polite live region).
 * - Material's single-key page shortcuts are off; "/" for search can be switched off.
 */
(function () {
  "use strict";

  var DRAWER = "(max-width: 76.234375em)"; /* Material's breakpoint for the navigation drawer */

  function inDrawer() {
    return window.matchMedia(DRAWER).matches;
  }

  function shown(element) {
    return element.getClientRects().length > 0 && window.getComputedStyle(element).visibility === "visible";
  }

  /* The first control a keyboard reaches in ``root`` that is on screen. */
  function firstFocusable(root) {
    var candidates = root.querySelectorAll("a[href], button, input:not([type=checkbox]), [tabindex='0']");
    for (var i = 0; i < candidates.length; i++) if (shown(candidates[i])) return candidates[i];
    return null;
  }

  function later(callback) {
    window.requestAnimationFrame(function () { window.requestAnimationFrame(callback); });
  }

  function drawer() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("[data-efa-drawer]");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !sidebar) return;
    sidebar.id = sidebar.id || "efa-navigation";
    button.setAttribute("aria-controls", sidebar.id);

    function sync() {
      var open = toggle.checked;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.setAttribute("aria-label", open ? "Navigation schließen" : "Navigation öffnen");
    }

    function set(open, refocus) {
      if (toggle.checked !== open) toggle.click(); /* a click, so that Material sees the change too */
      sync();
      if (open) {
        later(function () {
          var first = firstFocusable(sidebar);
          if (first) first.focus();
        });
      } else if (refocus) {
        button.focus();
      }
    }

    button.addEventListener("click", function () { set(!toggle.checked, false); });
    toggle.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        event.preventDefault();
        set(false, true);
      }
    });
    /* Tabbing out of the open drawer closes it, so focus never sits behind the overlay. */
    document.addEventListener("focusin", function (event) {
      if (toggle.checked && !sidebar.contains(event.target) && event.target !== button) set(false, false);
    });
    sync();
  }

  /* Space on a label that toggles a section (Material's own keyboard handler clicks a label on Enter). */
  function operable(label) {
    label.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        label.click();
      }
    });
  }

  function sections() {
    var nav = document.querySelector(".md-nav--primary");
    if (!nav) return;
    var media = window.matchMedia(DRAWER);
    /* Section toggles. Top-level sections are headings on wide screens but panels in the
       drawer, where Material leaves their labels (and the one opening the current page's
       table of contents) out of the tab order. */
    Array.prototype.forEach.call(nav.querySelectorAll("label.md-nav__link[for]"), function (label) {
      var input = document.getElementById(label.getAttribute("for"));
      if (!input) return;
      /* drawer only: top-level sections and the current page's table of contents */
      var section = label.getAttribute("tabindex") !== "0";
      function sync() {
        var active = !section || inDrawer();
        label.setAttribute("tabindex", active ? "0" : "");
        if (active) {
          label.setAttribute("role", "button");
          label.setAttribute("aria-expanded", input.checked ? "true" : "false");
        } else {
          label.removeAttribute("role");
          label.removeAttribute("aria-expanded");
        }
      }
      operable(label);
      sync();
      if (section && media.addEventListener) media.addEventListener("change", sync);
      input.addEventListener("change", function () {
        sync();
        if (!inDrawer() || !input.checked) return;
        /* In the drawer the section opens as a panel over this one: continue there. */
        var panel = input.parentNode.querySelector(":scope > .md-nav");
        later(function () {
          var first = panel && firstFocusable(panel);
          if (first) first.focus();
        });
      });
    });
    /* A panel's title leads back up (in the drawer only; elsewhere it is not shown). */
    Array.prototype.forEach.call(nav.querySelectorAll("label.md-nav__title[for]:not([for='__drawer'])"), function (title) {
      var input = document.getElementById(title.getAttribute("for"));
      if (!input) return;
      title.setAttribute("tabindex", "0");
      title.setAttribute("role", "button");
      title.setAttribute("aria-label", "Zurück: " + title.textContent.trim() + " schließen");
      operable(title);
      input.addEventListener("change", function () {
        if (!inDrawer() || input.checked) return;
        var opener = nav.querySelector("label.md-nav__link[for='" + input.id + "']");
        later(function () {
          if (opener && shown(opener)) opener.focus();
        });
      });
    });
  }

  /* Single-key shortcuts (WCAG 2.1.4): Material goes to the previous or next page on p, n,
     "," and "." wherever the focus is, which speech input triggers by accident, so those are
     off; "/" (search, efa-search.js) can be switched off with the button in the footer. */
  var SHORTCUTS = "efa-kb.shortcuts";

  function typing(target) {
    return target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
  }

  function shortcutsOn() {
    try { return window.localStorage.getItem(SHORTCUTS) !== "off"; } catch (error) { return true; }
  }

  function shortcuts() {
    window.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var key = event.key;
      if (key === "p" || key === "n" || key === "," || key === "." || (key === "/" && !shortcutsOn())) {
        event.stopImmediatePropagation();
      }
    }, true);
    var button = document.querySelector("[data-efa-shortcuts]");
    if (!button) return;
    function sync() { button.setAttribute("aria-pressed", shortcutsOn() ? "true" : "false"); }
    button.addEventListener("click", function () {
      try { window.localStorage.setItem(SHORTCUTS, shortcutsOn() ? "off" : "on"); } catch (error) { /* private mode */ }
      sync();
    });
    sync();
    button.hidden = false;
  }

  function announceDialog() {
    var dialog = document.querySelector(".md-dialog__inner");
    if (!dialog) return;
    dialog.setAttribute("role", "status");
    dialog.setAttribute("aria-live", "polite");
  }

  function start() {
    shortcuts();
    drawer();
    sections();
    announceDialog();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
