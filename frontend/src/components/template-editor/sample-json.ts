/** A sample event (or object) typed as JSON: an object, or a message saying what is wrong. */
export function parseSampleJson(
  text: string,
): { value: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { value: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return { error: 'Write a JSON object, e.g. {"order_id": "A-1"}' };
    }
    return { value: parsed as Record<string, unknown> };
  } catch {
    return { error: "This is not valid JSON yet." };
  }
}
