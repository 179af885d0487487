// Accent-insensitive search, query side (see escda_site/engine/search.py for the index side).
// Loaded in <head>, before Material's bundle creates its search worker: every query is folded
// before it reaches the worker, so « énergie » and « energie » are one query, with the same
// results in the same order. The worker highlights what it matched; a folded query matches
// the hidden accent-free copies of accented words, so the visible words whose folded form
// starts with a query term are highlighted here, in the results before Material shows them.
(function () {
  "use strict";

  var QUERY = 2, RESULT = 3; // Material's SearchMessageType (QUERY, RESULT)
  var Native = window.Worker;
  if (!Native) return;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE");
  }

  function terms(query) {
    return fold(query).toLowerCase().replace(/["*+~^:]/g, " ").split(/[\s\-]+/)
      .filter(function (t) { return t.length > 0; });
  }

  var WORD = /[\p{L}\p{N}_]+/gu;

  // Wraps, in the markup of one result field, each visible word that a query term starts.
  function highlight(markup, wanted) {
    var box = document.createElement("template");
    box.innerHTML = markup;
    var walker = document.createTreeWalker(box.content, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var changed = false;
    nodes.forEach(function (node) {
      var parent = node.parentElement;
      if (parent && parent.closest("[hidden], mark")) return;
      var text = node.nodeValue, out = [], last = 0, m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(text))) {
        var word = fold(m[0]).toLowerCase();
        if (word === m[0].toLowerCase()) continue; // unaccented: the worker marked it already
        if (!wanted.some(function (t) { return word.indexOf(t) === 0; })) continue;
        out.push(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        out.push(mark);
        last = m.index + m[0].length;
      }
      if (!out.length) return;
      out.push(document.createTextNode(text.slice(last)));
      node.replaceWith.apply(node, out);
      changed = true;
    });
    if (!changed) return markup;
    var holder = document.createElement("div");
    holder.appendChild(box.content);
    return holder.innerHTML;
  }

  function patch(worker) {
    var lastTerms = [];
    var post = worker.postMessage.bind(worker);
    worker.postMessage = function (message, transfer) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        lastTerms = terms(message.data);
        message = { type: QUERY, data: fold(message.data) };
      }
      return transfer === undefined ? post(message) : post(message, transfer);
    };
    worker.addEventListener("message", function (event) {
      var message = event.data;
      if (!message || message.type !== RESULT || !lastTerms.length) return;
      // Runs before Material's listener (added later): the items are edited in place.
      (message.data.items || []).forEach(function (group) {
        group.forEach(function (item) {
          ["title", "text"].forEach(function (field) {
            if (typeof item[field] === "string") item[field] = highlight(item[field], lastTerms);
          });
        });
      });
    });
  }

  function EscdaWorker(url, options) {
    var worker = new Native(url, options);
    if (/search/.test(String(url))) patch(worker);
    return worker;
  }
  EscdaWorker.prototype = Native.prototype;
  window.Worker = EscdaWorker;
  window.escdaFold = fold; // shared with the other scripts of the site
})();
