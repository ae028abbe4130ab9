// How a librarian learns that someone is waiting when their eyes are elsewhere: a short beep
// (WebAudio, no audio file), a browser notification, and "(N) …" in the tab title. Never sound
// alone — it may be muted, and some librarians cannot hear it.
import { byId } from "./dom";
import { languageChangedEvent, t } from "./i18n";

const muteKey = "asklibrary.console.muted";
let audio: AudioContext | null = null;
let muted = loadMuted();

function loadMuted(): boolean {
  try {
    return localStorage.getItem(muteKey) === "1";
  } catch {
    return false;
  }
}

/** Browsers only let a page start audio after a user gesture, so the context is made on the first one. */
function unlockAudio(): void {
  if (audio || typeof AudioContext === "undefined") return;
  try {
    audio = new AudioContext();
  } catch (error) {
    console.warn("WebAudio is unavailable", error);
  }
}

export function beep(): void {
  if (muted || !audio) return;
  if (audio.state === "suspended") void audio.resume();
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = "sine";
  oscillator.frequency.value = 880;
  const now = audio.currentTime;
  gain.gain.setValueAtTime(0.0001, now);
  gain.gain.exponentialRampToValueAtTime(0.2, now + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.25);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(now);
  oscillator.stop(now + 0.3);
}

export function notify(title: string, body: string): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  try {
    const n = new Notification(title, { body, tag: "asklibrary-waiting" });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch (error) {
    // Some browsers only allow notifications from a service worker; the title badge still works.
    console.warn("Notification failed", error);
  }
}

export function alertNewChat(title: string, body: string): void {
  beep();
  notify(title, body);
}

/** "(3) AskLibrary console" while three chats wait; the number also shows in the nav badge. */
export function showWaitingCount(count: number): void {
  const base = t("pageTitle");
  document.title = count > 0 ? `(${count}) ${base}` : base;
  const badge = byId("waiting-count");
  badge.textContent = String(count);
  badge.dataset.count = String(count);
}

function renderNotificationButton(button: HTMLButtonElement): void {
  if (typeof Notification === "undefined") {
    button.hidden = true;
    return;
  }
  const permission = Notification.permission;
  button.textContent = t(
    permission === "granted" ? "notificationsOn" : permission === "denied" ? "notificationsBlocked" : "enableNotifications",
  );
  button.dataset.permission = permission;
  button.setAttribute("aria-disabled", permission === "default" ? "false" : "true");
}

export function initAlerts(): void {
  for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, unlockAudio, { once: true, capture: true });

  const sound = byId<HTMLInputElement>("sound-toggle");
  sound.checked = !muted;
  sound.addEventListener("change", () => {
    muted = !sound.checked;
    try {
      localStorage.setItem(muteKey, muted ? "1" : "0");
    } catch {
      // Remembered for this page only.
    }
    if (!muted) beep();
  });

  const button = byId<HTMLButtonElement>("notifications-button");
  renderNotificationButton(button);
  button.addEventListener("click", () => {
    if (typeof Notification === "undefined" || Notification.permission !== "default") return;
    // Asked on a click, as browsers require; a refusal leaves the sound and the title badge.
    void Notification.requestPermission().then(() => renderNotificationButton(button));
  });
  document.addEventListener(languageChangedEvent, () => renderNotificationButton(button));
}
