import {
  Alert,
  Button,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { CONSENT_CHANNELS, channelOf } from "@/lib/channels";
import { fieldErrorsOf } from "@/lib/field-errors";
import { notifyError, notifySuccess } from "@/lib/notify";
import { profileQueryOptions, useUpdateConsent, useUpdateProfile } from "../api/portal-api";
import type { PortalProfile } from "../types";

// Each consent channel in the customer's words, from the channel table (lib/channels).
const CHANNELS = CONSENT_CHANNELS.map((channel) => {
  const { consent_label: label, consent_description: description } = channelOf(channel);
  return { channel, label, description };
});

const FIELDS = ["name", "phone", "timezone", "locale"] as const;

function toForm(profile: PortalProfile) {
  return {
    name: profile.name,
    phone: profile.phone ?? "",
    timezone: profile.timezone ?? "",
    locale: profile.locale ?? "",
  };
}

export function ProfilePage() {
  useDocumentTitle("My details · Customer portal");
  const { data: profile, error, isPending } = useQuery(profileQueryOptions);
  const update = useUpdateProfile();
  const consent = useUpdateConsent();
  const form = useForm({
    initialValues: { name: "", phone: "", timezone: "", locale: "" },
    validate: { name: (value) => (value.trim() ? null : "Enter your name.") },
  });
  const { setValues, resetDirty } = form;

  useEffect(() => {
    if (profile) {
      setValues(toForm(profile));
      resetDirty(toForm(profile));
    }
  }, [profile, setValues, resetDirty]);

  const submit = form.onSubmit((values) =>
    update.mutate(
      {
        name: values.name.trim(),
        phone: values.phone.trim() || null,
        timezone: values.timezone.trim() || null,
        locale: values.locale.trim() || null,
      },
      {
        onSuccess: () => notifySuccess("Your details are saved."),
        onError: (e) => form.setErrors(fieldErrorsOf(e, FIELDS)),
      },
    ),
  );

  return (
    <Stack gap="lg">
      <PageHeader title="My details" description="Keep your details and choices up to date." />
      <LoadError what="your details" error={error} />
      {isPending && <Skeleton height={240} />}
      {profile && (
        <>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="details">
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <Title order={2} size="h4" id="details">
                  Your details
                </Title>
                {update.error && (
                  <Alert color="red" variant="light" title="Could not save">
                    {update.error.message}
                  </Alert>
                )}
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Name" required {...form.getInputProps("name")} />
                  <TextInput
                    label="Email"
                    value={profile.email ?? ""}
                    readOnly
                    description="Ask us to change the address you sign in with."
                  />
                  <TextInput label="Phone" type="tel" {...form.getInputProps("phone")} />
                  <TextInput
                    label="Time zone"
                    placeholder="Europe/London"
                    {...form.getInputProps("timezone")}
                  />
                  <TextInput
                    label="Language"
                    placeholder="en-GB"
                    {...form.getInputProps("locale")}
                  />
                </SimpleGrid>
                <Group justify="flex-end">
                  <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
                    Save details
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="prefs">
            <Stack gap="md">
              <Stack gap={2}>
                <Title order={2} size="h4" id="prefs">
                  How we may contact you
                </Title>
                <Text size="sm" c="dimmed">
                  Messages about your orders and requests always reach you.
                </Text>
              </Stack>
              {CHANNELS.map(({ channel, label, description }) => {
                const current = profile.consent.find((c) => c.channel === channel);
                return (
                  <Switch
                    key={channel}
                    label={label}
                    description={description}
                    checked={current?.allowed ?? false}
                    disabled={consent.isPending}
                    onChange={(event) =>
                      consent.mutate(
                        {
                          channel,
                          status: event.currentTarget.checked ? "opted_in" : "opted_out",
                        },
                        { onError: (e) => notifyError(e, "Could not change that") },
                      )
                    }
                  />
                );
              })}
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
