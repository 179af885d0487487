// Logo validity checker of /logo/: answers from logo/titres.json, written by the build.
// The date is the reader's own (Europe/Paris), never the build's: a page built months ago
// must not say that a logo is valid after it expired. `?entreprise=…&date=…` fills the form
// and answers, so an answer can be shared. It never says a company was never elected: only
// laureates are listed, so a name that is not found may simply be spelt differently.
(function () {
  "use strict";

  var dates = window.escdaToday; // assets/escda/today.js, loaded before this script

  // Accents, case and punctuation aside: « Tilleul & Horizon » -> « tilleul horizon ».
  function norm(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/gi, "oe").replace(/æ/gi, "ae").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Levenshtein distance: the closest names to a query that matched none.
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var prev = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var here = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = here;
      }
    }
    return row[b.length];
  }

  function names(company) {
    return [company.name].concat(company.former_names);
  }

  // { exact: [...], partial: [...], close: [...] } companies for a query.
  function find(index, query) {
    var q = norm(query);
    var exact = [], partial = [], scored = [];
    index.companies.forEach(function (c) {
      var forms = names(c).map(norm);
      if (forms.indexOf(q) >= 0) exact.push(c);
      else if (forms.some(function (f) { return f.indexOf(q) >= 0; })) partial.push(c);
      else {
        var best = Math.min.apply(null, forms.map(function (f) { return distance(q, f); }));
        scored.push({ company: c, distance: best });
      }
    });
    var limit = Math.max(2, Math.floor(q.length / 4));
    var close = scored.filter(function (s) { return s.distance <= limit; })
      .sort(function (a, b) { return a.distance - b.distance; })
      .slice(0, 3).map(function (s) { return s.company; });
    return { exact: exact, partial: partial, close: close };
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function state(title, day) {
    if (day < title.valid_from) return "before";
    return day > title.valid_until ? "expired" : "valid";
  }

  function titleItem(title, day) {
    var item = el("li");
    item.append(el("a", title.category + " " + title.edition, { href: title.path }), " : ");
    var now = state(title, day);
    if (now === "valid") {
      item.append(el("strong", "logo valable"), ", du " + title.valid_from_text + " au " +
        title.valid_until_text);
    } else if (now === "expired") {
      item.append(el("strong", "logo expiré"), ", ne peut plus être affiché depuis le " +
        title.ended_text + " (valable du " + title.valid_from_text + " au " +
        title.valid_until_text + ")");
    } else {
      item.append(el("strong", "pas encore valable"), " : valable du " +
        title.valid_from_text + " au " + title.valid_until_text);
    }
    item.dataset.state = now;
    return item;
  }

  function verdict(company, typed, day) {
    var dayText = dates.frenchDay(day);
    var nodes = [];
    if (norm(company.name) !== norm(typed) &&
        company.former_names.some(function (n) { return norm(n) === norm(typed); })) {
      nodes.push(el("p", "« " + typed + " » est un ancien nom de " + company.name + "."));
    }
    var valid = company.titles.filter(function (t) { return state(t, day) === "valid"; });
    var list = el("ul");
    company.titles.forEach(function (t) { list.append(titleItem(t, day)); });
    if (valid.length) {
      nodes.push(el("p", "Au " + dayText + ", " + company.name + " peut afficher le logo de " +
        (valid.length > 1 ? "ces titres" : "ce titre") + " : " +
        valid.map(function (t) { return t.category + " " + t.edition; }).join(", ") + ".",
        { "class": "escda-answer-ok" }));
    } else {
      nodes.push(el("p", "Au " + dayText + ", " + company.name +
        " ne peut afficher aucun logo : aucun de ses titres " +
        "n'est valable à cette date.", { "class": "escda-answer-none" }));
    }
    nodes.push(el("p", "Ses titres :"), list);
    return nodes;
  }

  function setup(form) {
    var answer = form.querySelector("#escda-answer");
    var input = form.elements.entreprise;
    var dateInput = form.elements.date;
    var indexPromise = fetch(form.dataset.index).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });

    function say(nodes) {
      answer.replaceChildren.apply(answer, nodes);
    }

    function link(company, day) {
      var a = el("a", company.name, { href: "?" + new URLSearchParams(
        { entreprise: company.name, date: day }) });
      a.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = company.name;
        check(true);
      });
      return a;
    }

    // Each company a link; a former name that matched the query is shown beside it.
    function choices(companies, day, typed) {
      var q = norm(typed || "");
      var list = el("ul", "", { "class": "escda-choices" });
      companies.forEach(function (c) {
        var item = el("li");
        item.append(link(c, day));
        var former = c.former_names.filter(function (n) { return q && norm(n).indexOf(q) >= 0; });
        if (q && norm(c.name).indexOf(q) < 0 && former.length) {
          item.append(" (anciennement " + former.join(", ") + ")");
        }
        list.append(item);
      });
      return list;
    }

    function check(share) {
      var typed = input.value.trim();
      var day = /^\d{4}-\d{2}-\d{2}$/.test(dateInput.value) ? dateInput.value : dates.isoToday();
      dateInput.value = day;
      if (share) {
        history.replaceState(null, "", "?" + new URLSearchParams({ entreprise: typed, date: day }));
      }
      if (!typed) {
        say([el("p", "Saisissez le nom d'une entreprise.")]);
        return;
      }
      indexPromise.then(function (index) {
        var found = find(index, typed);
        var matches = found.exact.length ? found.exact : found.partial;
        if (matches.length === 1) {
          say(verdict(matches[0], typed, day));
        } else if (matches.length > 1) {
          say([el("p", matches.length + " lauréats correspondent à « " + typed +
            " ». Choisissez l'entreprise :", { "class": "escda-answer-choose" }),
            choices(matches, day, typed)]);
        } else {
          var nodes = [el("p", "Aucun lauréat de ce nom n'est répertorié : « " + typed +
            " » ne correspond à aucune entreprise lauréate de ce portail.",
            { "class": "escda-answer-none" })];
          if (found.close.length) {
            nodes.push(el("p", "Noms les plus proches :"), choices(found.close, day));
          }
          var more = el("p", "Vérifiez l'orthographe, ou consultez la ");
          more.append(el("a", "liste des entreprises lauréates", { href: "../entreprises/" }), ".");
          nodes.push(more);
          say(nodes);
        }
      }).catch(function () {
        say([el("p", "Le vérificateur n'a pas pu charger la liste des titres.")]);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(true);
    });

    var params = new URLSearchParams(location.search);
    dateInput.value = params.get("date") || dates.isoToday();
    if (params.get("entreprise")) {
      input.value = params.get("entreprise");
      check(false);
    }
  }

  function init() {
    var form = document.getElementById("escda-checker");
    if (form && !form.dataset.ready) {
      form.dataset.ready = "1";
      setup(form);
    }
  }

  // Material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
