// The review page's keyboard: j/k move between drafts (any table row
// <tr data-draft-id> with its <a class="draft-link">), Enter opens one,
// a approves, r rejects with a note (asked for in a dialog), e edits, ?
// shows the list of keys. Approve and reject post the very forms the
// buttons post (same fields, same CSRF token): the server decides as it
// does for a click. Keys are ignored while the editor types in a field.
(function () {
  "use strict";
  var current = -1;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-draft-id]")); }
  function draftForm(name) { return document.getElementById(name + "-form"); }
  function field(name) {
    var el = document.querySelector("input[name=" + name + "]");
    return el ? el.value : "";
  }

  function move(by) {
    var all = rows();
    if (!all.length) return;
    if (current >= 0 && all[current]) all[current].classList.remove("kbd-current");
    current = Math.max(0, Math.min(all.length - 1, current + by));
    var row = all[current];
    row.classList.add("kbd-current");
    var link = row.querySelector("a.draft-link");
    (link || row).focus();
    row.scrollIntoView({block: "nearest"});
  }

  function chosenRow() {
    var all = rows();
    if (current >= 0 && all[current]) return all[current];
    var focused = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest("tr[data-draft-id]");
    return focused || null;
  }

  function versionOf(row) {
    if (row.dataset.version) return row.dataset.version;
    var box = row.querySelector("input[name=id]");   // "ID:VERSION", as the bulk forms send it
    return box ? box.value.split(":")[1] : "";
  }

  function post(action, fields) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = action;
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function act(row, what, note) {
    var id = row.dataset.draftId;
    var fields = {csrf: field("csrf"), version: versionOf(row),
                  back: location.pathname + location.search};
    if (field("editor")) fields.editor = field("editor");
    if (note !== undefined) fields.note = note;
    post("/draft/" + id + "/" + what, fields);
  }

  function approve() {
    var form = draftForm("approve");
    if (form && !rows().length) { form.requestSubmit(); return; }
    var row = chosenRow();
    if (row) act(row, "approve");
  }

  function askWhy(title, done) {
    var dialog = document.createElement("dialog");
    dialog.className = "keys-reject";
    dialog.setAttribute("aria-labelledby", "keys-reject-title");
    dialog.innerHTML = '<form method="dialog"><h2 id="keys-reject-title"></h2>' +
      '<p><label for="keys-reject-note">Why (outlets never see this; the log keeps it)</label><br>' +
      '<input id="keys-reject-note" required maxlength="500" autocomplete="off"></p>' +
      '<p><button type="submit" class="reject" value="reject">Reject</button> ' +
      '<button type="button" class="cancel">Cancel</button></p></form>';
    dialog.querySelector("h2").textContent = title;
    document.body.appendChild(dialog);
    var box = dialog.querySelector("input");
    var opener = document.activeElement;
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      if (!box.value.trim()) { box.focus(); return; }
      dialog.close();
      done(box.value);
    });
    dialog.querySelector(".cancel").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (opener && opener.focus) opener.focus();
    });
    dialog.showModal();
    box.focus();
  }

  function reject() {
    var form = draftForm("reject");
    if (form && !rows().length) {
      askWhy("Reject this draft", function (note) {
        form.querySelector("input[name=note]").value = note;
        form.requestSubmit();
      });
      return;
    }
    var row = chosenRow();
    if (!row) return;
    var link = row.querySelector("a.draft-link");
    askWhy("Reject draft " + row.dataset.draftId + (link ? " (" + link.textContent.trim() + ")" : ""),
           function (note) { act(row, "reject", note); });
  }

  function edit() {
    var box = document.querySelector("#edit-form textarea");
    if (box) { box.focus(); box.scrollIntoView({block: "center"}); return; }
    var row = chosenRow();
    if (row) location.href = "/draft/" + row.dataset.draftId + "#edit";
  }

  function help() {
    var panel = document.getElementById("keys-help");
    if (!panel) return;
    panel.open = !panel.open;
    if (panel.open) { panel.querySelector("summary").focus(); panel.scrollIntoView({block: "nearest"}); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (document.querySelector("dialog[open]")) return;
    var key = event.key;
    if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (key === "Enter" && t && t.matches && t.matches("tr[data-draft-id]")) {
      var link = t.querySelector("a.draft-link");
      if (link) link.click();
    }
    else if (key === "a") approve();
    else if (key === "r") reject();
    else if (key === "e") edit();
    else if (key === "?") help();
    else return;
    event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (location.hash === "#edit") {
      var box = document.querySelector("#edit-form textarea");
      if (box) box.focus();
    }
  });
})();
