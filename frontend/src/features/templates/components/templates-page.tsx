import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { PlusIcon, SearchIcon } from "@/components/icons/icons";
import { LoadError } from "@/components/load-error/load-error";
import { PageHeader } from "@/components/page-header/page-header";
import { TableScroll } from "@/components/table-scroll/table-scroll";
import { paths, templatePath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { formatDateTime } from "@/lib/format";
import { templatesQueryOptions } from "@/lib/templates/api";
import { KIND_LABELS, type TemplateKind } from "@/lib/templates/types";

const FILTERS = [
  { value: "all", label: "All" },
  ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
];

export function TemplatesPage() {
  useDocumentTitle("Templates · Waymark");
  const templates = useQuery(templatesQueryOptions());
  const canWrite = useCan(["journeys:write"]);
  const [kind, setKind] = useState<string>("all");
  const [search, setSearch] = useState("");
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (templates.data ?? []).filter(
      (t) =>
        (kind === "all" || t.channel === kind) &&
        (!needle || t.name.includes(needle) || t.label.toLowerCase().includes(needle)),
    );
  }, [templates.data, kind, search]);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Templates"
        description="Emails, text messages, letters, job guidance and the layouts they share. Journey steps use them by name."
        actions={
          canWrite && (
            <Button component={Link} to={paths.templateNew} leftSection={<PlusIcon size={16} />}>
              New template
            </Button>
          )
        }
      />
      <Card withBorder radius="md" padding="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name or label"
            type="search"
            leftSection={<SearchIcon size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            miw={240}
            style={{ flex: 1 }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="template-kind-label">
              Kind
            </Text>
            <SegmentedControl
              aria-labelledby="template-kind-label"
              data={FILTERS}
              value={kind}
              onChange={setKind}
            />
          </Stack>
        </Group>
      </Card>
      <LoadError what="the templates" error={templates.error} />
      <Card withBorder radius="md" padding={0}>
        <TableScroll label="Templates table" minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Templates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Template</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Name in journeys</Table.Th>
                <Table.Th>Changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody aria-busy={templates.isFetching}>
              {templates.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" ta="center" py="lg">
                      Loading the templates…
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {templates.data && shown.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" ta="center" py="lg">
                      No templates match.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {shown.map((template) => (
                <Table.Tr key={template.id}>
                  <Table.Td>
                    <Anchor component={Link} to={templatePath(template.id)} fw={500}>
                      {template.label}
                    </Anchor>
                    {template.subject && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {template.subject}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" radius="sm" tt="none">
                      {KIND_LABELS[template.channel as TemplateKind]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {template.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                      {formatDateTime(template.updated_at)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      </Card>
    </Stack>
  );
}
