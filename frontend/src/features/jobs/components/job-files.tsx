import { Alert, Anchor, Button, Card, FileButton, Group, Stack, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DataTable } from "@/components/data-table/data-table";
import { CameraIcon } from "@/components/icons/icons";
import { formatDateTime } from "@/lib/format";
import { fileDownloadUrl, filesQueryOptions, jobKeys, jobsApi } from "../api/jobs";

/** A photo's types, JPEG first: what the server's default WAYMARK_JOB_FILE_TYPES takes. */
export const PHOTO_TYPES = "image/jpeg,image/png,image/webp";

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files on the job: download links and an upload button; the server's refusal is shown as is. */
export function JobFiles({ jobId, canWrite }: { jobId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  // A finger for a pointer (a phone, a tablet): offer the camera as well.
  const touch = useMediaQuery("(pointer: coarse)", false, { getInitialValueInEffect: false });
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
            <Group gap="xs">
              {touch && (
                // Opens the phone's camera. A photo comes as JPEG: iOS hands HEIC photos
                // over as JPEG, and Safari elsewhere as the first type listed.
                <FileButton
                  onChange={(file) => file && upload.mutate(file)}
                  accept={PHOTO_TYPES}
                  capture="environment"
                >
                  {(props) => (
                    <Button
                      {...props}
                      size="sm"
                      leftSection={<CameraIcon size={16} />}
                      loading={upload.isPending}
                    >
                      Take a photo
                    </Button>
                  )}
                </FileButton>
              )}
              {/* Any file the server takes (WAYMARK_JOB_FILE_TYPES, which an operator may
                  widen), so no type filter here; a phone offers its camera and photos too. */}
              <FileButton onChange={(file) => file && upload.mutate(file)}>
                {(props) => (
                  <Button {...props} size="sm" variant="light" loading={upload.isPending}>
                    Attach a file
                  </Button>
                )}
              </FileButton>
            </Group>
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
          <DataTable
            label="Files"
            minWidth={300}
            framed={false}
            scroll={false}
            verticalSpacing={4}
            query={files.data}
            rowKey="id"
            emptyText="No files yet."
            columns={[
              {
                header: "Name",
                cell: (file) => (
                  <>
                    <Anchor href={fileDownloadUrl(jobId, file.id)} size="sm" download>
                      {file.filename}
                    </Anchor>
                    <Text
                      size="xs"
                      c="dimmed"
                      ff="monospace"
                      fw={400}
                      title={`SHA-256 ${file.sha256}`}
                    >
                      {file.content_type}
                    </Text>
                  </>
                ),
              },
              { header: "Size", cell: (file) => <Text size="sm">{formatBytes(file.size)}</Text> },
              {
                header: "Added",
                cell: (file) => (
                  <Text size="xs">
                    {file.uploaded_by?.name ?? "—"} · {formatDateTime(file.uploaded_at)}
                  </Text>
                ),
              },
            ]}
          />
        )}
      </Stack>
    </Card>
  );
}
