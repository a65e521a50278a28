import { describe, expect, it } from "vitest";
import {
  CHANNEL_LABELS,
  CONSENT_CHANNELS,
  channelWord,
  MESSAGE_CHANNELS,
  messageCountsOf,
  TEMPLATE_CHANNELS,
  TEMPLATE_KIND_LABELS,
  templateChannelOfStep,
  templatePartsOf,
} from "./channels";

// What the SPA reads from schemas/channels.json (backend/app/engine/channels.py).
describe("the channel lists come from the backend's one table", () => {
  it("lists each kind of channel", () => {
    expect(CONSENT_CHANNELS).toEqual(["email", "sms", "letter", "phone"]);
    expect(MESSAGE_CHANNELS).toEqual(["email", "sms", "letter", "webhook"]);
    expect(TEMPLATE_CHANNELS).toEqual(["email", "sms", "letter"]);
    expect(CHANNEL_LABELS.sms).toBe("SMS");
    expect(TEMPLATE_KIND_LABELS.guidance).toBe("Job guidance");
  });

  it("says which parts a template of each kind has", () => {
    expect(templatePartsOf("email")).toEqual(["subject", "html", "text"]);
    expect(templatePartsOf("sms")).toEqual(["text"]);
    expect(templatePartsOf("layout")).toEqual(["html"]);
  });

  it("writes a channel inside a sentence", () => {
    expect(channelWord("email")).toBe("email");
    expect(channelWord("sms")).toBe("SMS");
    expect(channelWord("letter")).toBe("letter");
  });

  it("knows the channel each sending step uses", () => {
    expect(templateChannelOfStep("action.send_sms")).toBe("sms");
    expect(templateChannelOfStep("action.create_letter")).toBe("letter");
    // A webhook sends, but from no saved template.
    expect(templateChannelOfStep("action.webhook")).toBeNull();
    expect(templateChannelOfStep("flow.condition")).toBeNull();
  });

  it("counts opens and clicks only where they are tracked", () => {
    expect(messageCountsOf("action.send_email")).toEqual(["sent", "opened", "clicked", "failed"]);
    expect(messageCountsOf("action.send_sms")).toEqual(["sent", "failed"]);
    expect(messageCountsOf("action.webhook")).toEqual(["sent", "failed"]);
    expect(messageCountsOf("action.update_contact")).toBeNull();
  });
});
