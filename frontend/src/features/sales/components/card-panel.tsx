import {
  Alert,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { LoadError } from "@/components/load-error/load-error";
import { PageLoader } from "@/components/page-loader/page-loader";
import { formatDateTime } from "@/lib/format";
import { notifyError, notifySuccess } from "@/lib/notify";
import { cardQueryOptions, peopleQueryOptions, useMoveCard, useSetOutcome } from "../api/projects";
import { cardState } from "../model/board";
import type { CardDetail, ProjectDetail } from "../types";

interface CardPanelProps {
  project: ProjectDetail;
  cardId: string | null;
  onClose: () => void;
}

/** The card panel: the contact's key facts, outcome buttons (a booking takes a resource
 * and a time), where the card is, and the history of outcomes and process moves. */
export function CardPanel({ project, cardId, onClose }: CardPanelProps) {
  return (
    <Drawer
      opened={cardId !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title="Customer card"
    >
      {cardId && <PanelBody key={cardId} project={project} cardId={cardId} />}
    </Drawer>
  );
}

function PanelBody({ project, cardId }: { project: ProjectDetail; cardId: string }) {
  const detail = useQuery(cardQueryOptions(cardId));
  if (detail.isPending) return <PageLoader />;
  if (detail.error) return <LoadError error={detail.error} what="the card" />;
  const { card, contact } = detail.data;
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Title order={2} size="h3">
          {contact.name || contact.email || "Unnamed contact"}
        </Title>
        <Text size="sm" c="dimmed">
          {[contact.email, contact.phone].filter(Boolean).join(" · ") || "No email or phone"}
        </Text>
        <Group gap={4}>
          {contact.tags.map((tag) => (
            <Badge key={tag} variant="light" radius="sm" tt="none">
              {tag}
            </Badge>
          ))}
          <Text size="xs" c="dimmed">
            Score {contact.score}
          </Text>
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            Outcome:
          </Text>{" "}
          {cardState(card)}
        </Text>
      </Stack>
      <OutcomeButtons project={project} detail={detail.data} />
      <Divider />
      <Placement project={project} detail={detail.data} />
      <Divider />
      <History detail={detail.data} />
    </Stack>
  );
}

function OutcomeButtons({ project, detail }: { project: ProjectDetail; detail: CardDetail }) {
  const setOutcome = useSetOutcome();
  const [booking, setBooking] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const choose = (outcomeId: string, extra: { booking?: { user_id: string; at: string } }) =>
    setOutcome.mutate(
      { cardId: detail.card.id, outcome_id: outcomeId, note, ...extra },
      {
        onSuccess: (card) => {
          notifySuccess(`Outcome set: ${card.last_outcome}`);
          setBooking(null);
          setNote("");
        },
        onError: (error) => notifyError(error, "The outcome was not set"),
      },
    );
  const bookingOutcome = project.outcomes.find((o) => o.id === booking);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        Set the outcome
      </Text>
      <Group gap="xs">
        {project.outcomes.map((outcome) => (
          <Button
            key={outcome.id}
            size="xs"
            variant={outcome.is_booking ? "filled" : "light"}
            loading={setOutcome.isPending && setOutcome.variables?.outcome_id === outcome.id}
            onClick={() => (outcome.is_booking ? setBooking(outcome.id) : choose(outcome.id, {}))}
          >
            {outcome.name}
          </Button>
        ))}
      </Group>
      <Textarea
        label="Note (optional)"
        autosize
        minRows={1}
        maxLength={4000}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
      />
      {bookingOutcome && (
        <BookingForm
          outcomeName={bookingOutcome.name}
          pending={setOutcome.isPending}
          onCancel={() => setBooking(null)}
          onBook={(user_id, at) =>
            choose(bookingOutcome.id, at && user_id ? { booking: { user_id, at } } : {})
          }
        />
      )}
    </Stack>
  );
}

function BookingForm({
  outcomeName,
  pending,
  onCancel,
  onBook,
}: {
  outcomeName: string;
  pending: boolean;
  onCancel: () => void;
  onBook: (userId: string | null, at: string | null) => void;
}) {
  const people = useQuery(peopleQueryOptions);
  const [resource, setResource] = useState<string | null>(null);
  const [when, setWhen] = useState("");
  const whenIso = when ? new Date(when).toISOString() : null;
  return (
    <Alert variant="light" title={`${outcomeName}: book a resource`}>
      <Stack gap="xs">
        <Select
          label="Resource (a user)"
          placeholder="Nobody booked"
          searchable
          clearable
          data={(people.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))}
          value={resource}
          onChange={setResource}
        />
        <TextInput
          type="datetime-local"
          label="When"
          value={when}
          onChange={(event) => setWhen(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" size="xs" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            size="xs"
            loading={pending}
            disabled={Boolean(resource) !== Boolean(whenIso)}
            onClick={() => onBook(resource, whenIso)}
          >
            Save {outcomeName}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function Placement({ project, detail }: { project: ProjectDetail; detail: CardDetail }) {
  const move = useMoveCard();
  const { card } = detail;
  const place = card.holder_id
    ? `holder:${card.holder_id}`
    : card.bucket_id
      ? `bucket:${card.bucket_id}`
      : "none";
  const places = [
    { value: "none", label: "Not in a bucket" },
    ...project.buckets.map((b) => ({ value: `bucket:${b.id}`, label: `Bucket: ${b.name}` })),
    ...project.members.map((m) => ({ value: `holder:${m.id}`, label: `Held by ${m.name}` })),
  ];
  const onError = (error: unknown) => notifyError(error, "The card was not moved");
  return (
    <Group grow align="flex-end">
      <Select
        label="Bucket or holder"
        data={places}
        value={place}
        allowDeselect={false}
        onChange={(value) => {
          if (!value || value === place) return;
          const [kind, id] = value.split(":");
          move.mutate(
            kind === "holder"
              ? { cardId: card.id, holder_id: id ?? null, bucket_id: null }
              : { cardId: card.id, bucket_id: id ?? null, holder_id: null },
            { onError },
          );
        }}
      />
      <Select
        label="Funnel stage"
        placeholder="No stage"
        clearable
        data={project.stages.map((s) => ({ value: s.id, label: s.name }))}
        value={card.stage_id}
        onChange={(value) => move.mutate({ cardId: card.id, stage_id: value }, { onError })}
      />
    </Group>
  );
}

function History({ detail }: { detail: CardDetail }) {
  if (detail.history.length === 0 && detail.moves.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No outcomes yet.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        History
      </Text>
      <Timeline bulletSize={12} lineWidth={2}>
        {detail.history.map((entry) => (
          <Timeline.Item key={`o${entry.id}`} title={`${entry.outcome} · ${entry.project.name}`}>
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.at)}
              {entry.user ? ` · ${entry.user.name}` : ""}
              {entry.booking_user
                ? ` · booked ${entry.booking_user.name}${entry.booking_at ? ` for ${formatDateTime(entry.booking_at)}` : ""}`
                : ""}
            </Text>
            {entry.note && <Text size="sm">{entry.note}</Text>}
          </Timeline.Item>
        ))}
        {detail.moves.map((move) => (
          <Timeline.Item
            key={`m${move.id}`}
            title={`Moved by “${move.process.name}”: ${move.from_project.name} → ${move.to_project.name}`}
          >
            <Text size="xs" c="dimmed">
              {formatDateTime(move.at)} · {move.detail}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
