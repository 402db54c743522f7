// Asks for confirmation before irreversible actions: data-confirm="…" on a form, or on the
// button that submits it. Kept in a file (not inline) so the content security policy can
// forbid inline scripts.
document.addEventListener("submit", (event) => {
  const source = event.submitter && event.submitter.dataset.confirm ? event.submitter : event.target;
  const message = source.dataset ? source.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The main menu folds behind a button on a narrow screen (Bootstrap's collapse classes,
// without its script). Without this script the menu simply stays open.
document.addEventListener("DOMContentLoaded", () => {
  const toggler = document.querySelector(".navbar-toggler[aria-controls]");
  if (!toggler) return;
  const menu = document.getElementById(toggler.getAttribute("aria-controls"));
  menu.classList.add("collapse");
  toggler.hidden = false;
  toggler.addEventListener("click", () => {
    const open = menu.classList.toggle("show");
    toggler.setAttribute("aria-expanded", String(open));
  });
});

// A table wider than the screen scrolls inside its container; a keyboard user must be able
// to reach that container to scroll it (WCAG 2.1.1), so it takes focus while it overflows.
function markScrollableTables() {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const caption = box.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabel, schuift opzij");
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableTables);
window.addEventListener("resize", markScrollableTables);

// A form shown again with errors: its summary is the first thing seen and read.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});

// A Dutch file input (DutchFileInput): show the chosen file's name beside its button.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches(".dutch-file input[type=file]")) return;
  const shown = document.getElementById(input.getAttribute("aria-describedby"));
  shown.textContent = input.files.length ? input.files[0].name : shown.dataset.empty;
});

// A job's page (templates/jobs/job.html): follow its progress until it is finished, then
// show the page again with the result. Without this script the page has a refresh link.
document.addEventListener("DOMContentLoaded", () => {
  const job = document.querySelector("[data-job-progress]");
  if (!job) return;
  const follow = async () => {
    const response = await fetch(job.dataset.jobProgress, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const state = await response.json();
    document.getElementById("job-status").textContent = state.status_label;
    document.getElementById("job-bar").value = state.progress;
    document.getElementById("job-step").textContent = state.step;
    if (state.finished) window.location.reload();
    else window.setTimeout(follow, 1000);
  };
  window.setTimeout(follow, 1000);
});
