// Every string the patron reads, in both languages the widget speaks. Keys are grouped by screen.
import type { Language } from "./config";

const zh = {
  title: "咨询馆员",
  launcherOnline: "咨询馆员",
  launcherOffline: "留言咨询",
  close: "关闭",
  popout: "在新窗口打开",
  connecting: "正在连接…",
  reconnecting: "连接中断，正在重新连接…",
  intro: "有问题？图书馆员在线为您解答。",
  questionLabel: "您的问题",
  questionPlaceholder: "例如：如何在校外访问数据库？",
  detailsToggle: "添加您的联系方式（可选）",
  nameLabel: "姓名（可选）",
  emailLabel: "电子邮箱（可选）",
  start: "开始咨询",
  waitingCount: (n: number) => (n > 0 ? `当前有 ${n} 人在排队。` : "现在就有馆员可以为您解答。"),
  position: (n: number) => `您排在第 ${n} 位。`,
  estimatedWait: (minutes: number) => `预计等待约 ${minutes} 分钟。`,
  waiting: "正在为您联系馆员，请稍候…",
  talkingTo: (name: string) => `馆员 ${name} 正在为您服务`,
  typing: (name: string | null) => (name ? `馆员 ${name} 正在输入…` : "馆员正在输入…"),
  messageLog: "对话消息",
  unread: (n: number) => `${n} 条新消息`,
  you: "我",
  librarian: "馆员",
  sending: "发送中…",
  failed: "未发送",
  messageLabel: "输入消息",
  send: "发送",
  end: "结束对话",
  ended: "对话已结束。",
  rateLegend: "请为本次服务评分（1–5 分，5 分最好）",
  rateValue: (n: number) => `${n} 分`,
  commentLabel: "意见或建议（可选）",
  rateSubmit: "提交评价",
  rated: "感谢您的评价！",
  transcriptLabel: "把对话记录发到我的邮箱",
  transcriptSubmit: "发送记录",
  transcriptRequested: (email: string) => `对话记录将发送到 ${email}。`,
  newChat: "提出新问题",
  offlineNobody: "目前没有馆员在线。",
  offlineClosed: "在线咨询现在不在服务时间内。",
  sentenceGap: "",
  offlineOpensAt: (when: string) => `将于 ${when} 恢复。`,
  offlineIntro: "请留下您的问题和邮箱，馆员会尽快通过邮件答复您。",
  offlineQuestionLabel: "您的问题",
  offlineEmailLabel: "电子邮箱（必填）",
  offlineNameLabel: "姓名（可选）",
  offlineSubmit: "提交留言",
  offlineThanks: (id: string) => `您的问题已收到，编号 ${id}。我们会通过邮件答复您。`,
  errorGeneric: "出错了，请稍后再试。",
  errorEmail: "请填写有效的电子邮箱地址。",
  errorEmpty: "请先填写问题。",
  errorTooLong: "内容太长了，请精简后再发送。",
  errorRateLimited: "操作太频繁，请稍后再试。",
};

export type Texts = typeof zh;

const en: Texts = {
  title: "Ask a Librarian",
  launcherOnline: "Ask a Librarian",
  launcherOffline: "Leave a question",
  close: "Close",
  popout: "Open in a new window",
  connecting: "Connecting…",
  reconnecting: "Connection lost, reconnecting…",
  intro: "Have a question? A librarian will answer you here.",
  questionLabel: "Your question",
  questionPlaceholder: "e.g. How do I use the databases from off campus?",
  detailsToggle: "Add your details (optional)",
  nameLabel: "Name (optional)",
  emailLabel: "Email (optional)",
  start: "Start chat",
  waitingCount: (n) => (n > 0 ? `${n} ${n === 1 ? "person is" : "people are"} waiting.` : "A librarian can answer you now."),
  position: (n) => `You are number ${n} in the queue.`,
  estimatedWait: (minutes) => `Estimated wait: about ${minutes} min.`,
  waiting: "Finding a librarian for you, please wait…",
  talkingTo: (name) => `You are chatting with ${name}`,
  typing: (name) => `${name ?? "The librarian"} is typing…`,
  messageLog: "Chat messages",
  unread: (n) => `${n} new ${n === 1 ? "message" : "messages"}`,
  you: "You",
  librarian: "Librarian",
  sending: "Sending…",
  failed: "Not sent",
  messageLabel: "Type a message",
  send: "Send",
  end: "End chat",
  ended: "The chat has ended.",
  rateLegend: "How was this chat? (1–5, 5 is best)",
  rateValue: (n) => `${n}`,
  commentLabel: "Comment (optional)",
  rateSubmit: "Submit rating",
  rated: "Thank you for your feedback!",
  transcriptLabel: "Email me the transcript",
  transcriptSubmit: "Send transcript",
  transcriptRequested: (email) => `The transcript will be sent to ${email}.`,
  newChat: "Ask another question",
  offlineNobody: "No librarian is available right now.",
  offlineClosed: "Live chat is closed right now.",
  sentenceGap: " ",
  offlineOpensAt: (when) => `We are back ${when}.`,
  offlineIntro: "Leave your question and email address and a librarian will answer you by email.",
  offlineQuestionLabel: "Your question",
  offlineEmailLabel: "Email (required)",
  offlineNameLabel: "Name (optional)",
  offlineSubmit: "Send question",
  offlineThanks: (id) => `We have your question (reference ${id}) and will answer you by email.`,
  errorGeneric: "Something went wrong, please try again.",
  errorEmail: "Please enter a valid email address.",
  errorEmpty: "Please type your question first.",
  errorTooLong: "That is too long, please shorten it.",
  errorRateLimited: "Too many requests, please wait a moment.",
};

export function textsFor(language: Language): Texts {
  return language === "en" ? en : zh;
}

/** The next opening, in the page language and the patron's own time zone. */
export function formatOpensAt(iso: string, language: Language): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { weekday: "long", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" };
  const formatted = new Intl.DateTimeFormat(language, options).format(date);
  return language === "en" ? `on ${formatted}` : formatted;
}

export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
