import {
  Alert,
  Anchor,
  Button,
  Card,
  FileButton,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/format";
import { fileDownloadUrl, filesQueryOptions, jobKeys, jobsApi } from "../api/jobs";

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files on the job: download links and an upload button; the server's refusal is shown as is. */
export function JobFiles({ jobId, canWrite }: { jobId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const files = useQuery(filesQueryOptions(jobId));
  const upload = useMutation({
    mutationFn: (file: File) => jobsApi.uploadFile(jobId, file),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: jobKeys.files(jobId) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.history(jobId) });
    },
  });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="job-files-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="job-files-title">
            Files
          </Title>
          {canWrite && (
            <FileButton onChange={(file) => file && upload.mutate(file)}>
              {(props) => (
                <Button {...props} size="sm" variant="light" loading={upload.isPending}>
                  Attach a file
                </Button>
              )}
            </FileButton>
          )}
        </Group>
        {upload.error && (
          <Alert color="red" variant="light" title="The file was not attached" role="alert">
            {upload.error.message}
          </Alert>
        )}
        {files.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            No files yet.
          </Text>
        )}
        {files.data && files.data.length > 0 && (
          <Table aria-label="Files" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {files.data.map((file) => (
                <Table.Tr key={file.id}>
                  <Table.Td>
                    <Anchor href={fileDownloadUrl(jobId, file.id)} size="sm" download>
                      {file.filename}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace" title={`SHA-256 ${file.sha256}`}>
                      {file.content_type}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatBytes(file.size)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {file.uploaded_by?.name ?? "—"} · {formatDateTime(file.uploaded_at)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
