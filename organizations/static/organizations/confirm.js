// Ask before an irreversible click (removing a member, deleting a roster entry, revoking an invitation).
// Forms opt in with data-confirm="question"; CSP forbids inline handlers, hence this file.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
