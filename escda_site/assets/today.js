// Statements that depend on today, re-evaluated with the reader's own date (Europe/Paris).
// The build writes each statement as it stood on the build date, with that date stated
// (« au 24 novembre 2026 »): that stays true without JavaScript. A page read months later
// must not claim that an expired logo is valid, so this script redoes the same choice here:
//   .escda-dated[data-from][data-until]  children [data-when="before|valid|expired"]:
//                                        only the one that holds today is shown;
//   [data-escda-if="valid …"][data-from][data-until]
//                                        shown only while its title is in that state;
//   [data-escda-group]                   hidden when none of its [data-escda-if] is shown;
//   [data-escda-none]                    shown only when its [data-escda-scope] shows none;
//   [data-escda-today]                   the reader's date, in French.
// Each of them carries the build date (`data-built`): a reader's date before it (a clock
// set back, a build published --as-of ahead) is taken as the build date, as the build
// left out what had expired by then (a company's logos, the home page's laureates) and a
// page re-dated earlier would deny a logo its own table calls valid. Headings that hold a
// date name their table-of-contents entry without it (data-toc-label): the entry is not
// re-dated here, so it must not carry the build date beside a re-dated heading.
(function () {
  "use strict";

  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre"];

  // Today in Paris as YYYY-MM-DD, whatever the reader's own time zone.
  function isoToday(now) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(now || new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  // `2027-10-01` -> `1er octobre 2027`, as the build writes dates.
  function frenchDay(iso) {
    var y = +iso.slice(0, 4), m = +iso.slice(5, 7), d = +iso.slice(8, 10);
    // A no-break space after the day, as the build writes dates (frformat.day).
    return (d === 1 ? "1er" : String(d)) + "\u00a0" + MONTHS[m - 1] + " " + y;
  }

  // A French text as DOM nodes, the ordinal « 1er » set in superscript as the build sets it
  // on pages (« 1<sup>er</sup> octobre »); everything else stays plain text, never markup.
  function frenchNodes(text) {
    var nodes = [];
    String(text).split(/\b(1)(er)\b/).forEach(function (part, i) {
      if (i % 3 === 2) {
        var sup = document.createElement("sup");
        sup.textContent = part;
        nodes.push(sup);
      } else if (part) {
        nodes.push(part);
      }
    });
    return nodes;
  }

  // The day a statement is judged on: the reader's (`today`, else the clock's), never
  // before the build's (`built`, YYYY-MM-DD).
  function readerDay(built, today) {
    today = today || isoToday();
    return built && today < built ? built : today;
  }

  function dayFor(el, today) {
    return readerDay(el.dataset.built, today);
  }

  function state(el, today) {
    today = dayFor(el, today);
    if (today < el.dataset.from) return "before";
    if (today > el.dataset.until) return "expired";
    return "valid";
  }

  function apply(root, today) {
    root = root || document;
    today = today || isoToday();
    root.querySelectorAll("[data-escda-today]").forEach(function (el) {
      var day = dayFor(el, today);
      el.replaceChildren.apply(el, frenchNodes(frenchDay(day)));
      el.setAttribute("datetime", day);
    });
    root.querySelectorAll(".escda-dated[data-from][data-until]").forEach(function (el) {
      var now = state(el, today);
      el.querySelectorAll("[data-when]").forEach(function (variant) {
        variant.hidden = variant.dataset.when !== now;
      });
    });
    root.querySelectorAll("[data-escda-if][data-from][data-until]").forEach(function (el) {
      el.hidden = el.dataset.escdaIf.split(" ").indexOf(state(el, today)) < 0;
    });
    root.querySelectorAll("[data-escda-group]").forEach(function (group) {
      var items = group.querySelectorAll("[data-escda-if]");
      group.hidden = items.length > 0 && !Array.prototype.some.call(items, function (i) {
        return !i.hidden;
      });
    });
    root.querySelectorAll("[data-escda-scope]").forEach(function (scope) {
      var shown = Array.prototype.some.call(scope.querySelectorAll("[data-escda-if]"),
        function (i) { return !i.hidden; });
      scope.querySelectorAll("[data-escda-none]").forEach(function (el) { el.hidden = shown; });
    });
  }

  window.escdaToday = {
    isoToday: isoToday, readerDay: readerDay, frenchDay: frenchDay, frenchNodes: frenchNodes,
    apply: apply
  };

  function init() { apply(document); }
  // Material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
