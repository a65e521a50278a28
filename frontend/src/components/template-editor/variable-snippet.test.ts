import { describe, expect, it } from "vitest";
import {
  groupOptions,
  labelOfPath,
  literal,
  type SnippetOptions,
  variableSnippet,
  withReportedNames,
} from "./variable-snippet";

describe("what the variable picker inserts", () => {
  it.each<[string, SnippetOptions, string]>([
    ["contact.first_name", {}, "{{ contact.first_name }}"],
    [
      "contact.first_name",
      { fallback: "there" },
      '{{ contact.first_name | default("there", true) }}',
    ],
    ["contact.first_name", { fallback: "  " }, "{{ contact.first_name }}"],
    ["event.total", { currency: "EUR" }, '{{ event.total | money("EUR") }}'],
    [
      "object.starts_at",
      { dateFormat: "%d %B %Y", fallback: "soon" },
      '{% if object.starts_at is defined and object.starts_at %}{{ object.starts_at | date("%d %B %Y") }}{% else %}soon{% endif %}',
    ],
    [
      "event.total",
      { currency: "GBP", fallback: "100% free" },
      '{% if event.total is defined and event.total %}{{ event.total | money("GBP") }}{% else %}{{ "100% free" }}{% endif %}',
    ],
    [
      "contact.first_name",
      { fallback: 'my "friend"' },
      '{{ contact.first_name | default("my \\"friend\\"", true) }}',
    ],
  ])("%s with %j", (path, options, snippet) => {
    expect(variableSnippet(path, options)).toBe(snippet);
  });

  it("quotes literals", () => {
    expect(literal('a\\b"c')).toBe('"a\\\\b\\"c"');
  });

  it("groups options and adds what the preview reports, named from the path", () => {
    const described = [
      { path: "contact.first_name", label: "First name", group: "Contact", kind: "text" as const },
    ];
    const all = withReportedNames(described, ["contact.first_name", "event.cart_total", "now"]);
    expect(all.map((o) => [o.path, o.label, o.group])).toEqual([
      ["contact.first_name", "First name", "Contact"],
      ["event.cart_total", "Cart total", "The event"],
    ]);
    expect(groupOptions(all).map((g) => g.group)).toEqual(["Contact", "The event"]);
    expect(labelOfPath("journey.ticket_id")).toBe("Ticket id");
  });
});
