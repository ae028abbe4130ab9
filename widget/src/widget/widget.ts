// One widget on the page: builds the Shadow DOM for its mode (launcher, inline, popout), wires
// the session to the screens, and offers open/close/setPatron/on to the host page.
import { type ChatState, type PatronDetails, type QueueStatus } from "../shared/protocol";
import type { WidgetConfig } from "./config";
import { h, show } from "./dom";
import { Emitter } from "./events";
import { textsFor, type Texts } from "./i18n";
import { KnowledgeClient } from "./knowledge";
import { ChatSession, refusalCode } from "./session";
import styles from "./styles.css";
import { ArticleScreen } from "./view/article-screen";
import { ChatScreen } from "./view/chat-screen";
import { OfflineScreen } from "./view/offline-screen";
import { Panel } from "./view/panel";
import { StartScreen } from "./view/start-screen";
import { SuggestionList } from "./view/suggestion-list";

export class Widget {
  readonly events = new Emitter();
  private readonly t: Texts;
  private readonly root: ShadowRoot;
  private readonly session: ChatSession;
  private readonly panel: Panel;
  private readonly start: StartScreen;
  private readonly offline: OfflineScreen;
  private readonly chat: ChatScreen;
  private readonly article: ArticleScreen;
  /** Suggestions under the question box and under the leave-a-question box; null when turned off. */
  private readonly startSuggestions: SuggestionList | null = null;
  private readonly offlineSuggestions: SuggestionList | null = null;
  /** A suggested article is open in place of the question screen. */
  private reading = false;
  private readonly launcher: HTMLButtonElement | null = null;
  private readonly launcherLabel = h("span", { class: "label" });
  private connected = false;
  private unread = 0;
  private isOpen: boolean;

  constructor(private readonly config: WidgetConfig, host: HTMLElement) {
    const t = (this.t = textsFor(config.language));
    const root = (this.root = host.attachShadow({ mode: "open" }));
    adoptStyles(root);
    this.session = new ChatSession(config.serverOrigin, config.queueId, config.language, this.listener());
    const kb = new KnowledgeClient(config.serverOrigin, config.language, () => this.session.link.visitorToken);
    if (config.suggestions) {
      const read = (s: { id: string; title: string }, query: string): void => this.read(s.id, s.title, query);
      this.startSuggestions = new SuggestionList(t, kb, read);
      this.offlineSuggestions = new SuggestionList(t, kb, read);
    }
    this.start = new StartScreen(t, { start: (question, details) => this.startChat(question, details) }, this.startSuggestions?.element ?? null);
    this.offline = new OfflineScreen(t, config.language, { leave: (q, email, name) => this.leave(q, email, name) }, this.offlineSuggestions?.element ?? null);
    this.startSuggestions?.watch(this.start.question);
    this.offlineSuggestions?.watch(this.offline.question);
    this.article = new ArticleScreen(t, kb, {
      back: () => this.stopReading(false),
      askLibrarian: () => this.stopReading(true),
      close: () => {
        this.stopReading(false);
        if (config.mode === "popout") window.close();
        else this.close();
      },
    }, config.mode !== "inline");
    this.chat = new ChatScreen(t, {
      send: (text) => this.session.send(text),
      typed: () => this.session.typed(),
      end: () => this.attempt(() => this.session.endChat(), (m) => this.chat.ended.showError(m)).then(() => undefined),
      rate: async (score, comment) =>
        (await this.attempt(() => this.session.rate(score, comment), (m) => this.chat.ended.showError(m))) !== null,
      transcript: async (email) =>
        (await this.attempt(() => this.session.requestTranscript(email), (m) => this.chat.ended.showError(m))) !== null,
      newChat: () => {
        this.session.forget();
        this.start.focus();
      },
    });
    this.panel = new Panel(t, config.title ?? t.title, config.mode, { close: () => this.close(), popout: () => this.popout() });
    this.panel.element.lang = config.language;
    // Escape closes the launcher's panel when focus is in the widget, or was lost to the page
    // body (e.g. the button just pressed disappeared with its form).
    document.addEventListener("keydown", (event) => {
      const active = document.activeElement;
      if (event.key === "Escape" && config.mode === "launcher" && this.isOpen && (active === host || active === document.body)) this.close();
    });
    this.isOpen = config.mode !== "launcher";
    if (config.mode === "launcher") {
      this.launcher = h("button", {
        type: "button", class: "launcher-button", "data-testid": "launcher", "aria-expanded": "false", "aria-haspopup": "dialog", lang: config.language,
      }, h("span", { class: "dot", "aria-hidden": "true" }), this.launcherLabel);
      this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
      show(this.panel.element, false);
      root.append(this.launcher);
    }
    root.append(this.panel.element);
    this.render();
    this.session.start();
  }

