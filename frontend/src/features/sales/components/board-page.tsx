import {
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { type DragEvent, useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { PageLoader } from "@/components/page-loader/page-loader";
import { salesProjectSettingsPath } from "@/config/paths";
import { notifyError } from "@/lib/notify";
import { cardsQueryOptions, projectQueryOptions, useMoveCard } from "../api/projects";
import { type BoardColumn, boardColumns, cardState, type Grouping } from "../model/board";
import type { CardView, ProjectDetail } from "../types";
import { CardPanel } from "./card-panel";

const CARD_MIME = "application/x-waymark-card";

/** A project's board: its cards by bucket or by stage, "my cards", search, a card panel. */
export function BoardPage() {
  const { id = "" } = useParams();
  const project = useQuery(projectQueryOptions(id));
  useDocumentTitle(`${project.data?.name ?? "Project"} · Waymark`);
  if (project.isPending) return <PageLoader />;
  if (project.error) return <LoadError error={project.error} what="the project" />;
  return <Board project={project.data} />;
}

function Board({ project }: { project: ProjectDetail }) {
  const [grouping, setGrouping] = useState<Grouping>("bucket");
  const [mine, setMine] = useState(false);
  const [todo, setTodo] = useState(false);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [opened, setOpened] = useState<string | null>(null);
  const cards = useQuery(
    cardsQueryOptions(project.id, {
      holder: mine ? "me" : undefined,
      q: q || undefined,
      processed: todo ? false : undefined,
    }),
  );
  const columns = useMemo(
    () => boardColumns(project, cards.data?.items ?? [], grouping),
    [project, cards.data, grouping],
  );
  const move = useMoveCard();

  const drop = (column: BoardColumn, cardId: string) => {
    move.mutate({ cardId, ...column.target }, { onError: (error) => notifyError(error) });
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title={project.name}
        description={project.description || `${project.cards} cards`}
        actions={
          project.can_manage && (
            <Button component={Link} to={salesProjectSettingsPath(project.id)} variant="default">
              Project settings
            </Button>
          )
        }
      />
      <Group gap="md" align="flex-end">
        <SegmentedControl
          aria-label="Group cards"
          value={grouping}
          onChange={(value) => setGrouping(value as Grouping)}
          data={[
            { value: "bucket", label: "By bucket" },
            { value: "stage", label: "By stage" },
          ]}
        />
        <Switch
          label="My cards"
          checked={mine}
          onChange={(event) => setMine(event.currentTarget.checked)}
        />
        <Switch
          label="Not processed"
          checked={todo}
          onChange={(event) => setTodo(event.currentTarget.checked)}
        />
        <TextInput
          aria-label="Search cards"
          placeholder="Search name, email or phone"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={260}
        />
        {cards.data && (
          <Text size="sm" c="dimmed">
            {cards.data.total === 1 ? "1 card" : `${cards.data.total} cards`}
          </Text>
        )}
      </Group>
      {cards.error && <LoadError error={cards.error} what="the cards" />}
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="flex-start" wrap="nowrap" gap="md">
          {columns.map((column) => (
            <Column key={column.key} column={column} onDrop={drop} onOpen={setOpened} />
          ))}
        </Group>
      </ScrollArea>
      <CardPanel project={project} cardId={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

function Column({
  column,
  onDrop,
  onOpen,
}: {
  column: BoardColumn;
  onDrop: (column: BoardColumn, cardId: string) => void;
  onOpen: (cardId: string) => void;
}) {
  const [over, setOver] = useState(false);
  const accept = (event: DragEvent) => {
    if (event.dataTransfer.types.includes(CARD_MIME)) {
      event.preventDefault();
      setOver(true);
    }
  };
  return (
    <Paper
      component="section"
      aria-label={column.title}
      withBorder
      p="sm"
      w={280}
      miw={280}
      bg={over ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-0)"}
      onDragOver={accept}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        setOver(false);
        const cardId = event.dataTransfer.getData(CARD_MIME);
        if (cardId) onDrop(column, cardId);
      }}
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {column.title}
        </Title>
        <Badge variant="light" radius="sm">
          {column.cards.length}
        </Badge>
      </Group>
      <Stack gap="xs">
        {column.cards.map((card) => (
          <CardTile key={card.id} card={card} onOpen={onOpen} />
        ))}
        {column.cards.length === 0 && (
          <Text size="sm" c="dimmed">
            No cards.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function CardTile({ card, onOpen }: { card: CardView; onOpen: (cardId: string) => void }) {
  return (
    <Paper
      withBorder
      p="xs"
      draggable
      onDragStart={(event) => event.dataTransfer.setData(CARD_MIME, card.id)}
    >
      <UnstyledButton
        onClick={() => onOpen(card.id)}
        w="100%"
        aria-label={`Open ${card.contact.name || card.contact.email || "card"}`}
      >
        <Text fw={600} size="sm">
          {card.contact.name || card.contact.email || "Unnamed contact"}
        </Text>
        {card.contact.email && (
          <Text size="xs" c="dimmed">
            {card.contact.email}
          </Text>
        )}
        <Badge
          mt={4}
          size="sm"
          radius="sm"
          variant="light"
          color={card.processed ? (card.last_outcome_booking ? "green" : "blue") : "gray"}
          tt="none"
        >
          {cardState(card)}
        </Badge>
      </UnstyledButton>
    </Paper>
  );
}
