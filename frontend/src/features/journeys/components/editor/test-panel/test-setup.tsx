import {
  Button,
  Group,
  JsonInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { api } from "@/lib/api-client";
import { useCan } from "@/lib/authorization";
import type { ContactPage } from "@/types/generated/contacts-api";
import { fieldCatalogQueryOptions, sampleEventQueryOptions } from "../../../api/journeys";
import { type MadeUpForm, madeUpSchema, toMadeUpContact } from "../../../model/test-run";
import { useEditorStore } from "../../../store/editor-store";
import { JsonForm } from "./json-form";
import { emptyStart, useTestStore } from "./test-store";

const CONTACT_UI = {
  "ui:order": ["name", "email", "phone", "consent", "*"],
  consent: { "ui:options": { label: true } },
  tags: { "ui:options": { orderable: false } },
};

/** Who the test is for (a real contact, or one made up) and the event that starts it. */
export function TestSetupForm() {
  const mode = useTestStore((s) => s.contactMode);
  const patch = useTestStore((s) => s.patch);
  const canSeeContacts = useCan(["contacts:read"]);
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        fullWidth
        value={mode}
        onChange={(value) => {
          const next = value as "made_up" | "existing";
          const { setup, madeUp, existingId } = useTestStore.getState();
          patch({
            contactMode: next,
            setup: {
              ...setup,
              contact:
                next === "made_up" || !existingId
                  ? toMadeUpContact(madeUp)
                  : { type: "existing", contact_id: existingId },
            },
          });
        }}
        data={[
          { value: "made_up", label: "Make one up" },
          { value: "existing", label: "A real contact", disabled: !canSeeContacts },
        ]}
        aria-label="Who the test is for"
      />
      {mode === "made_up" ? <MadeUpContactForm /> : <RealContactPicker />}
      <StartEventForm />
      <ForcedBranches />
    </Stack>
  );
}

function MadeUpContactForm() {
  const fields = useQuery(fieldCatalogQueryOptions);
  const schema = useMemo(() => madeUpSchema(fields.data), [fields.data]);
  const madeUp = useTestStore((s) => s.madeUp);
  const patch = useTestStore((s) => s.patch);
  return (
    <details data-testid="made-up-contact">
      <summary>
        <Text span size="sm" fw={600}>
          Made-up contact: {madeUp.name || "(no name)"}
          {madeUp.email ? ` · ${madeUp.email}` : ""}
        </Text>
      </summary>
      <JsonForm
        idPrefix="test-contact"
        schema={schema}
        uiSchema={CONTACT_UI}
        data={madeUp as Record<string, unknown>}
        onChange={(data) => {
          const form = data as MadeUpForm;
          const { setup } = useTestStore.getState();
          patch({ madeUp: form, setup: { ...setup, contact: toMadeUpContact(form) } });
        }}
      />
    </details>
  );
}

function RealContactPicker() {
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search, 300);
  const existingId = useTestStore((s) => s.existingId);
  const patch = useTestStore((s) => s.patch);
  const contacts = useQuery({
    queryKey: ["contacts", "list", "test-run-picker", query],
    queryFn: ({ signal }) =>
      api.get<ContactPage>("/api/v1/contacts", {
        signal,
        query: { q: query.trim() || null, page_size: 20 },
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      label="Contact"
      description="Their facts are read as the worker would; nothing about them changes."
      placeholder="Search by name or email"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={(contacts.data?.items ?? []).map((c) => ({
        value: c.id,
        label: c.email ? `${c.name || "(no name)"} · ${c.email}` : c.name || c.id,
      }))}
      value={existingId}
      onChange={(id) => {
        const { setup, madeUp } = useTestStore.getState();
        patch({
          existingId: id,
          setup: {
            ...setup,
            contact: id ? { type: "existing", contact_id: id } : toMadeUpContact(madeUp),
          },
        });
      }}
      nothingFoundMessage="No contact matches"
    />
  );
}

function StartEventForm() {
  const triggers = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => n.type.startsWith("trigger."))),
  );
  const start = useTestStore((s) => s.setup.start);
  const patch = useTestStore((s) => s.patch);
  const canReadEvents = useCan(["events:read"]);
  const queryClient = useQueryClient();
  const trigger = triggers.find((t) => t.id === start.trigger_node_id) ?? triggers[0];
  const triggerEvent =
    trigger?.type === "trigger.event"
      ? ((trigger.data.config as { event_name?: string }).event_name ?? "")
      : "";
  const [text, setText] = useState(() => JSON.stringify(start.properties, null, 2));
  const [textError, setTextError] = useState<string | null>(null);
  const setStart = (next: Partial<typeof start>) => {
    const { setup } = useTestStore.getState();
    patch({ setup: { ...setup, start: { ...(setup.start ?? emptyStart()), ...next } } });
  };
  const eventName = start.event_name ?? triggerEvent;
  const [loading, setLoading] = useState(false);
  const useRecent = async () => {
    setLoading(true);
    try {
      const found = await queryClient.fetchQuery(sampleEventQueryOptions(eventName, null));
      setText(JSON.stringify(found, null, 2));
      setTextError(Object.keys(found).length ? null : `No “${eventName}” event was seen yet.`);
      setStart({ properties: found });
    } finally {
      setLoading(false);
    }
  };
  return (
    <Stack gap="xs">
      {triggers.length > 1 && (
        <Select
          label="Start at"
          data={triggers.map((t) => ({ value: t.id, label: t.data.label || t.id }))}
          value={trigger?.id ?? null}
          onChange={(id) => setStart({ trigger_node_id: id })}
          allowDeselect={false}
        />
      )}
      <TextInput
        label="Starting event"
        description={triggerEvent ? `The trigger listens for “${triggerEvent}”.` : undefined}
        value={eventName}
        onChange={(e) => setStart({ event_name: e.currentTarget.value || null })}
      />
      <JsonInput
        label="Its properties (JSON)"
        value={text}
        autosize
        minRows={2}
        maxRows={8}
        error={textError}
        onChange={(value) => {
          setText(value);
          try {
            const parsed: unknown = value.trim() ? JSON.parse(value) : {};
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
              throw new Error('Write an object: { "name": value, … }');
            setTextError(null);
            setStart({ properties: parsed as Record<string, unknown> });
          } catch (error) {
            setTextError(error instanceof Error ? error.message : String(error));
          }
        }}
      />
      {canReadEvents && eventName && (
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={useRecent} loading={loading}>
            Use the newest “{eventName}” event
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface Branch {
  id: string;
  label?: string;
}

/** Random splits on the canvas: let them choose as live, or force a branch. */
function ForcedBranches() {
  const splits = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => n.type === "flow.random_split")),
  );
  const forced = useTestStore((s) => s.setup.forced);
  const patch = useTestStore((s) => s.patch);
  if (splits.length === 0) return null;
  return (
    <Stack gap="xs">
      {splits.map((split) => {
        const branches = ((split.data.config as { branches?: Branch[] }).branches ?? []).map(
          (b) => ({ value: b.id, label: b.label || b.id }),
        );
        return (
          <Select
            key={split.id}
            label={`${split.data.label || split.id}: branch`}
            data={[{ value: "", label: "As live (the contact's own branch)" }, ...branches]}
            value={forced[split.id] ?? ""}
            allowDeselect={false}
            onChange={(value) => {
              const { setup } = useTestStore.getState();
              const next = { ...setup.forced };
              if (value) next[split.id] = value;
              else delete next[split.id];
              patch({ setup: { ...setup, forced: next } });
            }}
          />
        );
      })}
    </Stack>
  );
}
