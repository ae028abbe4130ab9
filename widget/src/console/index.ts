// The console's entry point: wires the staff hub's events to the views and the views' actions
// back to the hub. On every (re)connection it re-reads the snapshot and re-opens the chats it
// holds from their last seq, because the server forgets a dropped connection's groups.
import type { ChatSummary, LibrarianPresence, QueueView, StaffSnapshot } from "../shared/protocol";
import { alertNewChat, initAlerts, showWaitingCount } from "./alerts";
import { api, ApiError } from "./api";
import { byId } from "./dom";
import { errorText } from "./errors";
import { StaffHub, type ConnectionStatus } from "./hub";
import { applyTranslations, currentLanguage, languageChangedEvent, setLanguage, t, type Language } from "./i18n";
import { showToast } from "./toast";
import { AdminView } from "./views/admin-view";
import { PatronsAdminView } from "./views/patrons-admin-view";
import { CannedView } from "./views/canned-view";
import { ChatsView } from "./views/chats";
import { HistoryView } from "./views/history-view";
import { MyRatingsView } from "./views/my-ratings";
import { initNav } from "./views/nav";
import { preview, QueueListView } from "./views/queue-view";
import { TicketsView } from "./views/tickets-view";
import { TransferDialog } from "./views/transfer-dialog";

let me: LibrarianPresence | null = null;
let queues: QueueView[] = [];
const librarians = new Map<string, LibrarianPresence>();
/** Each queue's last view: the chats it listed and how many waited, so a QueueChanged only alerts for chats that joined. */
const seen = new Map<string, { listed: Set<string>; count: number }>();
/** Waiting chats in all this librarian's queues, listed or not. */
let waitingTotal = 0;
/** Chats this tab is accepting: their ChatAssigned is expected and needs no alert. */
const accepting = new Set<string>();

const failed = (error: unknown) => showToast(errorText(error), "error");
const queueName = (id: string) => queues.find((q) => q.queueId === id)?.name ?? id;

const hub: StaffHub = new StaffHub(
  {
    queueChanged: (queue) => {
      const index = queues.findIndex((q) => q.queueId === queue.queueId);
      queues = index < 0 ? [...queues, queue] : queues.map((q, i) => (i === index ? queue : q));
      showQueues();
    },
    chatAssigned: (chat) => {
      // No alert for a chat this tab is accepting or already holds (the event may come after Accept returned).
      const expected = accepting.has(chat.conversationId) || chats.holds(chat.conversationId);
      chats.assigned(chat, accepting.has(chat.conversationId));
      if (!expected) alertNewChat(t("assignedTitle"), preview(chat.question));
    },
    chatUnassigned: (info) => chats.unassigned(info),
    chatUpdated: (chat) => chats.updated(chat),
    messageAdded: (message) => chats.messageAdded(message),
    typingChanged: (typing) => chats.typing(typing),
    presenceChanged: (changed) => {
      for (const presence of changed) {
        librarians.set(presence.staffId, presence);
        if (presence.staffId === me?.staffId) showMe(presence);
      }
    },
  },
  (status) => {
    showConnection(status);
    if (status === "forbidden") showToast(t("connForbidden"), "error");
  },
  async (): Promise<void> => applySnapshot(await hub.getSnapshot()),
);

const chats = new ChatsView(
  {
    send: (id, clientMessageId, text, asNote) =>
      asNote ? hub.addNote(id, clientMessageId, text) : hub.sendMessage(id, clientMessageId, text),
    typing: (id, isTyping) => {
      hub.setTyping(id, isTyping).catch((error: unknown) => console.debug("SetTyping failed", error));
    },
    renderCanned: (id, cannedId) => hub.renderCanned(id, cannedId),
    transfer: (id) => transferDialog.open(id, queues, [...librarians.values()], me?.staffId ?? null),
    end: async (id) => {
      try {
        await hub.endChat(id);
        chats.unassigned({ conversationId: id, reason: "ended" });
        showToast(t("chatEnded"));
      } catch (error) {
        failed(error);
      }
    },
    dismiss: (id) => chats.dismiss(id),
    followUp: async (id, patronEmail) => {
      // No email from the patron: ask for one; the server checks it (invalid_argument otherwise).
      const email = patronEmail ?? window.prompt(t("followUpEmailPrompt"));
      if (email === null) return;
      try {
        const ticket = await api.followUp(id, { email: patronEmail ? null : email, note: null });
        showToast(t("followUpCreated", { id: ticket.id }));
      } catch (error) {
        failed(error);
      }
    },
    failed,
    myName: () => me?.displayName ?? null,
    queueName,
  },
  (id, afterSeq) => hub.open(id, afterSeq),
  failed,
);

const transferDialog = new TransferDialog(async (request) => {
  await hub.transfer(request);
  chats.unassigned({ conversationId: request.conversationId, reason: "transferred" });
  showToast(t("transferred"));
});

const queueList = new QueueListView((chat, button) => void accept(chat, button));
const history = new HistoryView();
const tickets = new TicketsView(queueName, () => me?.staffId ?? null);
const canned = new CannedView((items) => chats.setCanned(items));
const admin = new AdminView();
const patronsAdmin = new PatronsAdminView();
const ratings = new MyRatingsView(queueName);

