// The drop zone of /logo/: is this file one the portal published? The file is hashed here,
// in the reader's browser (Web Crypto SHA-256); nothing is uploaded. Its digest is looked up
// in logos/manifeste.json, written by the build, and the answer gives the title it proves
// with the logo's state on the reader's own date (Europe/Paris, assets/escda/today.js).
// A file that is not byte for byte a published one (modified, re-encoded, cropped) is not
// one of the portal's, whatever it looks like: the answer says so and points to the name
// checker. One answer, said once: « published by the portal », then each title it proves,
// headed by its logo's state (an expired logo's file is genuine but may not be displayed).
(function () {
  "use strict";

  var dates = window.escdaToday; // assets/escda/today.js, loaded before this script

  // French typography of the script's own messages, as logo-checker.js sets them.
  function fr(text) {
    return text.replace(/(\p{L})'/gu, "$1\u2019")
      .replace(/ +:/g, "\u00a0:").replace(/ +([;?!])/g, "\u202f$1")
      .replace(/« */g, "«\u202f").replace(/ *»/g, "\u202f»");
  }

  function el(tag, content, attrs) {
    var node = document.createElement(tag);
    if (content) node.append.apply(node, [].concat(content));
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function state(entry, day) {
    if (day < entry.valable_du) return "before";
    return day > entry.valable_jusqu_au ? "expired" : "valid";
  }

  // What heads each title: its logo's state on the reader's date.
  var STATES = {
    valid: "Logo valable",
    expired: "Logo expiré",
    before: "Logo pas encore valable"
  };
  var AFTER = {
    valid: "",
    expired: " : il ne peut plus être affiché",
    before: " : il ne peut pas encore être affiché"
  };

  // « Logo valable au 24 novembre 2026. Titre : Banque Modèle, Banque 2027, logo valable
  // du … au … (png-256). » Names are the manifest's, set as text, never markup.
  function match(entry, today) {
    var now = state(entry, today);
    var item = el("li", "", { "class": "escda-file-match", "data-state": now });
    item.append.apply(item, [el("strong", [STATES[now] + " au "]
      .concat(dates.frenchNodes(dates.frenchDay(today)))), fr(AFTER[now] + ". Titre : ") +
      fr(entry.entreprise) + ", " + fr(entry.categorie) + " " + entry.edition +
      ", logo valable du "]
      .concat(dates.frenchNodes(dates.frenchDay(entry.valable_du)), " au ",
        dates.frenchNodes(dates.frenchDay(entry.valable_jusqu_au)), " (" + entry.type + "). ",
        el("a", "Page qui prouve le titre", { href: proofHref(entry) }), "."));
    return item;
  }

  // The proof page on the site being read (a local preview too): the manifest's absolute
  // URL, its site's address replaced by this site's root.
  var siteUrl = "", root = "";
  function proofHref(entry) {
    var url = entry.page_de_preuve;
    return root && url.indexOf(siteUrl) === 0 ? root + url.slice(siteUrl.length) : url;
  }

  function notPublished(name) {
    var nodes = [el("p", [el("strong", fr("Ce fichier n'a pas été publié par le portail.")),
      " " + fr("Aucun de ses fichiers n'a la même empreinte que « ") + name + fr(" ».")],
      { "class": "escda-file-unknown" }),
      el("p", fr("Une copie modifiée, recadrée, compressée ou ré-enregistrée n'a plus la même " +
        "empreinte, même si elle ressemble à l'original. Pour savoir si une entreprise peut " +
        "afficher le logo, vérifiez son nom :"))];
    nodes[1].append(" ", el("a", "vérifier un nom", { href: "#escda-checker" }), ".");
    return nodes;
  }

  function setup(zone) {
    var input = zone.querySelector("input[type=file]");
    var answer = document.getElementById("escda-file-answer");
    var manifest = null;

    function load() {
      manifest = manifest || fetch(zone.dataset.manifest).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (data) {
        siteUrl = data.site;
        // The manifest lives at logos/manifeste.json: the site's root is one folder up.
        root = new URL("..", new URL(zone.dataset.manifest, location.href)).href;
        var byHash = {};
        data.fichiers.forEach(function (e) { (byHash[e.sha256] = byHash[e.sha256] || []).push(e); });
        return byHash;
      });
      return manifest;
    }

    function say(nodes) { answer.replaceChildren.apply(answer, nodes); }

    function check(file) {
      if (!file) return;
      if (!(window.crypto && crypto.subtle)) {
        say([el("p", fr("Ce navigateur ne sait pas calculer l'empreinte d'un fichier ici " +
          "(il faut une adresse https) : utilisez la commande escda verify."))]);
        return;
      }
      say([el("p", fr("Calcul de l'empreinte de « ") + file.name + fr(" »…"))]);
      Promise.all([load(), file.arrayBuffer().then(function (bytes) {
        return crypto.subtle.digest("SHA-256", bytes);
      })]).then(function (done) {
        var found = done[0][hex(done[1])] || [];
        if (!found.length) {
          say(notPublished(file.name));
          return;
        }
        var today = dates.isoToday();
        var list = el("ul", "", { "class": "escda-file-titles" });
        found.forEach(function (e) { list.append(match(e, today)); });
        var head = el("p", fr("« ") + file.name + fr(" » a été publié par le portail") +
          (found.length > 1 ? fr(", pour des lauréats ex æquo :") : fr(" :")));
        say([head, list]);
      }).catch(function () {
        say([el("p", fr("Le fichier n'a pas pu être vérifié : la liste des fichiers officiels " +
          "n'a pas pu être chargée."))]);
      });
    }

    input.addEventListener("change", function () { check(input.files[0]); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("escda-drop-over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("escda-drop-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      check(event.dataTransfer.files[0]);
    });
  }

  function init() {
    var zone = document.getElementById("escda-file-check");
    if (zone && !zone.dataset.ready) {
      zone.dataset.ready = "1";
      setup(zone);
    }
  }

  // Material's instant navigation swaps pages without a reload.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
