// Every word the customer UI shows (banner, dialogs, notices, hints), in English and Japanese.
import type { EndReason } from '../../protocol/session';

export type Language = 'en' | 'ja';

export interface Labels {
  /** When the service names no agent. */
  someAgent: string;
  sharingWith(agent: string): string;
  controlling(agent: string): string;
  end: string;
  revoke: string;
  controlTitle(agent: string): string;
  controlBody: string;
  approve: string;
  deny: string;
  ended(reason: string): string;
  dismiss: string;
  reasons: Record<EndReason, string>;
  /** Any other reason the connection was closed with. */
  endedOther: string;
  blocked: string;
  actionFailed(detail: string): string;
  key: {
    title: string;
    instructions: string;
    label: string;
    submit: string;
    cancel: string;
    busy: string;
    invalidFormat: string;
    wrongKey: string;
    expired: string;
    tooMany(wait: string): string;
    network: string;
    generic: string;
  };
  minutes(n: number): string;
  seconds(n: number): string;
}

const EN: Labels = {
  someAgent: 'Your agent',
  sharingWith: (agent) => `You are sharing this page with ${agent}`,
  controlling: (agent) => `${agent} is controlling this page`,
  end: 'End',
  revoke: 'Revoke control',
  controlTitle: (agent) => `${agent} asks to control this page`,
  controlBody: 'They will be able to click, type and scroll for you. You can take control back at any time.',
  approve: 'Approve',
  deny: 'Deny',
  ended: (reason) => `Screen sharing ended — ${reason}`,
  dismiss: 'Dismiss',
  reasons: {
    customerEnded: 'you ended it',
    agentEnded: 'your agent ended it',
    interactionTransferred: 'your conversation was transferred',
    interactionEnded: 'your conversation ended',
    inactivity: 'there was no activity for a while',
    keyExpired: 'the code expired',
    offerDeclined: 'the invitation was declined',
    offerExpired: 'the invitation expired',
    error: 'something went wrong',
  },
  endedOther: 'the session is over',
  blocked: "Your agent can't use this",
  actionFailed: (detail) => `That didn't work: ${detail}`,
  key: {
    title: 'Share your screen with your agent',
    instructions: 'Enter the 6-digit code your agent gives you.',
    label: 'Code',
    submit: 'Start sharing',
    cancel: 'Cancel',
    busy: 'Checking…',
    invalidFormat: 'Enter the 6 digits of the code.',
    wrongKey: 'That code is not right. Check it and try again.',
    expired: 'That code has expired or was already used. Ask your agent for a new one.',
    tooMany: (wait) => `Too many attempts. Try again in ${wait}.`,
    network: "Can't reach the service. Check your connection and try again.",
    generic: 'Something went wrong. Try again.',
  },
  minutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`),
  seconds: (n) => (n === 1 ? '1 second' : `${n} seconds`),
};

const JA: Labels = {
  someAgent: '担当者',
  sharingWith: (agent) => `${agent} とこのページを共有しています`,
  controlling: (agent) => `${agent} がこのページを操作しています`,
  end: '終了',
  revoke: '操作を取り消す',
  controlTitle: (agent) => `${agent} がこのページの操作を求めています`,
  controlBody: 'クリック、入力、スクロールを代わりに行えるようになります。いつでも操作を取り戻せます。',
  approve: '許可',
  deny: '拒否',
  ended: (reason) => `画面共有を終了しました — ${reason}`,
  dismiss: '閉じる',
  reasons: {
    customerEnded: 'お客様が終了しました',
    agentEnded: '担当者が終了しました',
    interactionTransferred: '会話が転送されました',
    interactionEnded: '会話が終了しました',
    inactivity: 'しばらく操作がありませんでした',
    keyExpired: 'コードの有効期限が切れました',
    offerDeclined: '招待が辞退されました',
    offerExpired: '招待の有効期限が切れました',
    error: 'エラーが発生しました',
  },
  endedOther: 'セッションは終了しています',
  blocked: '担当者はここを操作できません',
  actionFailed: (detail) => `操作できませんでした: ${detail}`,
  key: {
    title: '担当者と画面を共有',
    instructions: '担当者がお伝えする6桁のコードを入力してください。',
    label: 'コード',
    submit: '共有を開始',
    cancel: 'キャンセル',
    busy: '確認中…',
    invalidFormat: '6桁の数字を入力してください。',
    wrongKey: 'コードが正しくありません。確認してもう一度入力してください。',
    expired: 'このコードは有効期限切れか、すでに使用されています。担当者に新しいコードをお尋ねください。',
    tooMany: (wait) => `試行回数が多すぎます。${wait}後にもう一度お試しください。`,
    network: 'サービスに接続できません。接続を確認してもう一度お試しください。',
    generic: '問題が発生しました。もう一度お試しください。',
  },
  minutes: (n) => `${n}分`,
  seconds: (n) => `${n}秒`,
};

export function labelsFor(language: Language): Labels {
  return language === 'ja' ? JA : EN;
}

/** The language asked for, else the browser's: Japanese for `ja…`, English otherwise. */
export function resolveLanguage(requested?: string | null): Language {
  const wanted = (requested || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
  return wanted.startsWith('ja') ? 'ja' : 'en';
}

/** An end reason in words; unknown reasons (a newer service) read as "the session is over". */
export function reasonInWords(labels: Labels, reason: string): string {
  return (labels.reasons as Record<string, string>)[reason] ?? labels.endedOther;
}

/** A Retry-After in the largest unit that reads naturally: minutes from a minute up, else seconds. */
export function waitInWords(labels: Labels, seconds: number): string {
  return seconds >= 60 ? labels.minutes(Math.ceil(seconds / 60)) : labels.seconds(Math.max(1, Math.ceil(seconds)));
}
