// Logo validity checker of /logo/: answers from logo/titres.json, written by the build.
// The date is the reader's own (Europe/Paris): a page built months ago must not say that a
// logo is valid after it expired. A reader's clock before the build date (set back, or a
// build published --as-of ahead) is taken as the build date, as today.js does for the
// pages: the page never answers for a day before its build unless that day is asked for
// (`data-built` on the form). `?entreprise=…&date=…` fills the form
// and answers, so an answer can be shared. It never says a company was never elected: only
// laureates are listed, so a name that is not found may simply be spelt differently.
(function () {
  "use strict";

  var dates = window.escdaToday; // assets/escda/today.js, loaded before this script

  // Loose form, for finding names that contain the query or are close to it: accents, case
  // and every punctuation mark aside (« Lys & Roseau » -> « lys roseau »).
  function norm(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/gi, "oe").replace(/æ/gi, "ae").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  // Identity of a name: only an exact match gets a verdict. Ignored, as they cannot make
  // two companies' names differ: case, accents, the ligatures œ æ, the number of spaces,
  // and the separators ' ’ - – — . , ; : ! ? « » " ( ). « & » reads « et ». Every other
  // sign counts (« Canal+ » is not « Canal »), and no word may be missing or added: a
  // name that only contains the query (« Banque » for « Banque Modèle ») is no match.
  function identity(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/gi, "oe").replace(/æ/gi, "ae").toLowerCase()
      .replace(/&/g, " et ")
      .replace(/[\s'’ʼ`´\-‐‑‒–—.,;:!?«»"“”()]+/g, " ").trim();
  }

  // The script's French messages are typed with plain spaces and apostrophes, as every
  // text of the build; this sets them as the build's typography does (text/typography.py):
  // ’ after a letter, a no-break space before « : », a narrow one before ; ? ! and inside
  // « ». It is applied to the messages only, never to what the reader typed.
  function fr(text) {
    return text.replace(/(\p{L})'/gu, "$1\u2019")
      .replace(/ +:/g, "\u00a0:").replace(/ +([;?!])/g, "\u202f$1")
      .replace(/« */g, "«\u202f").replace(/ *»/g, "\u202f»");
  }

  // Names from the data are shown as the pages show them, typeset the same way (the index
  // keeps them as the organiser wrote them); what the reader typed is quoted untouched.

  // « d’Hélios Voyages », « de Banque Modèle »: elided before a vowel or a mute h.
  var ASPIRATED = /^h(a(che|ie|ll|meau|ngar|rpe|sard|ut)|e(risson|ron|tre)|ibou|o(mard|nte|rs|tte|ux)|u(it|tte))/;
  function de(name) {
    var bare = norm(name);
    var elide = /^[aeiouy]/.test(bare) || (/^h/.test(bare) && !ASPIRATED.test(bare));
    return elide ? "d'" : "de ";
  }

  // A message from a template: `{name}` placeholders take values (text or nodes) as they
  // are; the template's own text is typeset, its « 1er » set in superscript.
  function msg(template, values) {
    var nodes = [];
    template.split(/\{(\w+)\}/).forEach(function (part, i) {
      var value = i % 2 ? values[part] : dates.frenchNodes(fr(part));
      nodes = nodes.concat(value);
    });
    return nodes;
  }

  // A date as the reader sees it: « 1er octobre 2027 », the ordinal in superscript.
  function dayNodes(text) {
    return dates.frenchNodes(text);
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

  // { exact: [...], partial: [...], close: [...] } companies for a query: exact by identity,
  // partial when a name contains the query (loosely), close by spelling.
  function find(index, query) {
    var id = identity(query), q = norm(query);
    var exact = [], partial = [], scored = [];
    index.companies.forEach(function (c) {
      var forms = names(c).map(norm);
      if (names(c).map(identity).indexOf(id) >= 0) exact.push(c);
      else if (q && forms.some(function (f) { return f.indexOf(q) >= 0; })) partial.push(c);
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

  // An element with text or nodes (nodes and strings are appended as text, never as HTML).
  function el(tag, content, attrs) {
    var node = document.createElement(tag);
    if (content) node.append.apply(node, [].concat(content));
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // A real calendar day written YYYY-MM-DD (« 2026-13-45 » is not one).
  function isDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 &&
      d.getUTCDate() === +m[3];
  }

  function state(title, day) {
    if (day < title.valid_from) return "before";
    return day > title.valid_until ? "expired" : "valid";
  }

  // « Banque 2025, sous le nom Banque Héron (ex æquo) »: a title as the company's page
  // names it; the name on that edition's logo is the one it was won under.
  function titleNodes(title) {
    var nodes = [el("a", fr(title.category) + " " + title.edition, { href: title.path })];
    if (title.won_as) nodes.push(fr(", sous le nom " + title.won_as));
    if (title.ex_aequo) nodes.push(" (ex æquo)");
    return nodes;
  }

  // The same title in a running list of titles (« …, Énergie 2026 »): the former name in
  // brackets, so that its comma does not read as the list's.
  function titleText(title) {
    var under = title.won_as ? ", sous le nom " + title.won_as : "";
    var shared = title.ex_aequo ? ", ex æquo" : "";
    var aside = (under + shared).slice(2);
    return fr(title.category + " " + title.edition + (aside ? " (" + aside + ")" : ""));
  }

  function titleItem(title, today) {
    var item = el("li");
    var values = {
      title: titleNodes(title),
      from: dayNodes(title.valid_from_text), until: dayNodes(title.valid_until_text),
      ended: dayNodes(title.ended_text)
    };
    var now = state(title, today);
    if (now === "valid") {
      values.state = el("strong", "logo valable");
      item.append.apply(item, msg("{title} : {state}, du {from} au {until}", values));
    } else if (now === "expired") {
      values.state = el("strong", fr("logo expiré"));
      item.append.apply(item, msg("{title} : {state}, ne peut plus être affiché depuis le " +
        "{ended} (valable du {from} au {until})", values));
    } else {
      values.state = el("strong", "pas encore valable");
      item.append.apply(item, msg("{title} : {state}, il le sera du {from} au {until}", values));
    }
    item.dataset.state = now;
    return item;
  }

  function verdict(company, typed, today) {
    var nodes = [];
    if (identity(company.name) !== identity(typed)) {
      var former = company.former_names.filter(function (n) {
        return identity(n) === identity(typed);
      })[0];
      if (former) {
        nodes.push(el("p", msg("« {former} » est un ancien nom " + de(company.name) + "{name}.",
          { former: fr(former), name: fr(company.name) })));
      }
    }
    var valid = company.titles.filter(function (t) { return state(t, today) === "valid"; });
    var list = el("ul");
    company.titles.forEach(function (t) { list.append(titleItem(t, today)); });
    var values = { day: dayNodes(dates.frenchDay(today)), name: fr(company.name) };
    if (valid.length) {
      values.titles = valid.map(titleText).join(", ");
      nodes.push(el("p", msg("Au {day}, {name} peut afficher le logo de " +
        (valid.length > 1 ? "ces titres" : "ce titre") + " : {titles}.", values),
        { "class": "escda-answer-ok" }));
    } else {
      nodes.push(el("p", msg("Au {day}, {name} ne peut afficher aucun logo : aucun de ses " +
        "titres n'est valable à cette date.", values), { "class": "escda-answer-none" }));
    }
    nodes.push(el("p", fr("Ses titres :")), list);
    return nodes;
  }

  function setup(form) {
    var answer = form.querySelector("#escda-answer");
    var input = form.elements.entreprise;
    var dateInput = form.elements.date;
    // The day the reader has not chosen: theirs, never before the build's.
    function readerDay() {
      return dates.readerDay(form.dataset.built);
    }
    var indexPromise = fetch(form.dataset.index).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });

    function say(nodes) {
      answer.replaceChildren.apply(answer, nodes);
    }

    function link(company, day) {
      var a = el("a", fr(company.name), { href: "?" + new URLSearchParams(
        { entreprise: company.name, date: day }) });
      a.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = company.name;
        dateInput.value = day;
        check(true, day);
      });
      return a;
    }

    // Each company a link that checks its exact name; a former name that matched the
    // query is shown beside it.
    function choices(companies, day, typed) {
      var q = norm(typed || "");
      var list = el("ul", "", { "class": "escda-choices" });
      companies.forEach(function (c) {
        var item = el("li");
        item.append(link(c, day));
        var former = c.former_names.filter(function (n) { return q && norm(n).indexOf(q) >= 0; });
        if (q && norm(c.name).indexOf(q) < 0 && former.length) {
          item.append(" (anciennement " + former.map(fr).join(", ") + ")");
        }
        list.append(item);
      });
      return list;
    }

    // `asked` is the date as given (address or form); a date that is not a real day is
    // said to be so, never silently replaced by today: a shared link would then answer
    // for another day than its sender meant.
    function check(share, asked) {
      var typed = input.value.trim();
      var today = readerDay();
      var day = isDay(asked) ? asked : today;
      var notice = null;
      if (asked && !isDay(asked)) {
        // « aujourd'hui » only when it is the reader's day, not the build's put in its place.
        notice = el("p", msg("Date « {asked} » non reconnue (attendu AAAA-MM-JJ) : réponse " +
          (today === dates.isoToday() ? "pour aujourd'hui, le {today}." :
            "pour le {today}, date de mise à jour de cette page."),
          { asked: asked, today: dayNodes(dates.frenchDay(today)) }),
          { "class": "escda-answer-date" });
      }
      dateInput.value = day;
      if (share) {
        history.replaceState(null, "", "?" + new URLSearchParams({ entreprise: typed, date: day }));
      }
      function answerWith(nodes) {
        say(notice ? [notice].concat(nodes) : nodes);
      }
      if (!typed) {
        answerWith([el("p", fr("Saisissez le nom d'une entreprise."))]);
        return;
      }
      indexPromise.then(function (index) {
        var found = find(index, typed);
        var shown = { typed: typed, count: String(found.partial.length) };
        if (found.exact.length === 1) {
          answerWith(verdict(found.exact[0], typed, day));
        } else if (found.exact.length > 1) {
          shown.count = String(found.exact.length);
          answerWith([el("p", msg("{count} lauréats portent ou ont porté le nom « {typed} ». " +
            "Choisissez l'entreprise :", shown), { "class": "escda-answer-choose" }),
            choices(found.exact, day, typed)]);
        } else if (found.partial.length) {
          // A name that only contains the query is not the company typed: no verdict.
          answerWith([el("p", msg("« {typed} » ne correspond exactement au nom d'aucun " +
            "lauréat : le vérificateur ne répond que pour un nom complet.", shown),
            { "class": "escda-answer-choose" }),
            el("p", msg(found.partial.length > 1 ? "Vouliez-vous dire l'un de ces {count} " +
              "lauréats ?" : "Vouliez-vous dire ce lauréat ?", shown)),
            choices(found.partial, day, typed)]);
        } else {
          var nodes = [el("p", msg("Aucun lauréat de ce nom n'est répertorié : « {typed} » " +
            "ne correspond à aucune entreprise lauréate de ce portail.", shown),
            { "class": "escda-answer-none" })];
          if (found.close.length) {
            nodes.push(el("p", fr("Noms les plus proches :")), choices(found.close, day));
          }
          var more = el("p", fr("Vérifiez l'orthographe, ou consultez la "));
          more.append(el("a", "liste des entreprises lauréates", { href: "../entreprises/" }), ".");
          nodes.push(more);
          answerWith(nodes);
        }
      }).catch(function () {
        answerWith([el("p", "Le vérificateur n’a pas pu charger la liste des titres.")]);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // A date typed only in part is refused by the browser before this; where the field is
      // plain text (no date picker), what was typed is checked like the address's date.
      check(true, dateInput.value);
    });

    var params = new URLSearchParams(location.search);
    var asked = params.get("date");
    dateInput.value = isDay(asked) ? asked : readerDay();
    if (params.get("entreprise")) {
      input.value = params.get("entreprise");
      check(false, asked);
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
