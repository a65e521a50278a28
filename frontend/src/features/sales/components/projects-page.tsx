import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDocumentTitle } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { DataTable } from "@/components/data-table/data-table";
import { PageHeader } from "@/components/page-header/page-header";
import { access } from "@/config/access";
import { salesProjectPath } from "@/config/paths";
import { useCan } from "@/lib/authorization";
import { fieldErrorsOf } from "@/lib/field-errors";
import { projectsQueryOptions, useCreateProject } from "../api/projects";
import type { OutcomeInput } from "../types";
import { ListEditor } from "./list-editor";

/** The projects the signed-in person works (every one, for a manager). */
export function ProjectsPage() {
  useDocumentTitle("Sales projects · Waymark");
  const projects = useQuery(projectsQueryOptions);
  const canManage = useCan(access.salesManage);
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Sales projects"
        description="Customer cards by project: open one to work its board."
        actions={canManage && <Button onClick={() => setCreating(true)}>New project</Button>}
      />
      <DataTable
        label="Projects"
        minWidth={640}
        columns={[
          {
            header: "Project",
            cell: (p) => (
              <>
                <Anchor component={Link} to={salesProjectPath(p.id)} fw={600}>
                  {p.name}
                </Anchor>
                {p.description && (
                  <Text size="xs" c="dimmed">
                    {p.description}
                  </Text>
                )}
              </>
            ),
          },
          { header: "Cards", align: "right", cell: (p) => <Text size="sm">{p.cards}</Text> },
          {
            header: "Not processed",
            align: "right",
            cell: (p) => <Text size="sm">{p.unprocessed}</Text>,
          },
          { header: "My cards", align: "right", cell: (p) => <Text size="sm">{p.my_cards}</Text> },
          { header: "Members", align: "right", cell: (p) => <Text size="sm">{p.members}</Text> },
        ]}
        query={projects}
        rowKey="id"
        loadingText="Loading projects…"
        emptyText={
          canManage ? "No project yet: make the first." : "You are not a member of any project."
        }
        what="projects"
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New project" size="lg">
        {creating && <NewProjectForm onClose={() => setCreating(false)} />}
      </Modal>
    </Stack>
  );
}

const STARTING_OUTCOMES: OutcomeInput[] = [
  { name: "Booking", is_booking: true },
  { name: "Call back", is_booking: false },
  { name: "Not interested", is_booking: false },
];

function NewProjectForm({ onClose }: { onClose: () => void }) {
  const create = useCreateProject();
  const navigate = useNavigate();
  const [outcomes, setOutcomes] = useState<OutcomeInput[]>(STARTING_OUTCOMES);
  const form = useForm({
    initialValues: { name: "", description: "" },
    validate: { name: (v) => (v.trim() ? null : "Name the project.") },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      {
        name: values.name.trim(),
        description: values.description,
        outcomes,
        stages: [],
        buckets: [],
        member_ids: [],
      },
      {
        onSuccess: (project) => navigate(salesProjectPath(project.id)),
        onError: (error) => form.setErrors(fieldErrorsOf(error, ["name", "outcomes"])),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {create.error && (
          <Alert color="red" variant="light" title="The project was not made">
            {create.error.message}
          </Alert>
        )}
        <TextInput label="Name" required maxLength={120} {...form.getInputProps("name")} />
        <Textarea label="Description" maxLength={2000} {...form.getInputProps("description")} />
        <ListEditor
          label="Outcomes"
          description="Staff process a card by choosing one; a booking outcome takes a resource and a time."
          items={outcomes}
          onChange={setOutcomes}
          withBooking
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
