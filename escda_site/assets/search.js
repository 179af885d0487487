// The site search box (overrides/partials/escda-search.html) over the Pagefind index that
// escda_site/engine/search_index.py writes after the build. Material's look, our code:
//   - the box opens as Material's does (the #__search toggle its CSS reads), from the
//     header button, a click in the box, or the keys / s f; Escape closes it;
//   - Pagefind's script and index load on the first opening only, from this site;
//   - every query is folded (accents, œ, æ, apostrophes) before it reaches Pagefind, so
//     « energie » and « énergie » are one query, with the same results in the same order;
//   - the filters (edition, sector, category, current laureates) are Pagefind's filters
//     of the same names (escda_site/outputs/search_data.py), combined: all must hold;
//   - a result shows its page's title, its laureate and mark, and an excerpt in which the
//     folded twins of words with œ or æ that the index holds are dropped.
(function () {
  "use strict";

  var BUNDLE = "__ESCDA_SEARCH_BUNDLE__"; // relative to this script, set when published
  var PAGE = 10; // results shown at once; each one's fragment is fetched when shown

  var box = document.getElementById("escda-search");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var button = document.querySelector(".escda-search-button");
  var form = box.querySelector("form");
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-facet]"));
  var current = box.querySelector("input[data-facet]");
  var base = new URL(BUNDLE, document.currentScript.src).href;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/Œ/g, "OE").replace(/æ/g, "ae").replace(/Æ/g, "AE")
      .replace(/[\u2019\u02bc]/g, "'");
  }

  // « æquo aequo » in the indexed text: the word, then its folded twin (possibly marked).
  var TWIN = /(<mark>)?([^\s<]*[œæŒÆ][^\s<]*?)(<\/mark>)? (<mark>)?([\p{L}\p{N}]+)([^\s<]*?)(<\/mark>)?(?=\s|$|<)/gu;
  function dropTwins(text) {
    return text.replace(TWIN, function (all, m1, word, m2, m3, twin, rest) {
      if (fold(word).toLowerCase() !== twin.toLowerCase()) return all;
      return m1 || m3 ? "<mark>" + word + rest + "</mark>" : word + rest;
    });
  }

  // Pagefind keeps the pages' text with its spaces collapsed, no-break ones included: the
  // no-break spaces of French typography go back before « : ; ? ! » and inside « ».
  function typeset(text) {
    return text.replace(/ ([:;?!»])/g, "\u00a0$1").replace(/« /g, "«\u00a0");
  }

  // Pagefind's excerpt as DOM nodes: its text and its <mark>s, nothing else.
  function excerptNodes(html) {
    var holder = document.createElement("template");
    holder.innerHTML = typeset(dropTwins(html));
    var out = [];
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.push(mark);
      } else {
        out.push(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  var pagefind = null; // the instance of the next query (a promise of it)
  var forgotten = null; // the instance being destroyed, which a new one must wait for
  function load() {
    if (!pagefind) {
      var loading = Promise.resolve(forgotten).then(function () {
        return import(base + "pagefind.js");
      }).then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () {
          return pf.init();
        }).then(function () {
          return pf.filters();
        }).then(function (filters) {
          fillFilters(filters || {});
          return pf;
        });
      }).catch(function (error) {
        if (pagefind === loading) pagefind = null; // fetched again at the next query
        throw error;
      });
      pagefind = loading;
    }
    return pagefind;
  }

  // Pagefind keeps a fragment that failed to load as failed, for the life of its instance:
  // after a failure the instance is dropped, and the next query or click starts a new one
  // (the files it already fetched come back from the browser's cache). Only the instance
  // the failing query used: an older query failing late must not drop (and destroy) the
  // one a newer query is using.
  function forget(instance) {
    if (!instance || instance !== pagefind) return;
    pagefind = null;
    forgotten = instance.then(function (pf) { return pf.destroy(); }).catch(function () {});
  }

  // Each filter's values, as Pagefind counts them over the whole site, into its control.
  function fillFilters(filters) {
    selects.forEach(function (select) {
      if (select.options.length > 1) return; // filled by an earlier instance
      var facet = select.dataset.facet;
      var names = Object.keys(filters[facet] || {}).sort(function (a, b) {
        // Editions newest first; names in French order.
        return facet === "edition" ? b.localeCompare(a) : a.localeCompare(b, "fr");
      });
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = option.textContent = name;
        select.appendChild(option);
      });
    });
    if (current && !(filters[current.dataset.facet] || {})[current.value]) {
      current.closest("label").hidden = true;
    }
  }

  function chosen() {
    var out = {}, any = false;
    selects.forEach(function (s) {
      if (s.value) { out[s.dataset.facet] = s.value; any = true; }
    });
    if (current && current.checked) { out[current.dataset.facet] = current.value; any = true; }
    return any ? out : null;
  }

  function say(key, count) {
    meta.textContent = (box.dataset[key] || "").replace("#", String(count));
  }

  function counted(n) {
    say(n === 0 ? "none" : n === 1 ? "one" : "other", n);
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = typeset(dropTwins(data.meta.title || data.url));
    article.append(icon, title);
    if (data.meta.laureat) {
      var who = document.createElement("p");
      who.className = "escda-search-laureate";
      var name = document.createElement("strong");
      name.textContent = data.meta.laureat;
      who.append(name, " · " + (data.meta.note || ""));
      article.appendChild(who);
    }
    var text = document.createElement("p");
    text.replaceChildren.apply(text, excerptNodes(data.excerpt || ""));
    article.appendChild(text);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  // `again`: the last click failed; the query is asked again of a new instance first.
  function more(results, from, again) {
    var li = document.createElement("li");
    li.className = "md-search-result__item escda-search-more";
    var next = document.createElement("button");
    next.type = "button";
    next.className = "md-button";
    next.textContent = "Afficher les résultats suivants";
    next.addEventListener("click", function () {
      var ticket = asked;
      li.remove();
      busy(true);
      (again ? ask() : Promise.resolve(results)).then(function (found) {
        results = found;
        return show(results, from, true);
      }).catch(function () {
        // A fragment could not be fetched (`show` dropped its instance): said as a failed
        // first page is, the results already shown kept, and the button back so that the
        // next click tries again.
        if (ticket !== asked) return;
        say("failed");
        var retry = more(results, from, true);
        list.appendChild(retry);
        retry.querySelector("button").focus();
        busy(false);
      });
    });
    li.appendChild(next);
    return li;
  }

  // aria-busy: the list is being replaced (assistive technologies wait for the end of it
  // before reading it out; a test waits for it too, never for a fixed time).
  function busy(on) { list.setAttribute("aria-busy", String(on)); }

  var asked = 0; // the latest query: answers to older ones are dropped
  // `results`: an answer of `ask`, which knows the instance it came from.
  function show(results, from, focusFirst) {
    var ticket = asked;
    busy(true);
    return Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }))
      .catch(function (error) {
        forget(results.instance);
        throw error;
      })
      .then(function (pages) {
        if (ticket !== asked) return;
        // After a click that failed, the count again (never said twice otherwise: the
        // status is read out at each change).
        if (from && meta.textContent === box.dataset.failed) counted(results.length);
        var items = pages.map(item);
        items.forEach(function (li) { list.appendChild(li); });
        if (results.length > from + PAGE) list.appendChild(more(results, from + PAGE));
        if (focusFirst && items.length) items[0].querySelector("a").focus();
        busy(false);
      });
  }

  // The results of the query and filters in the box, with the instance that found them
  // (`results.instance`): a failure drops that instance, never a newer one.
  function ask() {
    var term = fold(input.value).trim();
    var filters = chosen();
    var instance = load();
    return instance.then(function (pf) {
      return pf.search(term || null, filters ? { filters: filters } : {});
    }).then(function (search) {
      if (!search) return null;
      search.results.instance = instance;
      return search.results;
    }, function (error) {
      forget(instance);
      throw error;
    });
  }

  var timer = 0;
  function run() {
    clearTimeout(timer);
    var ticket = ++asked;
    var term = fold(input.value).trim();
    var filters = chosen();
    if (!term && !filters) {
      list.replaceChildren();
      say("placeholder");
      busy(false);
      return;
    }
    busy(true);
    timer = setTimeout(function () {
      ask().then(function (found) {
        if (ticket !== asked) return;
        if (!found) { busy(false); return; }
        list.replaceChildren();
        counted(found.length);
        return show(found, 0, false);
      }).catch(function () {
        // The index could not be fetched (a host or a cache failing): say so, never an
        // empty list that reads as « nothing found »; the next query tries again (`ask`
        // or `show` dropped the instance that failed).
        if (ticket !== asked) return;
        list.replaceChildren();
        say("failed");
        busy(false);
      });
    }, 120);
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  toggle.addEventListener("change", function () {
    if (button) button.setAttribute("aria-expanded", String(toggle.checked));
    if (toggle.checked) {
      if (!meta.textContent) say("initializer");
      load().then(function () {
        if (!input.value && !chosen()) say("placeholder");
      }, function () {
        if (!input.value && !chosen()) say("failed");
      });
      if (document.activeElement !== input) input.focus();
    } else {
      input.blur();
    }
  });

  box.hidden = false;
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      open();
      input.focus();
    });
  }
  input.addEventListener("focus", open);
  input.addEventListener("input", run);
  selects.forEach(function (s) { s.addEventListener("change", run); });
  if (current) current.addEventListener("change", run);
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });

  // Keys: Escape closes; the arrows go through the box and the results.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      if (button && getComputedStyle(button).display !== "none") button.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.target.tagName === "SELECT") return;
    var links = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a, button")));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    var to = Math.max(0, Math.min(links.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
    links[to].focus();
  });

  // As Material: / s f open the search, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || toggle.checked) return;
    if (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });
})();
