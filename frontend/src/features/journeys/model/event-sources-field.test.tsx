import type { IChangeEvent } from "@rjsf/core";
import Form from "@rjsf/mantine";
import { customizeValidator } from "@rjsf/validator-ajv8";
import { fireEvent, screen } from "@testing-library/react";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/testing/render";
import { configSchema, configUiSchema } from "./node-schemas";

const validator = customizeValidator({ AjvClass: Ajv2020 as never });

describe("the event trigger's source filter", () => {
  it("is a set of labelled checkboxes whose choice is the list of sources", () => {
    const ui = configUiSchema("trigger.event");
    expect(ui.sources).toMatchObject({ "ui:widget": "checkboxes" });
    let changed: unknown;
    renderWithProviders(
      <Form
        schema={configSchema("trigger.event")}
        // Only the field under test: the event name's picker needs the editor's catalog.
        uiSchema={{ sources: ui.sources, filter: { "ui:widget": "hidden" } }}
        formData={{ event_name: "order.placed", sources: [] }}
        validator={validator}
        onChange={(event: IChangeEvent) => {
          changed = event.formData;
        }}
      />,
    );
    expect(screen.getByText("Only from")).toBeVisible();
    const website = screen.getByRole("checkbox", { name: "Website (track.js)" });
    expect(screen.getByRole("checkbox", { name: "API (your servers)" })).not.toBeChecked();
    fireEvent.click(website);
    expect(changed).toMatchObject({ event_name: "order.placed", sources: ["track"] });
  });
});
