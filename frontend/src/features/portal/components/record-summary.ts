import { formatDateTime } from "@/lib/format";
import type { PortalRecord } from "../types";

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** One line saying what a record is about, in the customer's terms. */
export function recordSummary(record: PortalRecord): string {
  const data = record.data;
  switch (record.kind) {
    case "order": {
      const items = Array.isArray(data.items)
        ? data.items
            .map((item) =>
              typeof item === "object" && item !== null
                ? text((item as { name?: unknown }).name)
                : "",
            )
            .filter(Boolean)
            .join(", ")
        : "";
      const total = typeof data.total === "number" ? data.total.toFixed(2) : "";
      const currency = text(data.currency);
      return [items, total && `${currency ? `${currency} ` : ""}${total}`]
        .filter(Boolean)
        .join(" · ");
    }
    case "return":
      return `Return of order ${text(data.order_ref) || "—"}: ${text(data.reason)}`;
    case "ticket":
    case "enquiry":
      return text(data.subject);
    case "appointment":
      return `${text(data.topic)} · ${formatDateTime(record.starts_at)}`;
    default: {
      const unexpected: never = record.kind;
      return String(unexpected);
    }
  }
}

export const KIND_LABELS: Record<PortalRecord["kind"], string> = {
  order: "Order",
  return: "Return",
  ticket: "Complaint",
  enquiry: "Question",
  appointment: "Appointment",
};
