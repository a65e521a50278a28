import { describe, expect, it } from "vitest";
import type { CanvasNode } from "./graph";
import {
  eventNamesOf,
  journeyVariablesOf,
  ownTextOf,
  stepTemplateKind,
  templateNameFrom,
  withOwnText,
} from "./template-context";

const step = (id: string, type: string, config: unknown, label = ""): CanvasNode =>
  ({ id, type, position: { x: 0, y: 0 }, data: { label, config } }) as CanvasNode;

describe("template context of a journey", () => {
  const nodes = [
    step("start", "trigger.event", { event_name: "order.placed" }),
    step("wait", "flow.wait_for_event", { event_name: "order.shipped", timeout: null }),
    step("again", "flow.wait_for_event", { event_name: "order.placed" }),
    step("crm", "action.webhook", { url: "https://x", save_response: { ticket_id: "/id" } }, "CRM"),
    step("hook", "action.webhook", {
      url: "https://y",
      save_response: { ticket_id: "/n", rank: "/r" },
    }),
    step("mail", "action.send_email", { template: "welcome" }),
  ];

  it("lists the events the journey starts on or waits for, once each", () => {
    expect(eventNamesOf(nodes)).toEqual(["order.placed", "order.shipped"]);
    expect(eventNamesOf([step("s", "trigger.segment_entered", { segment: "vip" })])).toEqual([]);
  });

  it("lists the journey variables webhooks save, saying which step saves them", () => {
    expect(journeyVariablesOf(nodes)).toEqual({
      ticket_id: "(saved by “CRM”)",
      rank: "(saved by “Webhook”)",
    });
  });

  it("knows which template kind each sending step picks", () => {
    expect(stepTemplateKind("action.send_email")).toBe("email");
    expect(stepTemplateKind("action.send_sms")).toBe("sms");
    expect(stepTemplateKind("action.create_letter")).toBe("letter");
    expect(stepTemplateKind("action.create_job")).toBeNull();
  });
});

describe("templateNameFrom", () => {
  it.each([
    ["Order shipped!", "order_shipped"],
    ["  Café  déjà vu ", "cafe_deja_vu"],
    ["2nd reminder", "t_2nd_reminder"],
    ["!!!", ""],
    ["a".repeat(100), "a".repeat(80)],
  ])("%s → %s", (label, name) => {
    expect(templateNameFrom(label)).toBe(name);
    if (name) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe("a step's own text", () => {
  it("reads an email's subject and body, an SMS's text and a letter's body", () => {
    expect(ownTextOf("email", { subject: "Hi", body: "Dear {{ contact.name }}" })).toEqual({
      subject: "Hi",
      text: "Dear {{ contact.name }}",
    });
    expect(ownTextOf("sms", { text: "Code {{ event.code }}", subject: "ignored" })).toEqual({
      subject: "",
      text: "Code {{ event.code }}",
    });
    expect(ownTextOf("letter", null)).toEqual({ subject: "", text: "" });
  });

  it("writes them back and unsets what is emptied, leaving the rest of the config", () => {
    expect(
      withOwnText(
        "action.send_email",
        { subject: "Old", body: "Old" },
        { subject: "", text: "New" },
      ),
    ).toEqual({ subject: undefined, body: "New" });
    expect(
      withOwnText("action.create_letter", { print_queue: "print" }, { subject: "x", text: "Dear" }),
    ).toEqual({ print_queue: "print", body: "Dear" });
    expect(withOwnText("action.send_sms", {}, { subject: "", text: "Hi" })).toEqual({ text: "Hi" });
    const config = { job_type: "call" };
    expect(withOwnText("action.create_job", config, { subject: "", text: "x" })).toBe(config);
  });
});
