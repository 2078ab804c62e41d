// Shows a running total of the budget table while the applicant types. Display only: the server recomputes every
// line in Decimal when the draft is saved. Amounts are handled as integers (fen × hundredths) to avoid float drift.
(function () {
  "use strict";
  function toHundredths(text) {
    var match = /^\s*(-?)(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text || "");
    if (!match) { return null; }
    var value = parseInt(match[2], 10) * 100 + parseInt(((match[3] || "") + "00").slice(0, 2), 10);
    return match[1] ? -value : value;
  }
  function format(hundredthsSquared) {
    var fen = Math.round(hundredthsSquared / 100);
    var sign = fen < 0 ? "-" : "";
    fen = Math.abs(fen);
    return sign + Math.floor(fen / 100) + "." + String(fen % 100).padStart(2, "0");
  }
  function update(table, output) {
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
  document.addEventListener("DOMContentLoaded", function () {
    var output = document.getElementById("budget-live-total");
    var table = document.querySelector("[data-budget-table] table");
    if (!output || !table) { return; }
    table.addEventListener("input", function () { update(table, output); });
    table.addEventListener("change", function () { update(table, output); });
    update(table, output);
  });
})();
