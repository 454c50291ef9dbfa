/* The paper explorer (explorer.html): every paper of the dataset in a searchable, sortable table.
 * Loaded only on that page. It fetches two generated files (named by the element's data
 * attributes): head.json, the filters' vocabularies and the first rows, drawn as soon as they
 * arrive, and papers.json, every paper in columns (alignment_survey.book.explorer says why).
 * The table's space is reserved by the page's stylesheet, so nothing moves while rows arrive.
 * Filters live in the URL (?q=&topic=&branch=&from=&to=, and ?key= for one paper), so any view
 * can be linked to. Every field is data: it is escaped before it reaches the page. */
(function () {
  "use strict";
  var PARAMS = ["q", "topic", "branch", "from", "to"];

  function escapeHtml(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /* The papers of a document, read by position: paper i is column[i] of every column. */
  function Papers(doc) {
    var p = doc.papers, nodes = doc.nodes, topics = doc.topics;
    var parent = nodes.map(function (n) { return n.parent; });
    var nodeAt = {};
    nodes.forEach(function (n, i) { nodeAt[n.id] = i; });
    this.doc = doc;
    this.count = p.key.length;
    this.key = p.key;
    this.title = p.title;
    this.year = p.year;
    this.authors = p.authors.map(function (list) { return list.map(function (n) { return doc.names[n]; }); });
    this.authorsText = this.authors.map(function (names) { return names.length ? names.join("; ") : "unknown"; });
    this.venue = p.venue.map(function (v) { return doc.venues[v]; });
    this.url = p.url.map(function (rest, i) { return doc.prefixes[p.prefix[i]] + rest; });
    this.topics = p.topics;
    this.topicText = p.topics.map(function (list) { return list.map(function (t) { return topics[t].label; }).join(", "); });
    this.paths = p.taxonomy.map(function (list) {
      return list.map(function (n) {
        var chain = [];
        for (var at = n; at !== undefined; at = nodeAt[parent[at]]) chain.unshift(nodes[at]);
        return chain;
      });
    });
    this.taxonomy = p.taxonomy;
    this.topicIndex = {};
    var self = this;
    topics.forEach(function (t, i) { self.topicIndex[t.id] = i; });
    this.nodeIndex = nodeAt;
    this.sorted = {};
    this.searchText = null;  // built on the first search
    this.keyIndex = null;
  }

  Papers.prototype.text = function (i) {
    if (!this.searchText) {
      var self = this;
      this.searchText = this.key.map(function (key, j) {
        return (self.title[j] + " " + key + " " + self.authorsText[j] + " " + self.year[j] + " " + self.venue[j]).toLowerCase();
      });
    }
    return this.searchText[i];
  };

  Papers.prototype.indexOf = function (key) {
    if (!this.keyIndex) {
      var index = this.keyIndex = {};
      this.key.forEach(function (k, i) { index[k] = i; });
    }
    return Object.prototype.hasOwnProperty.call(this.keyIndex, key) ? this.keyIndex[key] : -1;
  };

  Papers.prototype.sortKey = function (column, i) {
    switch (column) {
      case "title": return this.title[i].toLowerCase();
      case "authors": return this.authorsText[i].toLowerCase();
      case "year": return this.year[i];
      case "venue": return String(this.venue[i] || "").toLowerCase();
      case "topics": return this.topicText[i].toLowerCase();
      default: return this.paths[i].map(pathText).join("; ").toLowerCase();
    }
  };

  /* Paper positions in a column's ascending order (ties keep the default order), made once. */
  Papers.prototype.order = function (column, descending) {
    if (!column) return null;
    if (!this.sorted[column]) {
      var keys = [], positions = [];
      for (var i = 0; i < this.count; i++) { keys.push(this.sortKey(column, i)); positions.push(i); }
      positions.sort(function (a, b) { return keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b; });
      this.sorted[column] = positions;
    }
    return descending ? this.sorted[column].slice().reverse() : this.sorted[column];
  };

  /* The node and every node below it, as a set of node positions. */
  Papers.prototype.subtree = function (id) {
    var nodes = this.doc.nodes, inside = {}, root = this.nodeIndex[id];
    if (root === undefined) return null;
    inside[root] = true;
    nodes.forEach(function (n, i) {  // nodes come in tree order: parents before children
      var parent = n.parent == null ? undefined : this.nodeIndex[n.parent];
      if (parent !== undefined && inside[parent]) inside[i] = true;
    }, this);
    return inside;
  };

  function pathText(chain) {
    return chain.map(function (n) { return n.label; }).join(" › ");
  }

  /* Search terms: words, or "quoted phrases", each of which must appear (any case). */
  function terms(query) {
    var found = [], match, pattern = /"([^"]*)"?|(\S+)/g;
    while ((match = pattern.exec(query)) !== null) {
      var term = (match[1] !== undefined ? match[1] : match[2]).toLowerCase().trim();
      if (term) found.push(term);
    }
    return found;
  }

  function yearOf(text) {
    return /^\d{4}$/.test(text) ? Number(text) : null;
  }

  /* The positions of the papers the state selects, in the table's order; ``within``, when
   * given, holds the positions a looser state selected (typing on narrows, never widens). */
  function select(papers, state, sort, within) {
    var words = terms(state.q), topic = state.topic ? papers.topicIndex[state.topic] : undefined;
    var below = state.branch ? papers.subtree(state.branch) : null;
    var from = yearOf(state.from), to = yearOf(state.to);
    var order = within || papers.order(sort.column, sort.descending), chosen = [];
    var count = within ? within.length : papers.count;
    for (var k = 0; k < count; k++) {
      var i = order ? order[k] : k;
      if (topic !== undefined && papers.topics[i].indexOf(topic) < 0) continue;
      if (below && !papers.taxonomy[i].some(function (n) { return below[n]; })) continue;
      if ((from && papers.year[i] < from) || (to && papers.year[i] > to)) continue;
      if (words.length) {
        var text = papers.text(i), all = true;
        for (var w = 0; w < words.length && all; w++) all = text.indexOf(words[w]) >= 0;
        if (!all) continue;
      }
      chosen.push(i);
    }
    return chosen;
  }

  function rowHtml(papers, i, selected) {
    var url = safeUrl(papers.url[i]), title = escapeHtml(papers.title[i]);
    var key = papers.key[i];
    var authors = papers.authors[i].length
      ? escapeHtml(papers.authorsText[i])
      : '<span class="survey-explorer__unknown">unknown</span>';
    var taxonomy = papers.paths[i].map(function (chain) {
      return '<span title="' + escapeHtml(pathText(chain)) + '">' + escapeHtml(chain[chain.length - 1].label) + "</span>";
    }).join("<br>");
    return '<tr id="paper-' + escapeHtml(key) + '"' + (key === selected ? ' class="survey-explorer__row--selected"' : "") + ">" +
      "<td>" + (url ? '<a class="survey-explorer__title" href="' + escapeHtml(url) + '">' + title + "</a>" : title) +
      ' <span class="survey-explorer__key">' + escapeHtml(key) + "</span></td>" +
      "<td>" + authors + "</td><td class=\"survey-explorer__year\">" + escapeHtml(papers.year[i]) + "</td>" +
      "<td>" + escapeHtml(papers.venue[i]) + "</td><td>" + escapeHtml(papers.topicText[i]) + "</td>" +
      "<td>" + taxonomy + "</td></tr>";
  }

  function selectedHtml(papers, key) {
    var i = papers.indexOf(key);
    if (i < 0) return "<p>No paper with the key <code>" + escapeHtml(key) + "</code> is in the dataset.</p>";
    var url = safeUrl(papers.url[i]), title = escapeHtml(papers.title[i]);
    return '<p class="survey-explorer__selected-title"><strong>' +
      (url ? '<a href="' + escapeHtml(url) + '">' + title + "</a>" : title) + "</strong></p><p>" +
      escapeHtml(papers.authorsText[i]) + " · " + escapeHtml(papers.year[i]) + " · " + escapeHtml(papers.venue[i]) +
      " · key <code>" + escapeHtml(key) + "</code></p><p>Topics: " + escapeHtml(papers.topicText[i]) +
      "</p><p>Taxonomy: " + papers.paths[i].map(function (c) { return escapeHtml(pathText(c)); }).join("; ") + "</p>";
  }

  function readState(search) {
    var params = new URLSearchParams(search);
    var state = { key: params.get("key") || "" };
    PARAMS.forEach(function (name) { state[name] = (params.get(name) || "").trim(); });
    return state;
  }

  function writeUrl(state) {
    var params = new URLSearchParams();
    PARAMS.concat(["key"]).forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function fillSelects(form, doc) {
    doc.topics.forEach(function (t) { form.topic.add(new Option(t.label, t.id)); });
    doc.nodes.forEach(function (n) { form.branch.add(new Option("\u00a0\u00a0".repeat(n.depth) + n.label, n.id)); });
  }

  /* The form shows the state; values the data does not know are dropped from it. */
  function showState(form, state) {
    form.q.value = state.q;
    ["topic", "branch"].forEach(function (name) {
      form[name].value = state[name];
      state[name] = form[name].value;
    });
    state.from = yearOf(state.from) ? state.from : "";
    state.to = yearOf(state.to) ? state.to : "";
    form.from.value = state.from;
    form.to.value = state.to;
  }

  function start(root) {
    var form = root.querySelector("form.survey-explorer__filters");
    var count = root.querySelector(".survey-explorer__count");
    var info = root.querySelector(".survey-explorer__info");
    var panel = root.querySelector(".survey-explorer__selected");
    var body = root.querySelector("tbody");
    var length = root.querySelector("select[name=length]");
    var pages = root.querySelector(".survey-explorer__pages");
    var headers = root.querySelectorAll("th[data-column]");
    var base = document.baseURI;
    var state = readState(window.location.search);
    var plain = !state.key && PARAMS.every(function (name) { return !state[name]; });  // default view
    var sort = { column: null, descending: false };
    var papers = null, chosen = [], page = 0, drawn = false;

    function draw(from, rows, matches) {
      body.innerHTML = rows.join("");
      info.textContent = matches
        ? "Papers " + (from + 1) + " to " + (from + rows.length) + " of " + matches
        : "No paper matches these filters.";
      if (!drawn) { drawn = true; performance.mark("survey-explorer:first-rows"); }
    }

    function render() {
      var size = Number(length.value), last = Math.max(0, Math.ceil(chosen.length / size) - 1);
      page = Math.min(page, last);
      var from = page * size, rows = [];
      for (var k = from; k < Math.min(chosen.length, from + size); k++) rows.push(rowHtml(papers, chosen[k], state.key));
      draw(from, rows, chosen.length);
      pages.querySelectorAll("button").forEach(function (b) {
        var step = b.dataset.page;
        b.disabled = (step === "first" || step === "previous") ? page === 0 : page === last;
      });
      count.textContent = chosen.length === papers.count
        ? "All " + papers.count + " papers"
        : chosen.length + " of " + papers.count + " papers match";
      root.dataset.matches = String(chosen.length);
    }

    function update() {
      var before = state;
      state = { q: form.q.value.trim(), topic: form.topic.value, branch: form.branch.value,
                from: form.from.value.trim(), to: form.to.value.trim(), key: state.key };
      if (!papers) return;
      // Appending to the search only adds to what each paper must hold: search the last matches.
      var narrower = before.q && state.q.indexOf(before.q) === 0 &&
        ["topic", "branch", "from", "to"].every(function (name) { return state[name] === before[name]; });
      chosen = select(papers, state, sort, narrower ? chosen : null);
      page = 0;
      render();
      writeUrl(state);
    }

    /* The first page from head.json, while the whole dataset is on its way (default view only). */
    function drawHead(doc) {
      if (papers) return;
      fillSelects(form, doc);
      showState(form, state);
      if (!plain) return;
      var first = new Papers(doc), size = Number(length.value), rows = [];
      for (var i = 0; i < Math.min(size, first.count); i++) rows.push(rowHtml(first, i, ""));
      draw(0, rows, doc.count);
    }

    function ready(doc) {
      if (!form.topic.options[1]) fillSelects(form, doc);
      papers = new Papers(doc);
      showState(form, state);
      chosen = select(papers, state, sort);
      var at = state.key ? chosen.indexOf(papers.indexOf(state.key)) : -1;
      page = at >= 0 ? Math.floor(at / Number(length.value)) : 0;
      render();
      if (state.key) {
        panel.innerHTML = selectedHtml(papers, state.key);
        panel.hidden = false;
        var row = document.getElementById("paper-" + state.key);
        if (row) row.scrollIntoView({ block: "center" });
      }
      writeUrl(state);
      root.dataset.ready = "1";
      performance.mark("survey-explorer:ready");
      var idle = window.requestIdleCallback || function (work) { setTimeout(work, 1); };
      idle(function () { papers.text(0); });  // the search text, before the first key needs it
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      form.q.value = form.topic.value = form.branch.value = form.from.value = form.to.value = "";
      state.key = "";
      panel.hidden = true;
      panel.textContent = "";
      update();
    });
    length.addEventListener("change", function () { if (papers) { page = 0; render(); } });
    pages.addEventListener("click", function (event) {
      var step = event.target.closest("button") && event.target.closest("button").dataset.page;
      if (!step || !papers) return;
      var last = Math.max(0, Math.ceil(chosen.length / Number(length.value)) - 1);
      page = { first: 0, previous: page - 1, next: page + 1, last: last }[step];
      render();
    });
    headers.forEach(function (th) {
      th.querySelector("button").addEventListener("click", function () {
        var column = th.dataset.column;
        sort = { column: column, descending: sort.column === column && !sort.descending };
        headers.forEach(function (other) {
          other.setAttribute("aria-sort", other === th ? (sort.descending ? "descending" : "ascending") : "none");
        });
        if (!papers) return;
        chosen = select(papers, state, sort);
        page = 0;
        render();
      });
    });

    /* In the default view the whole dataset is asked for once the first rows are drawn, so
     * that it does not compete with them on a slow line; a filtered view needs it at once. */
    var head = getJson(new URL(root.dataset.head, base).href).then(drawHead, function () {});
    var whole = function () { return getJson(new URL(root.dataset.source, base).href); };
    var all = plain ? head.then(whole) : Promise.all([whole(), head]).then(function (both) { return both[0]; });
    all.then(ready).catch(function (error) {
      count.textContent = "The papers could not be loaded (" + error.message + "). The downloads hold the same records.";
      root.dataset.failed = "1";
    });
  }

  function init() {
    var root = document.querySelector(".survey-explorer");
    if (root) start(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