  open(): void {
    if (this.config.mode === "launcher" && !this.isOpen) {
      this.isOpen = true;
      show(this.panel.element, true);
      this.launcher?.setAttribute("aria-expanded", "true");
      this.setUnread(0);
      this.events.emit("open", undefined);
    }
    this.focusScreen();
  }

  close(): void {
    if (this.config.mode !== "launcher" || !this.isOpen) return;
    this.isOpen = false;
    show(this.panel.element, false);
    this.launcher?.setAttribute("aria-expanded", "false");
    this.launcher?.focus();
    this.events.emit("close", undefined);
  }

  setPatron(details: PatronDetails): void {
    this.session.setPatron(details);
    const patron = this.session.patronDetails;
    this.start.fillDetails(patron);
    this.offline.prefill("", patron.email, patron.name);
    if (this.session.chat) this.chat.update(this.session.chat, patron.email);
  }

  /** The same conversation in its own window; state is shared through localStorage. */
  popout(): void {
    const url = new URL("/popout.html", this.config.serverOrigin);
    url.searchParams.set("queue", this.config.queueId);
    url.searchParams.set("lang", this.config.language);
    if (!this.config.suggestions) url.searchParams.set("suggestions", "off");
    const opened = window.open(url.href, "asklibrary", "width=420,height=680,resizable=yes");
    if (opened) this.close();
  }

  private listener(): ConstructorParameters<typeof ChatSession>[3] {
    return {
      link: (state) => {
        this.connected = state === "connected";
        this.panel.setConnection(state, this.t);
        this.start.setQueue(this.session.status, this.connected);
      },
      queue: (status) => {
        this.events.emit("statusChanged", status);
        this.start.setQueue(status, this.connected);
        this.offline.setStatus(status);
        if (!status.online) {
          // Whatever the patron had typed is not lost when the service goes off duty meanwhile.
          const patron = this.session.patronDetails;
          this.offline.prefill(this.start.question.value.trim(), patron.email, patron.name);
          this.offlineSuggestions?.update();
        }
        this.render();
      },
      chat: (chat, previous) => this.chatChanged(chat, previous),
      message: (message) => {
        this.chat.messages.add(message);
        if (!this.isOpen && message.kind !== "patron") this.setUnread(this.unread + 1);
        if (message.kind === "librarian") this.chat.showTyping(null);
        this.events.emit("message", message);
      },
      pending: (item) => this.chat.messages.addPending(item),
      acknowledged: (clientMessageId, seq) => this.chat.messages.confirm(clientMessageId, seq),
      failed: (clientMessageId, code) => this.chat.messages.fail(clientMessageId, code),
      typing: (event) => this.chat.showTyping(event),
      started: (chat) => this.events.emit("chatStarted", chat),
      reset: () => {
        this.chat.messages.clear();
        this.chat.ended.reset();
      },
    };
  }

  private chatChanged(chat: ChatState | null, previous: ChatState | null): void {
    const wasOpen = previous?.state === "waiting" || previous?.state === "active";
    if (chat) {
      if (!previous || previous.conversationId !== chat.conversationId) {
        for (const item of this.session.unsent()) this.chat.messages.addPending(item);
      }
      this.chat.update(chat, this.session.patronDetails.email);
      const nowOpen = chat.state === "waiting" || chat.state === "active";
      if (wasOpen && !nowOpen && previous?.conversationId === chat.conversationId) this.events.emit("chatEnded", chat);
    }
    this.render();
  }

