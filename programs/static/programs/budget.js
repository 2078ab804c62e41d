// The application form's tables: "添加一行" adds one row copied from the formset's <template> (renumbering
// __prefix__ and raising TOTAL_FORMS), a ticked 删除 greys its row out, and the budget shows a running total while the
// applicant types. Display only: the server recomputes every line in Decimal when the draft is saved. Amounts are
// handled as integers (hundredths × hundredths) to avoid float drift. External file: the CSP forbids inline scripts.
(function () {
  "use strict";
  function toHundredths(text) {
    var match = /^\s*(-?)(\d+)(?:\.(\d{0,2}))?\s*$/.exec((text || "").replace(/,/g, ""));
    if (!match) { return null; }
    var value = parseInt(match[2], 10) * 100 + parseInt(((match[3] || "") + "00").slice(0, 2), 10);
    return match[1] ? -value : value;
  }
  function format(hundredthsSquared) {
    var fen = Math.round(hundredthsSquared / 100);
    var sign = fen < 0 ? "-" : "";
    fen = Math.abs(fen);
    var yuan = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + yuan + "." + String(fen % 100).padStart(2, "0");
  }
  function updateTotal(table, output) {
    var total = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var price = row.querySelector("input[name$='-unit_price']");
      var quantity = row.querySelector("input[name$='-quantity']");
      var remove = row.querySelector("input[name$='-DELETE']");
      if (!price || !quantity || (remove && remove.checked)) { return; }
      var p = toHundredths(price.value);
      var q = toHundredths(quantity.value);
      if (p !== null && q !== null) { total += p * q; }
    });
    output.textContent = format(total);
  }
  function markRemoved(row) {
    var remove = row.querySelector("input[name$='-DELETE']");
    row.classList.toggle("is-removed", !!(remove && remove.checked));
  }
  function setUpFormset(box) {
    var prefix = box.getAttribute("data-formset");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = box.querySelector("template[data-empty-row]");
    var body = box.querySelector("table tbody");
    var add = box.querySelector("[data-add-row]");
    if (!total || !template || !body || !add) { return; }
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("tbody");
      holder.innerHTML = html;
      var row = holder.querySelector("tr");
      if (!row) { return; }
      body.appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("select, input:not([type=checkbox])");
      if (first) { first.focus(); }
      body.dispatchEvent(new Event("change", { bubbles: true }));
    });
    body.addEventListener("change", function (event) {
      var row = event.target.closest && event.target.closest("tr");
      if (row && event.target.name && /-DELETE$/.test(event.target.name)) { markRemoved(row); }
    });
    body.querySelectorAll("tr").forEach(markRemoved);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(setUpFormset);
    var output = document.getElementById("budget-live-total");
    var table = document.querySelector("[data-formset='budget'] table");
    if (!output || !table) { return; }
    table.addEventListener("input", function () { updateTotal(table, output); });
    table.addEventListener("change", function () { updateTotal(table, output); });
    updateTotal(table, output);
  });
})();
