/* Sort any table with a <thead> by clicking a header; filter the key-figures
 * table by topic and organisation. Plain DOM code, no library, no request
 * leaves the site. Works with Material's instant navigation (document$). */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    var number = parseFloat(text.replace(/^(over|more than|nearly|almost|about|around|approximately|at least|up to|some)\s+/i, "").replace(/,/g, ""));
    return isNaN(number) || !/^[\d.,]/.test(text.replace(/^\D+\s/, "")) ? text.toLowerCase() : number;
  }

  function makeSortable(table) {
    if (!table.tHead || table.dataset.medregSortable) return;
    table.dataset.medregSortable = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.style.cursor = "pointer";
      header.title = "Sort";
      header.tabIndex = 0;  // sorted by keyboard too: Tab to a header, Enter or Space
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          header.click();
        }
      });
      header.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = header.dataset.sort !== "asc";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
          delete h.dataset.sort;
          h.removeAttribute("aria-sort");
        });
        header.dataset.sort = ascending ? "asc" : "desc";
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (typeof x === "number" && typeof y === "number") return ascending ? x - y : y - x;
          return ascending ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function columnIndex(table, name) {
    var cells = table.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; i++) if (cells[i].textContent.trim() === name) return i;
    return -1;
  }

  function addFilters(box) {
    var table = box.parentElement.querySelector("table");
    if (!table || box.dataset.ready) return;
    box.dataset.ready = "1";
    var selects = [];
    ["Topics", "Organisations"].forEach(function (name) {
      var index = columnIndex(table, name);
      if (index < 0) return;
      var values = {};
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.cells[index].textContent.split(";").forEach(function (v) { v = v.trim(); if (v) values[v] = 1; });
      });
      var select = document.createElement("select");
      select.setAttribute("aria-label", "Filter by " + name.toLowerCase());
      select.appendChild(new Option("All " + name.toLowerCase(), ""));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(new Option(v, v)); });
      select.dataset.column = index;
      select.addEventListener("change", apply);
      box.appendChild(select);
      selects.push(select);
    });
    function apply() {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var show = selects.every(function (s) {
          if (!s.value) return true;
          return row.cells[+s.dataset.column].textContent.split(";").map(function (v) { return v.trim(); }).indexOf(s.value) >= 0;
        });
        row.style.display = show ? "" : "none";
      });
    }
  }

  var CLAMP_FROM = 40;  // characters: a longer cell shows its first lines until opened

  function clampLongCells(table) {
    if (table.dataset.medregClamped) return;
    table.dataset.medregClamped = "1";
    table.setAttribute("data-medreg-figures", "");  // not a class: Material styles tables without one
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell) {
        var text = cell.textContent.trim();
        if (text.length < CLAMP_FROM) return;
        var span = document.createElement("span");
        span.className = "medreg-clamp";
        span.title = text;  // the whole text as a tooltip
        span.tabIndex = 0;  // reached by Tab, opened while focused
        while (cell.firstChild) span.appendChild(cell.firstChild);
        cell.appendChild(span);
        span.addEventListener("click", function (event) {
          if (event.target.closest("a")) return;  // a link in the cell still goes where it says
          span.classList.toggle("medreg-open");
        });
      });
    });
  }

  function init() {
    document.querySelectorAll(".medreg-filters").forEach(function (box) {
      var table = box.parentElement.querySelector("table");
      if (table) {
        makeSortable(table);
        clampLongCells(table);
      }
      addFilters(box);
    });
    // A briefing's key figures (and any table the filters do not own): long cells too.
    document.querySelectorAll(".md-typeset h2").forEach(function (heading) {
      if (heading.textContent.trim().replace(/\s*¶$/, "") !== "Key figures") return;
      var next = heading.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (table && table.tBodies.length) clampLongCells(table);
    });
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