  /** Which screen: the conversation if there is one, else the question form or, off duty, the leave-a-question form. */
  private render(): void {
    const status = this.session.status;
    const offline = !!status && !status.online;
    if (this.session.chat) this.reading = false; // e.g. a chat started in another tab meanwhile
    const screen = this.session.chat ? this.chat.element : this.reading ? this.article.element
      : offline ? this.offline.element : this.start.element;
    // Swapping screens must not drop keyboard focus to the page's <body>.
    const hadFocus = this.panel.element.contains(this.root.activeElement);
    this.panel.setScreen(screen);
    if (this.launcher) {
      this.launcher.classList.toggle("offline", offline && !this.session.chat);
      this.launcherLabel.textContent = offline && !this.session.chat ? this.t.launcherOffline : this.t.launcherOnline;
      this.launcher.classList.toggle("unread", this.unread > 0);
      this.launcher.setAttribute("aria-label", this.unread > 0
        ? `${this.launcherLabel.textContent} (${this.t.unread(this.unread)})` : this.launcherLabel.textContent!);
    }
    if (hadFocus && !this.panel.element.contains(this.root.activeElement)) this.focusScreen();
  }

  /** Messages that arrived while the launcher's panel was closed, shown on the launcher. */
  private setUnread(count: number): void {
    this.unread = count;
    this.render();
  }

  private focusScreen(): void {
    if (!this.isOpen) return;
    if (this.session.chat) this.chat.focus();
    else if (this.reading) this.article.focus();
    else if (this.session.status && !this.session.status.online) this.offline.focus();
    else this.start.focus();
  }

  private async startChat(question: string, details: PatronDetails): Promise<void> {
    const result = await this.attempt(() => this.session.startChat(question, details), (m) => this.start.showError(m));
    if (result === "offline") {
      const patron = { ...this.session.patronDetails, ...details };
      this.offline.prefill(question, patron.email, patron.name);
      this.offlineSuggestions?.update();
      this.render();
      this.offline.focus();
    } else if (result) {
      this.start.clear();
      this.startSuggestions?.reset();
      this.chat.focus();
    }
  }

  private async leave(question: string, email: string, name: string): Promise<string | null> {
    const receipt = await this.attempt(() => this.session.leaveQuestion(question, email, name), (m) => this.offline.showError(m));
    if (receipt) this.offlineSuggestions?.reset();
    return receipt ? receipt.id : null;
  }

  /** Opens a suggested article in place of the question screen; the question stays as typed. */
  private read(id: string, title: string, query: string): void {
    this.reading = true;
    this.render();
    void this.article.show(id, title, query);
  }

  /** Back to the question screen: focus returns to the article's suggestion, or goes to asking a librarian. */
  private stopReading(askLibrarian: boolean): void {
    const articleId = this.article.currentArticleId;
    this.reading = false;
    this.render();
    const offline = !!this.session.status && !this.session.status.online;
    const screen = offline ? this.offline : this.start;
    if (askLibrarian) return screen.offerLibrarian();
    const suggestion = (offline ? this.offlineSuggestions : this.startSuggestions)?.buttonFor(articleId ?? "");
    (suggestion ?? screen).focus();
  }

  /** Runs a hub call; on failure shows a message in the patron's language and returns null. */
  private async attempt<T>(call: () => Promise<T>, showError: (message: string) => void): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      const code = refusalCode(error);
      const t = this.t;
      showError(code === "too_large" ? t.errorTooLong : code === "rate_limited" ? t.errorRateLimited
        : code === "unavailable" ? t.errorUnavailable : code === null && !this.connected ? t.reconnecting : t.errorGeneric);
      return null;
    }
  }

  get queueStatus(): QueueStatus | null {
    return this.session.status;
  }
}

function adoptStyles(root: ShadowRoot): void {
  // A constructed stylesheet is not an inline <style>, so host pages with a strict CSP still style us.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h("style", { text: styles }));
  }
}
