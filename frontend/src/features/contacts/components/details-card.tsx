import {
  ActionIcon,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { useUpdateContact } from "../api/contacts";
import { changesFrom, type DetailsForm, formFrom } from "../model/details";
import type { Contact } from "../types";

const FIELDS = ["name", "email", "phone", "external_id", "timezone", "locale", "birthday"] as const;
// The browser knows the IANA zones; offered as suggestions, the server validates.
const ZONES: string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

export function DetailsCard({ contact, canEdit }: { contact: Contact; canEdit: boolean }) {
  const [form, setForm] = useState<DetailsForm>(() => formFrom(contact));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useUpdateContact(contact.id);
  const changes = changesFrom(contact, form);
  const dirty = Object.keys(changes).length > 0;
  const field = (name: (typeof FIELDS)[number]) => ({
    value: form[name],
    error: errors[name],
    readOnly: !canEdit,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setForm({ ...form, [name]: e.currentTarget.value }),
  });
  const setAttribute = (index: number, part: "key" | "value", value: string) =>
    setForm({
      ...form,
      attributes: form.attributes.map((row, i) => (i === index ? { ...row, [part]: value } : row)),
    });

  const save = () =>
    update.mutate(changes, {
      onSuccess: (saved) => {
        setErrors({});
        setForm(formFrom(saved));
        notifySuccess("Details saved.");
      },
      onError: (error) => {
        const found = fieldErrorsOf(error, [...FIELDS, "attributes"]);
        setErrors(found);
        if (Object.keys(found).length === 0) notifyError(error, "Could not save the details");
      },
    });

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="details-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="details-title">
            Details
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label="Name" {...field("name")} />
            <TextInput label="Email" type="email" {...field("email")} />
            <TextInput label="Phone" {...field("phone")} />
            <TextInput label="External id" {...field("external_id")} />
            <TextInput
              label="Time zone"
              placeholder="Europe/London"
              list="contact-time-zones"
              {...field("timezone")}
            />
            <TextInput label="Locale" placeholder="en-GB" {...field("locale")} />
            <TextInput label="Birthday" type="date" {...field("birthday")} />
          </SimpleGrid>
          <datalist id="contact-time-zones">
            {ZONES.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <Title order={3} size="h6">
            Custom attributes
          </Title>
          {form.attributes.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id while being typed
            <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                aria-label={`Attribute ${index + 1} name`}
                placeholder="name"
                value={row.key}
                readOnly={!canEdit}
                onChange={(e) => setAttribute(index, "key", e.currentTarget.value)}
                w={160}
              />
              <TextInput
                aria-label={`Attribute ${index + 1} value`}
                placeholder="value"
                value={row.value}
                readOnly={!canEdit}
                onChange={(e) => setAttribute(index, "value", e.currentTarget.value)}
                style={{ flex: 1 }}
              />
              {canEdit && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove attribute ${row.key || index + 1}`}
                  onClick={() =>
                    setForm({ ...form, attributes: form.attributes.filter((_, i) => i !== index) })
                  }
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
          {errors.attributes && (
            <TextInput readOnly aria-label="Attributes problem" error={errors.attributes} />
          )}
          {canEdit && (
            <Group justify="space-between">
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() =>
                  setForm({ ...form, attributes: [...form.attributes, { key: "", value: "" }] })
                }
              >
                + Attribute
              </Button>
              <Group gap="xs">
                <Button
                  variant="default"
                  disabled={!dirty}
                  onClick={() => {
                    setForm(formFrom(contact));
                    setErrors({});
                  }}
                >
                  Discard
                </Button>
                <Button type="submit" disabled={!dirty} loading={update.isPending}>
                  Save details
                </Button>
              </Group>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
