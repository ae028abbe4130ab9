// One transcript line, shared by the live chat panes and the read-only history view. Kinds look
// different (patron left, librarian right, system centred, notes in a marked "internal note"
// box), and every text from the network goes in through textContent.
import type { ChatMessage, ChatSummary, ConversationState, MessageKind } from "../shared/protocol";
import { addRow, el } from "./dom";
import { formatDateTime, formatTime } from "./format";
import { t } from "./i18n";
import type { StringKey } from "./strings";

const kindLabels: Record<MessageKind, StringKey> = {
  patron: "kindPatron",
  librarian: "kindLibrarian",
  system: "kindSystem",
  note: "kindNote",
};

const stateLabels: Record<ConversationState, StringKey> = {
  waiting: "stateWaiting",
  active: "stateActive",
  closed: "stateClosed",
  abandoned: "stateAbandoned",
};

export function stateLabel(state: ConversationState): string {
  return t(stateLabels[state] ?? "stateActive");
}

export function messageElement(message: ChatMessage): HTMLLIElement {
  const item = el("li", {
    className: `msg msg-${message.kind}`,
    "data-testid": "message",
    "data-seq": message.seq,
    "data-kind": message.kind,
  });
  const meta = el("p", { className: "msg-meta" });
  const who = message.kind === "system" ? null : message.authorName;
  meta.append(el("span", { className: "msg-kind" }, t(kindLabels[message.kind] ?? "kindSystem")));
  if (who) meta.append(" · ", el("span", { className: "msg-author" }, who));
  meta.append(" ", el("time", { dateTime: message.at, className: "msg-time" }, formatTime(message.at)));
  item.append(meta, el("p", { className: "msg-text" }, message.text));
  return item;
}

/** Patron and conversation facts shown above a transcript. */
export function chatFacts(list: HTMLDListElement, chat: ChatSummary, queueName: string): void {
  list.replaceChildren();
  addRow(list, t("question"), chat.question);
  addRow(list, t("patronName"), chat.patronName);
  addRow(list, t("patronEmail"), chat.patronEmail);
  addRow(list, t("queue"), queueName);
  addRow(list, t("started"), formatDateTime(chat.createdAt));
  if (chat.assignedToName) addRow(list, t("librarian"), chat.assignedToName);
  addRow(list, t("state"), stateLabel(chat.state));
}
