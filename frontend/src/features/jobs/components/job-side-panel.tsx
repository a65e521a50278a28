import { Anchor, Badge, Box, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { contactPath, journeyPath } from "@/config/paths";
import { formatDateTime } from "@/lib/format";
import type { Job, RelatedRef } from "../types";
import { humanize } from "./labels";

function formatAmount(amount: number, currency: string | null | undefined): string {
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
  }
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(amount);
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" span>
      {label}{" "}
      <Text span size="xs" c="var(--mantine-color-text)">
        {children}
      </Text>
    </Text>
  );
}

/** Name (a link to the contact page for those who may open it), email, phone, tags, score. */
function ContactFactsView({ job, canOpen }: { job: Job; canOpen: boolean }) {
  const contact = job.contact;
  if (!contact) return null;
  const facts = job.contact_facts;
  return (
    <Stack gap={2} aria-label={`Contact ${contact.name}`} role="group">
      <Text size="sm" fw={600}>
        {canOpen ? (
          <Anchor component={Link} to={contactPath(contact.id)}>
            {contact.name}
          </Anchor>
        ) : (
          contact.name
        )}
      </Text>
      {facts && (
        <>
          {facts.email && (
            <Text size="xs">
              <Anchor href={`mailto:${facts.email}`} size="xs">
                {facts.email}
              </Anchor>
            </Text>
          )}
          {facts.phone && (
            <Text size="xs">
              <Anchor href={`tel:${facts.phone}`} size="xs">
                {facts.phone}
              </Anchor>
            </Text>
          )}
          <Group gap={6}>
            <Fact label="Score">{facts.score}</Fact>
            {facts.tags.map((tag) => (
              <Badge key={tag} size="xs" variant="light" color="gray" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}

/** Kind, reference, status, amount, dates and a few data fields of a related object. */
function ObjectFactsView({
  reference,
  contactId,
  canOpen,
}: {
  reference: RelatedRef;
  contactId: string | null;
  canOpen: boolean;
}) {
  const facts = reference.object;
  const name = facts?.reference ?? reference.id;
  return (
    <Stack gap={2} role="group" aria-label={`${humanize(reference.type)} ${name}`}>
      <Group gap={6}>
        <Text size="sm" ff="monospace" fw={600}>
          {canOpen && contactId && facts ? (
            <Anchor component={Link} to={contactPath(contactId)}>
              {name}
            </Anchor>
          ) : (
            name
          )}
        </Text>
        {facts && (
          <Badge size="sm" variant="light" radius="sm" tt="none">
            {humanize(facts.status)}
          </Badge>
        )}
      </Group>
      {facts ? (
        <Stack gap={0}>
          {facts.amount !== null && facts.amount !== undefined && (
            <Fact label="Amount">{formatAmount(facts.amount, facts.currency)}</Fact>
          )}
          {facts.starts_at && <Fact label="Starts">{formatDateTime(facts.starts_at)}</Fact>}
          {facts.due_at && <Fact label="Due">{formatDateTime(facts.due_at)}</Fact>}
          <Fact label="Created">{formatDateTime(facts.created_at)}</Fact>
          {Object.entries(facts.fields).map(([key, value]) => (
            <Fact key={key} label={humanize(key)}>
              {String(value)}
            </Fact>
          ))}
        </Stack>
      ) : (
        <Text size="xs" c="dimmed">
          Not found among the contact's records.
        </Text>
      )}
    </Stack>
  );
}

/** The contact and the objects the job is about, with what is known about each at a glance. */
export function JobRelated({ job, canOpenContacts }: { job: Job; canOpenContacts: boolean }) {
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="job-related-title"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="job-related-title">
          About
        </Title>
        <Stack component="dl" gap={8} m={0}>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Contact
            </Text>
            <Box component="dd" m={0}>
              {job.contact ? (
                <ContactFactsView job={job} canOpen={canOpenContacts} />
              ) : (
                <Text size="sm">None</Text>
              )}
            </Box>
          </div>
          {job.related.map((ref) => (
            <div key={`${ref.type}:${ref.id}`}>
              <Text component="dt" size="xs" c="dimmed">
                {humanize(ref.type)}
              </Text>
              <Box component="dd" m={0}>
                <ObjectFactsView
                  reference={ref}
                  contactId={job.contact?.id ?? null}
                  canOpen={canOpenContacts}
                />
              </Box>
            </div>
          ))}
          {job.journey && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Journey
              </Text>
              <Text component="dd" size="sm" m={0}>
                <Anchor component={Link} to={journeyPath(job.journey.journey_id)}>
                  {job.journey.journey_name}
                </Anchor>
              </Text>
            </div>
          )}
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Type · queue
            </Text>
            <Text component="dd" size="sm" m={0}>
              {job.type.label} · {humanize(job.queue)}
            </Text>
          </div>
          <div>
            <Text component="dt" size="xs" c="dimmed">
              Created · claimed
            </Text>
            <Text component="dd" size="sm" m={0}>
              {formatDateTime(job.created_at)} · {formatDateTime(job.claimed_at, "not yet")}
            </Text>
          </div>
          {job.completed_at && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Completed
              </Text>
              <Group component="dd" gap={6} m={0}>
                <Text size="sm">{formatDateTime(job.completed_at)}</Text>
                {job.outcome && (
                  <Badge color="green" variant="light" radius="sm" tt="none">
                    {humanize(job.outcome)}
                  </Badge>
                )}
              </Group>
            </div>
          )}
          {job.cancel_reason && (
            <div>
              <Text component="dt" size="xs" c="dimmed">
                Cancelled because
              </Text>
              <Text component="dd" size="sm" m={0}>
                {job.cancel_reason}
              </Text>
            </div>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
