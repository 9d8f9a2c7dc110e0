// Keyboard triage for the Precursor Watch console. Everything also works
// without this script (links, forms, Tab); it only adds single keys.
//   Queue:  j / k (or arrows) move, Enter or o opens, / searches.
//   Alert:  1-4 choose the disposition and focus the note, n focuses the
//           note, Enter in the note saves and opens the next open alert,
//           s skips to the next alert, u goes back to the queue.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable);
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr"));
  var cur = -1;
  function select(i) {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (cur >= 0) rows[cur].classList.remove("sel");
    cur = i;
    rows[cur].classList.add("sel");
    var a = rows[cur].querySelector("a.open");
    if (a) a.focus();
  }
  var focusNoteOn = "";
  document.addEventListener("keyup", function (e) {
    if (focusNoteOn && e.key === focusNoteOn) {
      focusNoteOn = "";
      document.getElementById("note").focus();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (typing(e)) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    var form = document.getElementById("disposition");
    if (rows.length) {
      if (e.key === "j" || e.key === "ArrowDown") { select(cur + 1); e.preventDefault(); }
      else if (e.key === "k" || e.key === "ArrowUp") { select(cur - 1); e.preventDefault(); }
      else if (e.key === "o" && cur >= 0) { rows[cur].querySelector("a.open").click(); }
    }
    if (e.key === "/") {
      var s = document.getElementById("search");
      if (s) { s.focus(); e.preventDefault(); }
    }
    if (!form) return;
    var radio = form.querySelector('input[data-key="' + e.key + '"]');
    if (radio) {
      radio.checked = true;
      focusNoteOn = e.key; // on key up: the key's own character stays out of the note
      e.preventDefault();
    } else if (e.key === "n") {
      focusNoteOn = e.key;
      e.preventDefault();
    } else if (e.key === "s") {
      var next = document.getElementById("next-link");
      if (next) next.click();
    } else if (e.key === "u") {
      window.location.href = "/";
    }
  });
})();
