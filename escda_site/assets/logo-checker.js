// Logo validity checker of /logo/: answers from logo/titres.json, written by the build.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").toLowerCase().trim();
  }

  function setup(form) {
    var answer = form.querySelector("#escda-answer");
    var indexPromise = fetch(form.dataset.index).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });

    function say(nodes) {
      answer.replaceChildren.apply(answer, nodes);
    }

    function el(tag, text, attrs) {
      var node = document.createElement(tag);
      if (text) node.textContent = text;
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      return node;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = fold(form.elements.company.value);
      var day = form.elements.date.value || form.dataset.today;
      indexPromise.then(function (index) {
        var company = index.companies.find(function (c) {
          return [c.name].concat(c.former_names).some(function (n) { return fold(n) === query; });
        }) || index.companies.find(function (c) { return fold(c.name).indexOf(query) === 0; });
        if (!query || !company) {
          say([el("p", "Aucun logo valide à cette date : cette entreprise n'a jamais été élue Service Client de l'Année.", { "class": "escda-answer-none" })]);
          return;
        }
        var valid = company.titles.filter(function (t) {
          return t.valid_from <= day && day <= t.valid_until;
        });
        if (!valid.length) {
          var nodes = [el("p", "Aucun logo valide à cette date pour " + company.name + ".", { "class": "escda-answer-none" })];
          if (company.titles.length) {
            var list = el("ul");
            company.titles.forEach(function (t) {
              var item = el("li");
              var link = el("a", t.category + " " + t.edition, { href: t.path });
              item.append(link, " : logo valable du " + t.valid_from_text + " au " + t.valid_until_text +
                (day > t.valid_until ? " (expiré)" : " (pas encore valable)"));
              list.append(item);
            });
            nodes.push(el("p", "Ses titres :"), list);
          }
          say(nodes);
          return;
        }
        var ok = el("ul");
        valid.forEach(function (t) {
          var item = el("li");
          item.append(el("strong", "Valable"), " : ");
          item.append(el("a", t.category + " " + t.edition, { href: t.path }));
          item.append(", du " + t.valid_from_text + " au " + t.valid_until_text);
          ok.append(item);
        });
        say([el("p", company.name + " peut afficher le logo de ces titres à cette date :", { "class": "escda-answer-ok" }), ok]);
      }).catch(function () {
        say([el("p", "Le vérificateur n'a pas pu charger la liste des titres.")]);
      });
    });
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
