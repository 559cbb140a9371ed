/* Fertility Immunotherapy Evidence: the comparison table's sorting and filters.
 * Runs on every page load, including mkdocs-material's instant navigation (document$). */
(function () {
  "use strict";

  function setUpTable(container) {
    var table = container.querySelector("table");
    if (!table || table.dataset.kbReady) return;
    table.dataset.kbReady = "true";
    new Tablesort(table);

    var form = document.querySelector(".kb-filters");
    var status = document.querySelector(".kb-filter-status");
    if (!form) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function matches(row, name, value) {
      if (!value) return true;
      if (name === "text") return row.dataset.text.indexOf(value.toLowerCase().trim()) !== -1;
      if (name === "populations") return row.dataset.populations.split(" ").indexOf(value) !== -1;
      return row.dataset[name] === value;
    }

    function apply() {
      var filters = Array.prototype.map.call(form.querySelectorAll("[data-kb-filter]"), function (el) {
        return [el.dataset.kbFilter, el.value];
      });
      var shown = 0;
      rows.forEach(function (row) {
        var keep = filters.every(function (f) { return matches(row, f[0], f[1]); });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " records.";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    apply();
  }

  /* A link to a section inside the view that is not shown (a claim from the ledger, a heading in
   * the table of contents) opens that view first, so the reader lands on what they followed. */
  function revealTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var block = target && target.closest(".tabbed-block");
    if (!block) return;
    var set = block.closest(".tabbed-set");
    var index = Array.prototype.indexOf.call(block.parentElement.children, block);
    var input = set.querySelectorAll(":scope > input")[index];
    if (input && !input.checked) {
      input.click();
      target.scrollIntoView();
    }
  }

  /* On a phone kb.css stacks a table's rows into cards, each cell showing its column's heading,
   * which this copies into the cell's data-label (tables kb draws as HTML carry their own). A
   * table of two columns stays a table: it fits, and a card would only repeat its heading. The
   * roles keep the cells announced as a table's once CSS has made them blocks (the headings keep
   * theirs: the theme marks a sortable heading by its role). Without this
   * script a table scrolls inside itself, never the page. */
  function labelTable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || table.hasAttribute("data-kb-labelled")) return;
    var names = [];
    Array.prototype.forEach.call(head.cells, function (th) {
      for (var i = 0; i < th.colSpan; i++) names.push(th.textContent.trim());
    });
    if (names.length < 3) return;
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll(":scope > thead, :scope > tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      if (row.parentElement === table.tHead) return;
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
        if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[column] || "");
        column += cell.colSpan;
      });
    });
    table.setAttribute("data-kb-labelled", "");
  }

  /* "Cite this page" names the address the reader is actually on. */
  function fillPageAddress() {
    document.querySelectorAll(".kb-page-address").forEach(function (el) {
      el.textContent = location.href.split("#")[0];
    });
  }

  /* The theme's search panel is a dialog without a name; screen readers announce it as "Search". */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  function onPage() {
    nameSearchDialog();
    document.querySelectorAll(".md-typeset table:not([class])").forEach(labelTable);
    document.querySelectorAll(".kb-comparison").forEach(setUpTable);
    fillPageAddress();
    revealTarget();
  }

  window.addEventListener("hashchange", revealTarget);

  if (typeof document$ !== "undefined") {
    document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
