// The header's section buttons: one view visible at a time, the current one marked with
// aria-current, and a hook so a view can load its data the first time it is shown.
export type ViewName = "chats" | "history" | "canned" | "offline" | "ratings" | "admin";

export function initNav(onShow: (view: ViewName) => void): (view: ViewName) => void {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>("nav.sections [data-view]")];
  const panels = [...document.querySelectorAll<HTMLElement>("[data-view-panel]")];
  const show = (view: ViewName) => {
    for (const b of buttons) {
      if (b.dataset.view === view) b.setAttribute("aria-current", "page");
      else b.removeAttribute("aria-current");
    }
    for (const p of panels) p.hidden = p.dataset.viewPanel !== view;
    onShow(view);
  };
  for (const b of buttons) b.addEventListener("click", () => show(b.dataset.view as ViewName));
  return show;
}
