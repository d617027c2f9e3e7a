/* efa-kb: a small ResizeObserver for browsers that lack one.
 *
 * Material's bundle fetches a polyfill from unpkg.com where ResizeObserver is missing; the
 * agents' networks reach no other host, so that request would fail and the header, tabs and
 * sidebar would stop following the layout. Loaded before the bundle (main.html), this makes
 * the bundle find ResizeObserver and never load anything. It reports an element's size when
 * it is first observed and whenever the window's size changes: enough for what Material
 * watches (header, sidebar, tabs), which change size only with the window.
 */
(function () {
  "use strict";
  if (typeof window.ResizeObserver !== "undefined") return;

  function entry(target) {
    return { target: target, contentRect: target.getBoundingClientRect() };
  }

  function Observer(callback) {
    var self = this;
    this.targets = [];
    this.report = function () {
      if (self.targets.length) callback(self.targets.map(entry), self);
    };
    this.first = function (target) {
      if (self.targets.indexOf(target) >= 0) callback([entry(target)], self);
    };
    window.addEventListener("resize", this.report);
  }

  Observer.prototype.observe = function (target) {
    if (this.targets.indexOf(target) >= 0) return;
    this.targets.push(target);
    setTimeout(this.first, 0, target);
  };

  Observer.prototype.unobserve = function (target) {
    this.targets = this.targets.filter(function (known) { return known !== target; });
  };

  Observer.prototype.disconnect = function () {
    this.targets = [];
    window.removeEventListener("resize", this.report);
  };

  window.ResizeObserver = Observer;
})();
