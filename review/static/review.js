// The keyboard contract of a data-entry desk: focus selects the whole value so typing
// replaces it, Enter accepts (or saves what was typed), Esc restores, Tab/Shift-Tab move,
// F2 opens the page with the current field marked. Every failure is said on the card in
// Chinese; a lost session keeps what was typed until the reviewer has logged in again.
(function () {
  const queue = document.getElementById("queue");
  if (!queue) return;
  let csrf = queue.dataset.csrf;
  const left = document.getElementById("left");
  const total = Number(left.dataset.total);
  const nextBatch = document.getElementById("next-batch");
  const openInputs = () => Array.from(queue.querySelectorAll("form.item:not(.done) input.value"));
  const FALLBACK = {
    400: "请求格式不对，未保存；请刷新页面后重试",
    401: "登录已失效，请重新登录（已输入的内容会保留）",
    403: "页面已过期，未保存；请重新登录后再按 Enter",
    404: "此字段已不存在，请刷新页面",
    409: "别人已修改此字段",
    422: "输入的值不对，未保存",
    500: "服务器出错，未保存；请稍后再试或联系管理员",
  };

  function say(form, text, kind) {
    const message = form.querySelector(".message");
    message.textContent = text;
    form.classList.remove("refused", "conflict", "failed", "stale");
    if (kind) form.classList.add(kind);
    if (kind === "stale") {
      const link = document.createElement("a");
      link.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
      link.target = "_blank";
      link.textContent = "在新标签页登录";
      message.append(" ", link, "，登录后回到这里按 Enter 保存。");
    }
  }

  function focusNext(form) {
    const open = openInputs();
    const after = open.find((i) => form.compareDocumentPosition(i) & Node.DOCUMENT_POSITION_FOLLOWING);
    const target = after || open[0];
    if (target) target.focus();
    else if (nextBatch && total > done()) { nextBatch.hidden = false; nextBatch.focus(); }
  }

  const done = () => queue.querySelectorAll("form.item.done").length;

  async function post(form, force) {
    const input = form.querySelector("input.value");
    const body = new URLSearchParams({
      csrf: csrf, version: form.dataset.version, value: input.value,
      action: input.value === input.dataset.original ? "accept" : "replace",
      comment: form.querySelector("input.comment").value, force: force ? "true" : "false",
    });
    const response = await fetch(`/api/fields/${form.dataset.id}`, {
      method: "POST", body: body, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin",
    });
    let result = {};
    try { result = await response.json(); } catch (error) { result = {}; }
    return { status: response.status, result: result };
  }

  async function refreshToken() {
    const response = await fetch("/api/session", { credentials: "same-origin" });
    if (!response.ok) return false;
    const fresh = (await response.json()).csrf;
    const changed = fresh !== csrf;
    csrf = fresh;
    return changed;
  }

  async function save(form, force) {
    let answer;
    try {
      answer = await post(form, force);
      if (answer.status === 403 && (await refreshToken())) answer = await post(form, force);
    } catch (error) {
      say(form, "网络中断，未保存；请检查网络后再按 Enter", "failed");
      return;
    }
    show(form, answer.status, answer.result);
  }

  function show(form, status, result) {
    const input = form.querySelector("input.value");
    const text = result.message || FALLBACK[status] || `保存失败（${status}）`;
    if (status === 200 && result.ok) {
      form.classList.add("done", result.status);
      say(form, result.status === "corrected" ? "已更正" : "已确认");
      input.value = result.value; input.dataset.original = result.value; input.disabled = true;
      form.querySelector(".confirm").hidden = true;
      form.querySelector(".status").textContent = result.status_text;
      left.textContent = Math.max(0, total - done());
      focusNext(form);
    } else if (status === 401) {
      say(form, text, "stale");
    } else if (status === 409) {
      say(form, text, "conflict");
      form.dataset.version = result.version;
      input.value = result.value; input.dataset.original = result.value; input.select();
    } else if (result.needs_confirm) {
      say(form, text, "refused");
      const confirm = form.querySelector(".confirm");
      confirm.hidden = false;
      confirm.querySelector("input").tabIndex = 0;
    } else {
      say(form, text, status === 422 ? "refused" : "failed");
      input.select();
    }
  }

  function restore(form) {
    const input = form.querySelector("input.value");
    input.value = input.dataset.original;
    form.querySelector(".confirm").hidden = true;
    say(form, "已恢复原值");
    input.focus(); input.select();
  }

  function prefetch(form) {  // the next cards' crops load while this one is read
    let card = form.nextElementSibling;
    for (let n = 0; card && n < 3; n++, card = card.nextElementSibling) {
      const img = card.querySelector("img.crop");
      if (img) img.loading = "eager";
    }
  }

  queue.addEventListener("focusin", (event) => {
    if (!event.target.matches("input.value")) return;
    const form = event.target.closest("form.item");
    event.target.select();
    form.scrollIntoView({ block: "start" });
    prefetch(form);
  });
  queue.addEventListener("keydown", (event) => {
    const form = event.target.closest("form.item");
    if (!form) return;
    if (event.key === "Enter") {
      event.preventDefault();
      save(form, event.target.classList.contains("comment"));
    } else if (event.key === "Escape") {
      event.preventDefault();
      restore(form);
    } else if (event.key === "F2") {
      event.preventDefault();
      if (form.dataset.page) window.open(form.dataset.page, "_blank");
      else say(form, "此字段没有页面图像");
    }
  });
  queue.addEventListener("submit", (event) => event.preventDefault());
  queue.querySelectorAll("img.crop").forEach((img) => img.addEventListener("error", () => {
    const note = document.createElement("p");
    note.className = "nocrop";
    note.textContent = "图像无法载入";
    img.replaceWith(note);
  }));
  if (nextBatch) {
    nextBatch.addEventListener("click", () => {
      const skipped = openInputs().length;
      const offset = Number(queue.dataset.offset) + skipped;
      location.href = `/?${queue.dataset.query}&offset=${offset}`;
    });
  }
  const first = openInputs()[0];
  if (first) first.focus();
})();
