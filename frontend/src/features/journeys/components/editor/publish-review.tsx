import { Alert, Button, Group, List, Loader, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { describeCondition } from "@/components/condition-builder/describe";
import { notifySuccess } from "@/lib/notify";
import type { JourneyDefinition, JourneyNode } from "@/types/generated/journey";
import type { PublishReview as Review } from "@/types/generated/journeys-api";
import { journeyApi, journeyReviewQueryOptions } from "../../api/journeys";
import { KINDS } from "../../model/node-kinds";
import { summarize } from "../../model/summary";
import type { Problem } from "../../types";
import { reentryWords } from "./journey-settings";

const MESSAGE_KINDS = new Set(["action.send_email", "action.send_sms", "action.create_letter"]);

function nodeName(node: JourneyNode): string {
  return node.label || KINDS[node.kind]?.label || node.kind;
}

/** A trigger with its filter, in words: "Cart abandoned, when the event's total is more than 50". */
function triggerWords(node: JourneyNode): string {
  const filter = (node.config as { filter?: Parameters<typeof describeCondition>[0] } | undefined)
    ?.filter;
  const base = `${KINDS[node.kind]?.label ?? node.kind}: ${summarize(node)}`;
  return filter?.rules?.length ? `${base}, when ${describeCondition(filter)}` : base;
}

/** One message step: what it sends, in a line. */
function messageWords(node: JourneyNode): string {
  const kind = KINDS[node.kind]?.label ?? node.kind;
  return `${nodeName(node)} (${kind.toLowerCase()}): ${summarize(node)}`;
}

/**
 * What publishing does, before it is done: who enters (the trigger and its filter in
 * words, about how many a week from past events), re-entry and leaving early, every
 * message and job, open warnings, and the contacts already running.
 */
export function PublishReview({
  journeyId,
  definition,
  problems,
  publishedVersion,
}: {
  journeyId: string;
  definition: JourneyDefinition;
  problems: readonly Problem[];
  publishedVersion: number | null;
}) {
  const review = useQuery(journeyReviewQueryOptions(journeyId));
  const nodes = definition.nodes ?? [];
  const triggers = nodes.filter((n) => KINDS[n.kind]?.group === "trigger");
  const messages = nodes.filter((n) => MESSAGE_KINDS.has(n.kind));
  const jobs = nodes.filter((n) => n.kind === "action.create_job");
  const warnings = problems.filter((p) => p.severity === "warning");
  const exits = definition.settings?.exit_criteria;
  const leaves = [
    ...(exits?.goal_events ?? []).map((e) => `“${e}” happens`),
    ...(exits?.condition?.rules?.length ? [describeCondition(exits.condition)] : []),
  ];
  return (
    <Stack gap="sm" aria-label="Publish review" component="section">
      <Section title="Who enters">
        <List size="sm">
          {triggers.map((t) => (
            <List.Item key={t.id}>
              {triggerWords(t)}
              <Estimate review={review.data} nodeId={t.id} loading={review.isPending} />
            </List.Item>
          ))}
        </List>
        <Text size="sm">{reentryWords(definition.settings?.reentry)}</Text>
        {leaves.length > 0 && (
          <Text size="sm">A contact leaves early when {leaves.join(" or ")}.</Text>
        )}
      </Section>
      <Section title={`Messages it sends (${messages.length})`}>
        {messages.length === 0 ? (
          <Text size="sm" c="dimmed">
            None.
          </Text>
        ) : (
          <List size="sm" aria-label="Messages it sends">
            {messages.map((m) => (
              <List.Item key={m.id}>
                <Group gap="xs" wrap="nowrap">
                  <span>{messageWords(m)}</span>
                  {m.kind === "action.send_email" && (
                    <TestSend journeyId={journeyId} nodeId={m.id} name={nodeName(m)} />
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Section>
      {jobs.length > 0 && (
        <Section title={`Jobs it creates (${jobs.length})`}>
          <List size="sm" aria-label="Jobs it creates">
            {jobs.map((j) => (
              <List.Item key={j.id}>
                {nodeName(j)}: {summarize(j)}
              </List.Item>
            ))}
          </List>
        </Section>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={`Open warnings (${warnings.length})`}>
          <List size="sm">
            {warnings.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id
              <List.Item key={i}>{w.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {publishedVersion !== null && <Running review={review.data} next={publishedVersion + 1} />}
    </Stack>
  );
}

/** "Send me a test": the step's email (as saved) to the one asking, marked [Test]. */
function TestSend({
  journeyId,
  nodeId,
  name,
}: {
  journeyId: string;
  nodeId: string;
  name: string;
}) {
  const send = useMutation({
    mutationFn: () => journeyApi.testSend(journeyId, { node_id: nodeId }),
    onSuccess: (result) =>
      notifySuccess(
        `“${name}” is on its way to ${result.to}, written for ${result.contact_name}.`,
        "Test email sent",
      ),
  });
  return (
    <Stack gap={2}>
      <Button
        size="compact-xs"
        variant="light"
        loading={send.isPending}
        onClick={() => send.mutate()}
        aria-label={`Send me a test of “${name}”`}
      >
        Send me a test
      </Button>
      {send.isError && (
        <Text size="xs" c="red.8" role="alert">
          {send.error instanceof Error ? send.error.message : String(send.error)}
        </Text>
      )}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="sm">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Estimate({
  review,
  nodeId,
  loading,
}: {
  review: Review | undefined;
  nodeId: string;
  loading: boolean;
}) {
  if (loading) return <Loader size="xs" ml="xs" />;
  const entry = review?.entries.find((e) => e.node_id === nodeId);
  if (!entry) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="entry-estimate">
      {entry.words}
    </Text>
  );
}

function Running({ review, next }: { review: Review | undefined; next: number }) {
  if (!review) return null;
  const total = review.running.reduce((sum, r) => sum + r.contacts, 0);
  return (
    <Section title="Contacts already in the journey">
      <Text size="sm" data-testid="running-contacts">
        {total === 0
          ? `Nobody is in the journey now; new contacts enter version ${next}.`
          : `${total} contact${total === 1 ? " is" : "s are"} in the journey now (${review.running
              .map((r) => `${r.contacts} on version ${r.version}`)
              .join(
                ", ",
              )}): they finish on the version they entered with; new contacts enter version ${next}.`}
      </Text>
    </Section>
  );
}
