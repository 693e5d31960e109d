// Keyboard-first review: Enter accepts (or saves what was typed), Tab/Shift-Tab move
// between fields, F2 opens the whole page. Every write carries the page's CSRF token.
(function () {
  const queue = document.getElementById("queue");
  if (!queue) return;
  const csrf = queue.dataset.csrf;
  const inputs = () => Array.from(queue.querySelectorAll("form.item:not(.done) input.value"));
  const left = document.getElementById("left");

  function next(form) {
    const open = inputs();
    const after = open.find((i) => form.compareDocumentPosition(i) & Node.DOCUMENT_POSITION_FOLLOWING);
    (after || open[0] || document.body).focus();
  }

  async function save(form, force) {
    const input = form.querySelector("input.value");
    const comment = form.querySelector("input.comment");
    const body = new URLSearchParams({
      csrf: csrf, version: form.dataset.version, value: input.value,
      action: input.value === input.dataset.original ? "accept" : "replace",
      comment: comment.value, force: force ? "true" : "false",
    });
    const response = await fetch(`/api/fields/${form.dataset.id}`, {
      method: "POST", body: body, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
    });
    const result = await response.json();
    const message = form.querySelector(".message");
    message.textContent = result.message || result.error || "";
    if (result.ok) {
      form.classList.add("done", result.status);
      input.value = result.value; input.dataset.original = result.value; input.disabled = true;
      message.textContent = result.status === "corrected" ? "已更正 corrected" : "已确认 confirmed";
      form.querySelector(".confirm").hidden = true;
      form.querySelector(".status").textContent = result.status;
      if (left) left.textContent = inputs().length;
      next(form);
    } else if (result.needs_confirm) {
      form.classList.add("refused");
      form.querySelector(".confirm").hidden = false;
      comment.tabIndex = 0;
    } else if (response.status === 409) {
      form.classList.add("conflict");
      form.dataset.version = result.version;
      input.value = result.value; input.dataset.original = result.value;
    }
  }

  queue.addEventListener("keydown", (event) => {
    const form = event.target.closest("form.item");
    if (!form) return;
    if (event.key === "Enter") {
      event.preventDefault();
      save(form, event.target.classList.contains("comment"));
    } else if (event.key === "F2" && form.dataset.page) {
      event.preventDefault();
      window.open(form.dataset.page, "_blank");
    }
  });
  queue.addEventListener("submit", (event) => event.preventDefault());
  const first = inputs()[0];
  if (first) first.focus();
})();
