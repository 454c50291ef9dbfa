/* The paper explorer (explorer.html): every paper of the dataset in a searchable, sortable table.
 * Loaded on every page, it does nothing unless the page holds a .survey-explorer element. There it
 * imports the self-hosted DataTables module and fetches the rows from a generated JSON file (both
 * named by the element's data attributes), so the page stays small whatever the dataset's size.
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

  function loadCss(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  /* Rows arrive as lists in data.fields order; give each a lookup-friendly object. */
  function prepare(data) {
    var nodes = {}, topics = {};
    data.nodes.forEach(function (n) { nodes[n.id] = n; });
    data.topics.forEach(function (t) { topics[t.id] = t.label; });
    function path(id) {
      var chain = [];
      for (var n = nodes[id]; n; n = nodes[n.parent]) chain.unshift(n);
      return chain;
    }
    var rows = data.rows.map(function (values) {
      var paper = {};
      data.fields.forEach(function (field, i) { paper[field] = values[i]; });
      paper.paths = paper.taxonomy.map(path);
      paper.below = {};  // every node the paper sits on or under
      paper.paths.forEach(function (chain) { chain.forEach(function (n) { paper.below[n.id] = true; }); });
      paper.topicLabels = paper.topics.map(function (id) { return topics[id] || id; }).join(", ");
      paper.authorsText = paper.authors.length ? paper.authors.join("; ") : "unknown";
      return paper;
    });
    return { rows: rows, nodes: data.nodes, topics: data.topics, byKey: rows.reduce(function (m, p) { m[p.key] = p; return m; }, {}) };
  }

  function pathText(chain) {
    return chain.map(function (n) { return n.label; }).join(" › ");
  }

  var render = {
    title: function (value, type, paper) {
      if (type === "sort") return paper.title;
      if (type !== "display") return paper.title + " " + paper.key;
      var url = safeUrl(paper.url);
      var title = url
        ? '<a class="survey-explorer__title" href="' + escapeHtml(url) + '">' + escapeHtml(paper.title) + "</a>"
        : escapeHtml(paper.title);
      return title + ' <span class="survey-explorer__key">' + escapeHtml(paper.key) + "</span>";
    },
    authors: function (value, type, paper) {
      if (type !== "display") return paper.authorsText;
      return paper.authors.length ? escapeHtml(paper.authorsText) : '<span class="survey-explorer__unknown">unknown</span>';
    },
    text: function (value, type) {
      return type === "display" ? escapeHtml(value) : value == null ? "" : value;
    },
    topics: function (value, type, paper) {
      return type === "display" ? escapeHtml(paper.topicLabels) : paper.topicLabels;
    },
    taxonomy: function (value, type, paper) {
      if (type !== "display") return paper.paths.map(pathText).join("; ");
      return paper.paths.map(function (chain) {
        return '<span title="' + escapeHtml(pathText(chain)) + '">' + escapeHtml(chain[chain.length - 1].label) + "</span>";
      }).join("<br>");
    }
  };

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

  function fillSelects(form, model) {
    model.topics.forEach(function (t) { form.topic.add(new Option(t.label, t.id)); });
    model.nodes.forEach(function (n) {
      form.branch.add(new Option("\u00a0\u00a0".repeat(n.depth) + n.label, n.id));
    });
  }

  function yearOf(text) {
    return /^\d{4}$/.test(text) ? Number(text) : null;
  }

  function applyState(table, form, state) {
    form.q.value = state.q;
    form.topic.value = state.topic;
    if (form.topic.value !== state.topic) state.topic = form.topic.value;  // unknown id: ignored
    form.branch.value = state.branch;
    if (form.branch.value !== state.branch) state.branch = form.branch.value;
    form.from.value = yearOf(state.from) ? state.from : "";
    form.to.value = yearOf(state.to) ? state.to : "";
    var from = yearOf(state.from), to = yearOf(state.to);
    table.search.fixed("topic", state.topic ? function (s, paper) { return paper.topics.indexOf(state.topic) >= 0; } : null);
    table.search.fixed("branch", state.branch ? function (s, paper) { return !!paper.below[state.branch]; } : null);
    table.search.fixed("years", from || to ? function (s, paper) {
      return (!from || paper.year >= from) && (!to || paper.year <= to);
    } : null);
    table.search(state.q);
  }

  function showSelected(panel, paper, key) {
    if (!key) { panel.hidden = true; panel.textContent = ""; return; }
    panel.hidden = false;
    if (!paper) {
      panel.innerHTML = "<p>No paper with the key <code>" + escapeHtml(key) + "</code> is in the dataset.</p>";
      return;
    }
    var url = safeUrl(paper.url);
    panel.innerHTML =
      '<p class="survey-explorer__selected-title"><strong>' +
      (url ? '<a href="' + escapeHtml(url) + '">' + escapeHtml(paper.title) + "</a>" : escapeHtml(paper.title)) +
      "</strong></p><p>" + escapeHtml(paper.authorsText) + " · " + escapeHtml(paper.year) + " · " +
      escapeHtml(paper.venue) + " · key <code>" + escapeHtml(paper.key) + "</code></p><p>Topics: " +
      escapeHtml(paper.topicLabels) + "</p><p>Taxonomy: " +
      paper.paths.map(function (c) { return escapeHtml(pathText(c)); }).join("; ") + "</p>";
  }

  /* Put the selected paper's row on the current page and mark it. */
  function revealRow(table, key) {
    var node = null;
    var index = table.row("#" + CSS.escape("paper-" + key)).index();
    if (index === undefined) return null;
    var position = table.rows({ search: "applied", order: "applied" }).indexes().toArray().indexOf(index);
    if (position < 0) return null;
    var length = table.page.len();
    if (length > 0) table.page(Math.floor(position / length)).draw(false);
    node = table.row(index).node();
    return node;
  }

  function start(root) {
    var form = root.querySelector("form");
    var count = root.querySelector(".survey-explorer__count");
    var panel = root.querySelector(".survey-explorer__selected");
    var tableEl = root.querySelector("table");
    var base = document.baseURI;
    loadCss(new URL(root.dataset.datatablesCss, base).href);
    Promise.all([
      import(new URL(root.dataset.datatables, base).href),
      fetch(new URL(root.dataset.source, base).href).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
    ]).then(function (loaded) {
      var module = loaded[0], model = prepare(loaded[1]);
      var DataTable = module.default;
      module.set_or_remove_dark_class();
      fillSelects(form, model);
      var state = readState(window.location.search);
      var selected = state.key;
      var table = new DataTable(tableEl, {
        data: model.rows,
        rowId: function (paper) { return "paper-" + paper.key; },
        deferRender: true,
        autoWidth: false,
        pageLength: 25,
        lengthMenu: [10, 25, 50, 100],
        order: [],  // the rows come sorted: newest first, then by title
        layout: { topStart: "pageLength", topEnd: null, bottomStart: "info", bottomEnd: "paging" },
        language: { info: "Papers _START_ to _END_ of _TOTAL_", infoFiltered: "", infoEmpty: "No paper matches", zeroRecords: "No paper matches these filters." },
        columns: [
          { data: "title", title: "Title", render: render.title },
          { data: "authors", title: "Authors", render: render.authors },
          { data: "year", title: "Year", type: "num", render: render.text, className: "dt-body-right" },
          { data: "venue", title: "Venue", render: render.text },
          { data: "topics", title: "Topics", render: render.topics, searchable: false },
          { data: "taxonomy", title: "Taxonomy", render: render.taxonomy, searchable: false }
        ],
        createdRow: function (row, paper) {
          if (paper.key === selected) row.classList.add("survey-explorer__row--selected");
        }
      });
      function report() {
        var shown = table.rows({ search: "applied" }).count();
        count.textContent = shown === model.rows.length
          ? "All " + model.rows.length + " papers"
          : shown + " of " + model.rows.length + " papers match";
        root.dataset.matches = String(shown);
      }
      table.on("draw", report);
      applyState(table, form, state);
      table.draw();
      showSelected(panel, model.byKey[selected], selected);
      if (selected) {
        var row = revealRow(table, selected);
        if (row) { row.scrollIntoView({ block: "center" }); }
      }
      function update() {
        state = {
          q: form.q.value.trim(), topic: form.topic.value, branch: form.branch.value,
          from: form.from.value.trim(), to: form.to.value.trim(), key: selected
        };
        applyState(table, form, state);
        table.draw();
        writeUrl(state);
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
      form.addEventListener("reset", function (event) {
        event.preventDefault();
        selected = "";
        form.q.value = form.topic.value = form.branch.value = form.from.value = form.to.value = "";
        showSelected(panel, null, "");
        tableEl.querySelectorAll(".survey-explorer__row--selected").forEach(function (r) {
          r.classList.remove("survey-explorer__row--selected");
        });
        update();
      });
      writeUrl(state);
      root.dataset.ready = "1";
    }).catch(function (error) {
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