async function accept(chat: ChatSummary, button: HTMLButtonElement): Promise<void> {
  accepting.add(chat.conversationId);
  button.disabled = true;
  try {
    chats.assigned(await hub.accept(chat.conversationId), true);
  } catch (error) {
    button.disabled = false;
    failed(error); // already_claimed and capacity_full get their own sentences
  } finally {
    accepting.delete(chat.conversationId);
  }
}

async function applySnapshot(snapshot: StaffSnapshot): Promise<void> {
  showMe(snapshot.me);
  librarians.clear();
  for (const l of snapshot.librarians) librarians.set(l.staffId, l);
  queues = snapshot.queues;
  history.setQueues(queues);
  admin.setQueueIds(queues.map((q) => q.queueId));
  showQueues();
  await chats.sync(snapshot.mine);
}

function showQueues(): void {
  queueList.render(queues);
  // A view lists only its queue's first waiting chats (AskLibrary:Chat:QueueViewLimit); its status counts them all.
  waitingTotal = queues.reduce((sum, q) => sum + q.status.waitingCount, 0);
  showWaitingCount(waitingTotal);
  const arrivals = queues.map((q) => {
    const listed = new Set(q.waiting.map((c) => c.conversationId));
    const arrival = arrivalsIn(q, listed, seen.get(q.queueId));
    seen.set(q.queueId, { listed, count: q.status.waitingCount });
    return arrival;
  });
  // Away means "not taking chats": the badge still counts, but no beep or notification.
  const arrival = arrivals.find((a) => a.count > 0);
  if (!arrival || me?.presence !== "available") return;
  alertNewChat(t("newChatTitle"), arrival.chat ? preview(arrival.chat.question) : t("waitingBody", { count: String(waitingTotal) }));
}

/**
 * How many chats joined a queue since its last view, and the newest of them when the view lists it. The listed chats
 * missing now have left; at most all the others of the last count still wait, so at least count − (last count − listed
 * chats gone) joined. That is exact when the last view listed every waiting chat, and then a chat listed now but not
 * then is new; in a longer queue it may only have moved up into the view.
 */
function arrivalsIn(queue: QueueView, listed: Set<string>, last: { listed: Set<string>; count: number } | undefined): { count: number; chat?: ChatSummary } {
  if (!last) return { count: 0 };
  const gone = [...last.listed].filter((id) => !listed.has(id)).length;
  const count = queue.status.waitingCount - (last.count - gone);
  const complete = last.listed.size >= last.count;
  const chat = complete ? [...queue.waiting].reverse().find((c) => !last.listed.has(c.conversationId)) : undefined;
  return { count, chat };
}

function showMe(presence: LibrarianPresence): void {
  me = presence;
  byId("me-name").textContent = presence.displayName;
  const select = byId<HTMLSelectElement>("presence-select");
  if (presence.presence !== "offline") select.value = presence.presence;
  select.dataset.presence = presence.presence;
}

function showConnection(status: ConnectionStatus): void {
  const node = byId("connection-status");
  node.dataset.state = status;
  const keys = { connected: "connConnected", reconnecting: "connReconnecting", connecting: "connConnecting", forbidden: "connForbidden" } as const;
  node.textContent = t(keys[status] ?? "connConnecting");
}

function initHeader(): void {
  const presence = byId<HTMLSelectElement>("presence-select");
  presence.addEventListener("change", () => {
    const wanted = presence.value === "away" ? "away" : "available";
    hub.setPresence(wanted).then(showMe, (error: unknown) => {
      if (me) showMe(me);
      failed(error);
    });
  });
  const language = byId<HTMLSelectElement>("language-select");
  language.value = currentLanguage();
  language.addEventListener("change", () => setLanguage(language.value as Language));
  document.addEventListener(languageChangedEvent, () => {
    queueList.refresh();
    chats.refresh();
    canned.refresh();
    tickets.refresh();
    ratings.refresh();
    history.setQueues(queues);
    showConnection((byId("connection-status").dataset.state as ConnectionStatus) ?? "connecting");
    showWaitingCount(waitingTotal);
  });
}

async function loadRole(): Promise<void> {
  try {
    const profile = await api.me();
    const isAdmin = profile.role === "admin";
    canned.setUser(profile.staffId, isAdmin);
    if (isAdmin) admin.enable();
  } catch (error) {
    // 403: a role without chat access; the hub connection reports that once, more clearly.
    if (!(error instanceof ApiError && error.status === 403)) failed(error);
  }
}

function start(): void {
  applyTranslations(document);
  initAlerts();
  initHeader();
  initNav((view) => {
    if (view === "history") history.shown();
    else if (view === "offline") tickets.shown();
    else if (view === "ratings") ratings.shown();
    else if (view === "admin") {
      admin.shown();
      patronsAdmin.shown();
    }
  });
  showWaitingCount(0);
  void loadRole();
  void canned.load();
  void hub.start();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
