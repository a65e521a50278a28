import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { formatDateTime } from "@/lib/format";
import { dropLocalCopy, offerLocalCopy, readLocalCopy } from "../../model/local-copy";
import { useEditorStore } from "../../store/editor-store";
import type { Journey } from "../../types";

/**
 * Offers the changes this browser kept because the server had not taken them yet (a step
 * still missing a setting, the tab closed mid-save). Mounted once the draft is on the canvas.
 */
export function RestoreLocalCopy({ journey }: { journey: Journey }) {
  const [copy, setCopy] = useState(() =>
    offerLocalCopy(readLocalCopy(window.localStorage, journey.id), journey),
  );
  if (!copy) return null;
  const close = () => setCopy(null);
  return (
    <Modal opened onClose={close} title="Restore your unsaved changes?">
      <Stack>
        <Text size="sm">
          Changes you made to this journey on {formatDateTime(copy.keptAt)} were not saved yet, so
          this browser kept them. Restore them to carry on where you stopped; steps that still need
          a setting are marked.
        </Text>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              dropLocalCopy(window.localStorage, journey.id);
              close();
            }}
          >
            Discard them
          </Button>
          <Button
            data-autofocus
            onClick={() => {
              useEditorStore.getState().restore(copy.definition);
              close();
            }}
          >
            Restore
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
