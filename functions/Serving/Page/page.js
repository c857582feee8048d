// The page itself: choosing, classifying, showing the answer or what went wrong. Runs after photo.js and function-key.js.
(() => {
  "use strict";

  const TIMEOUT_MS = 30000;        // a request with no answer by then is abandoned, with a retry button
  const DEFAULT_INPUT_SIDE = 224;  // used until GET /api/health has said what the model takes

  const $ = (id) => document.getElementById(id);
  const el = {
    modelLine: $("model-line"), notice: $("service-notice"), form: $("form"), drop: $("drop"),
    file: $("file"), camera: $("camera"), chosen: $("chosen"), previewBox: $("preview-box"), preview: $("preview"),
    submit: $("submit"), progress: $("progress"), progressText: $("progress-text"),
    error: $("error"), errorTitle: $("error-title"), errorDetail: $("error-detail"), retry: $("retry"),
    keyForm: $("key-form"), key: $("key"),
    result: $("result"), label: $("label"), probability: $("probability"), bars: $("bars"), meta: $("meta"),
  };
  const maxRequestBytes = Number(document.documentElement.dataset.maxRequestBytes) || Infinity;

  let model = null;       // the "model" object of GET /api/health, once the service has one
  let photo = null;       // what Classify sends: { file, blob, type, decoded, shrunk, width, height, originalWidth, originalHeight }
  let choosing = 0;       // increases with every choice, so a slow preparation never overwrites a newer one
  let busy = false;
  let key = FunctionKey.read();

  async function loadHealth(attempt) {
    let problem;
    try {
      const response = await fetchWithTimeout("/api/health", { headers: { Accept: "application/json" } }, 10000);
      const body = await readJson(response);
      if (response.ok && body && body.model) {
        model = body.model;
        el.modelLine.textContent = `Model “${model.name}”, version ${model.version}. It tells apart: ${model.labels.join(", ")}.`;
        el.notice.hidden = true;
        return;
      }
      problem = problemDetail(body, response);
    } catch (error) {
      problem = `The service cannot be reached (${describe(error)}).`;
    }
    el.modelLine.textContent = "No model is being served yet.";
    el.notice.textContent = `${problem} This page checks again by itself.`;
    el.notice.hidden = false;
    setTimeout(() => loadHealth(attempt + 1), Math.min(30000, 2000 * 2 ** attempt));
  }

  function choose(input) {
    const file = input.files && input.files[0];
    input.value = "";  // choosing the same file again must fire "change" again
    if (file) {
      take(file);
    } else {
      noneChosen();
    }
  }

  function noneChosen() {
    el.chosen.textContent = photo
      ? `No new photo chosen; still using ${photo.file.name}.`
      : "No photo chosen. Choose or take a photo, or drop one here.";
  }

  async function take(file) {
    const mine = ++choosing;
    photo = null;
    hideOutcome();
    showPreview(null);
    updateSubmit();
    el.chosen.textContent = `${file.name} (${formatBytes(file.size)})`;
    if (file.size === 0) {
      showError("That file is empty", `${file.name} has 0 bytes. Choose a photo.`, false);
      return;
    }

    el.chosen.textContent = `${file.name} (${formatBytes(file.size)}): preparing…`;
    const prepared = await PhotoPreparation.prepare(file, model ? Math.max(model.inputWidth, model.inputHeight) : DEFAULT_INPUT_SIDE, maxRequestBytes);
    if (mine !== choosing) {
      return;
    }

    el.chosen.textContent = `${file.name} (${formatBytes(file.size)})`;
    if (prepared.blob.size > maxRequestBytes) {
      showError("That file is too large", `${file.name} is ${formatBytes(file.size)} and this browser cannot read it to shrink it; the service takes at most ${formatBytes(maxRequestBytes)}. Choose a smaller photo.`, false);
      return;
    }

    photo = prepared;
    if (!prepared.decoded) {
      el.chosen.textContent += ". This browser cannot show it; the service will say whether it can read it.";
    }
    showPreview(prepared);
    updateSubmit();
  }

  async function classify() {
    if (busy || !photo) {
      return;
    }

    busy = true;
    const sent = photo;
    const round = choosing;  // a photo chosen while this one is on its way makes its answer stale
    updateSubmit();
    hideOutcome();
    el.progressText.textContent = `Sending ${formatBytes(sent.blob.size)} and classifying…`;
    el.progress.hidden = false;
    const headers = { "Content-Type": sent.type, Accept: "application/json" };
    if (key) {
      headers["x-functions-key"] = key;
    }

    const started = performance.now();
    try {
      const response = await fetchWithTimeout("/api/predict", { method: "POST", body: sent.blob, headers }, TIMEOUT_MS);
      const body = await readJson(response);
      const elapsed = performance.now() - started;
      if (round !== choosing) {
        return;
      } else if (response.ok && body && typeof body.label === "string") {
        showResult(body, sent, elapsed);
      } else if (response.status === 401 || response.status === 403) {
        askForKey(response.status);
      } else {
        showError(titleFor(response.status), problemDetail(body, response), response.status === 429 || response.status >= 500);
      }
    } catch (error) {
      if (round !== choosing) {
        return;
      } else if (error.name === "AbortError") {
        showError("No answer", `The service did not answer within ${TIMEOUT_MS / 1000} seconds. It may be starting up; try again.`, true);
      } else {
        showError("Cannot reach the service", `The request failed (${describe(error)}). Check your connection and try again.`, true);
      }
    } finally {
      busy = false;
      el.progress.hidden = true;
      updateSubmit();
    }
  }

  function showResult(body, sent, elapsed) {
    const probabilities = Object.entries(body.probabilities || {}).sort((a, b) => b[1] - a[1]);
    el.label.textContent = body.label;
    el.probability.textContent = percent(body.probability, 0);
    el.bars.replaceChildren(...probabilities.map(([name, p]) => bar(name, p, name === body.label)));
    const size = sent.shrunk
      ? `sent ${formatBytes(sent.blob.size)} (${sent.width}×${sent.height}, shrunk from ${formatBytes(sent.file.size)}, ${sent.originalWidth}×${sent.originalHeight})`
      : `sent ${formatBytes(sent.blob.size)}`;
    const served = body.model ? `Model “${body.model.name}”, version ${body.model.version}` : "Model unknown";
    el.meta.textContent = `${served} · answered in ${Math.round(elapsed)} ms · ${size}`;
    el.result.hidden = false;
    el.result.scrollIntoView({ block: "nearest" });
  }

  function bar(name, probability, top) {
    const row = document.createElement("li");
    row.className = top ? "bar-row top" : "bar-row";
    const label = document.createElement("span");
    label.className = "bar-name";
    label.textContent = name;
    label.title = name;
    const track = document.createElement("span");
    track.className = "bar-track";
    track.setAttribute("aria-hidden", "true");
    const fill = document.createElement("span");
    fill.className = "bar-fill";
    fill.style.display = "block";
    fill.style.width = `${Math.max(0, Math.min(1, probability)) * 100}%`;
    track.append(fill);
    const value = document.createElement("span");
    value.className = "bar-value";
    value.textContent = percent(probability, 1);
    row.append(label, track, value);
    return row;
  }

  function askForKey(status) {
    showError(status === 401 ? "A key is needed" : "The key was refused",
      status === 401 ? "This service only classifies photos for callers with its function key." : "The service did not accept the function key this page sent. Enter the right one.", false);
    el.keyForm.hidden = false;
    el.key.value = "";
    el.key.focus();
  }

  function showError(title, detail, retryable) {
    el.errorTitle.textContent = title;
    el.errorDetail.textContent = detail;
    el.retry.hidden = !retryable;
    el.error.hidden = false;
    el.error.scrollIntoView({ block: "nearest" });
  }

  function hideOutcome() {
    el.error.hidden = true;
    el.result.hidden = true;
    el.keyForm.hidden = true;
  }

  function showPreview(prepared) {
    if (el.preview.src) {
      URL.revokeObjectURL(el.preview.src);
      el.preview.removeAttribute("src");
    }

    el.previewBox.hidden = !(prepared && prepared.decoded);
    if (prepared && prepared.decoded) {
      el.preview.src = URL.createObjectURL(prepared.file);  // the original, sharper than what is sent; img applies EXIF orientation
      el.preview.alt = `The photo you chose: ${prepared.file.name}`;
    }
  }

  function updateSubmit() {
    el.submit.disabled = busy || !photo;
    el.submit.textContent = busy ? "Classifying…" : "Classify";
  }

  function titleFor(status) {
    switch (status) {
      case 400: return "The service could not use that upload";
      case 413: return "That photo is too large";
      case 415: return "That file is not a photo the service can read";
      case 422: return "That photo is damaged";
      case 429: return "The service is busy";
      case 503: return "The service is not ready";
      default: return status >= 500 ? "The service failed" : `The service answered ${status}`;
    }
  }

  function problemDetail(body, response) {
    if (body && typeof body.detail === "string" && body.detail) {
      return body.detail;
    }

    return body && typeof body.title === "string" ? body.title : `The service answered ${response.status} ${response.statusText}.`.trim();
  }

  async function fetchWithTimeout(url, options, timeoutMs) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await fetch(url, { ...options, signal: controller.signal, cache: "no-store" });
    } finally {
      clearTimeout(timer);
    }
  }

  async function readJson(response) {
    try { return await response.json(); } catch { return null; }
  }

  function describe(error) {
    return error && error.message ? error.message : String(error);
  }

  function percent(p, digits) {
    const value = Math.max(0, Math.min(1, Number(p) || 0)) * 100;
    return value > 0 && value < 1 && digits === 0 ? "<1%" : `${value.toFixed(digits)}%`;
  }

  function formatBytes(bytes) {
    if (!Number.isFinite(bytes)) {
      return "any size";
    }

    if (bytes < 1024) {
      return `${bytes} B`;
    }

    return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  el.file.addEventListener("change", () => choose(el.file));
  el.camera.addEventListener("change", () => choose(el.camera));
  el.file.addEventListener("cancel", noneChosen);
  el.camera.addEventListener("cancel", noneChosen);
  el.form.addEventListener("submit", (event) => { event.preventDefault(); classify(); });
  el.retry.addEventListener("click", () => classify());
  el.keyForm.addEventListener("submit", (event) => {
    event.preventDefault();
    key = el.key.value.trim();
    if (key) {
      FunctionKey.store(key);
      classify();
    }
  });

  // A photo dropped anywhere on the page is taken; the page itself never navigates to it.
  let depth = 0;
  document.addEventListener("dragenter", (event) => { event.preventDefault(); depth++; el.drop.classList.add("over"); });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; el.drop.classList.remove("over"); } });
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    el.drop.classList.remove("over");
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) {
      take(file);
    } else {
      el.chosen.textContent = "That was not a file. Drop a photo file, or choose one.";
    }
  });

  updateSubmit();
  loadHealth(0);
})();
