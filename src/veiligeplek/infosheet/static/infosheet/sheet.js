// The information sheet full-screen on the professional's phone (no inline script: CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-fullscreen]")) {
    const target = document.getElementById(button.dataset.fullscreen);
    if (!target || !target.requestFullscreen) {
      button.hidden = true;
      continue;
    }
    button.addEventListener("click", () => {
      target.requestFullscreen().catch(() => { button.hidden = true; });
    });
  }
});
