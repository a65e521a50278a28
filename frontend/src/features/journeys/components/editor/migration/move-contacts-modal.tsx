import { Button, Group, Modal, Stack } from "@mantine/core";
import { MigrationPanel } from "./migration-panel";

/**
 * The publish dialog's migration plan, opened later: moving the contacts left on older
 * versions to the published version `version` (from the versions menu).
 */
export function MoveContactsModal({
  journeyId,
  version,
  opened,
  onClose,
}: {
  journeyId: string;
  version: number;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Move contacts to version ${version}`}
      size="xl"
    >
      <Stack>
        {opened && <MigrationPanel journeyId={journeyId} version={version} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
