import { useReactFlow } from "@xyflow/react";
import { useCallback } from "react";

/**
 * Focuses a field of the inspector: the form field `name` (RJSF's `root_<name>`), the
 * "go to" picker of exit `handle`, or else the first field that takes input.
 */
export function focusInspectorField(name?: string, handle?: string) {
  const form = document.querySelector<HTMLElement>('[data-inspector-form="true"]');
  if (!form) return false;
  const exitPicker = handle
    ? document.querySelector<HTMLElement>(`input[data-exit-target="${CSS.escape(handle)}"]`)
    : null;
  if (!name && exitPicker) {
    exitPicker.focus();
    return true;
  }
  const wanted = name
    ? form.querySelector<HTMLElement>(
        `[id="root_${name}"], [id^="root_${name}_"] input, [id^="root_${name}_"] textarea, [id^="root_${name}"] input`,
      )
    : null;
  // Without a field named: the first required one (an event's name), else the first text
  // a message step writes (its subject); a step with neither keeps the focus where it is.
  const first =
    wanted ??
    form.querySelector<HTMLElement>(
      "input[required]:not([disabled]):not([readonly]), textarea[required]:not([readonly])",
    ) ??
    form.querySelector<HTMLElement>("[data-template-text] input, [data-template-text] textarea");
  first?.focus();
  return !!first;
}

/**
 * After a step is added: bring it into view if it is outside, and (on request) put the
 * caret in its first field, so its main setting can be typed at once.
 */
export function useShowStep() {
  const { getNode, getViewport, setCenter } = useReactFlow();
  return useCallback(
    (id: string, options: { focusField?: boolean } = {}) => {
      requestAnimationFrame(() => {
        const node = getNode(id);
        const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
        if (node && pane) {
          const { x, y, zoom } = getViewport();
          const width = node.measured?.width ?? 240;
          const height = node.measured?.height ?? 110;
          const left = node.position.x * zoom + x;
          const top = node.position.y * zoom + y;
          const outside =
            left < 0 ||
            top < 0 ||
            left + width * zoom > pane.width ||
            top + height * zoom > pane.height;
          if (outside)
            void setCenter(node.position.x + width / 2, node.position.y + height / 2, {
              zoom,
              duration: 200,
            });
        }
        if (options.focusField) focusInspectorField();
      });
    },
    [getNode, getViewport, setCenter],
  );
}
