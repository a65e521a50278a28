/**
 * The message log API (docs/channels-api.md): generated from the backend's schema
 * (types/generated/channels-api.ts), plus the filters and colours the SPA uses. The
 * channels and their labels come from their one definition (lib/channels).
 */
import type { Message } from "@/types/generated/channels-api";

export type { MessageChannel } from "@/lib/channels";
export { CHANNEL_LABELS } from "@/lib/channels";
export type { Message, MessageDetail, MessagePage } from "@/types/generated/channels-api";

import type { MessageChannel } from "@/lib/channels";

export type MessageStatus = Message["status"];

export interface MessageFilters {
  status: MessageStatus | null;
  channel: MessageChannel | null;
  q: string;
  page: number;
}

// Light badges print shade 9 on a tint (theme.ts): teal and green stay under 4.5:1 there
// (axe caught it on the Messages page), cyan and indigo pass.
export const STATUS_COLORS: Record<MessageStatus, string> = {
  queued: "gray",
  sent: "blue",
  opened: "cyan",
  clicked: "indigo",
  failed: "red",
};
