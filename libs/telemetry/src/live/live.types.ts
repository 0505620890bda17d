import type { DeadLetterKind, DeadLetterReason } from './live-payload.util';

/** What committing one live message did; everything not stored is in `reasons` (and the dead-letter table). */
export interface LiveCommitResult {
  assetId: string | null;
  machineId: string | null;
  /** values the message carried (nulls excluded) */
  samples: number;
  /** values placed on their series' grid and merged into the store */
  stored: number;
  written: number;
  duplicates: number;
  replaced: number;
  /** stored values that were off their grid slot by less than half an interval */
  snapped: number;
  deadLettered: number;
  reasons: DeadLetterReason[];
}

export interface LiveMinute {
  minute: string;
  messages: number;
  samples: number;
  stored: number;
  written: number;
  snapped: number;
  deadLettered: number;
  deadLetterMessages: number;
}

export interface LiveMachineStatus {
  machineId: string;
  assetId: string;
  lastMessageAt: string;
  /** the newest sample time any of its messages stored */
  lastSampleAt: string | null;
  messages: number;
}

export interface DeadLetterCount {
  kind: DeadLetterKind;
  /** messages with this reason (a redelivered message counts once) */
  messages: number;
  /** values refused for this reason (0 for a message that could not be read at all) */
  samples: number;
  lastAt: string;
}

export interface RecentDeadLetter {
  receivedAt: string;
  topic: string;
  assetId: string | null;
  kind: DeadLetterKind;
  tag: string;
  detail: string;
  samples: number;
  /** the first 200 characters of the kept payload */
  payloadPreview: string;
  payloadBytes: number;
  /** the kept payload was cut at 64 KiB */
  truncated: boolean;
}

export interface LiveStatus {
  at: string;
  /** averages over the last `windowMinutes` minutes (the current one included) */
  rates: { windowMinutes: number; messagesPerMinute: number; samplesPerMinute: number; deadLetteredPerMinute: number };
  /** per-minute counters of the last hour (minutes without a message are absent) */
  minutes: LiveMinute[];
  machines: LiveMachineStatus[];
  deadLetters: { messages: number; byReason: DeadLetterCount[]; recent: RecentDeadLetter[] };
}
