import { Code, Stack, TagsInput, Text } from "@mantine/core";
import { isApiError } from "@/lib/api-client";

/** The websites (origins) a public write key may be used from, typed one by one. */
export function WebsitesInput({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (origins: string[]) => void;
  error?: string;
}) {
  return (
    <TagsInput
      label="Websites"
      description="Origins whose pages may use the key, e.g. https://shop.example (https://*.shop.example for every subdomain). Press Enter after each. With none, every page is refused."
      placeholder="https://shop.example"
      value={value}
      onChange={onChange}
      splitChars={[",", " "]}
      error={error}
    />
  );
}

/** The problem's messages about `allowed_origins[…]`, joined (null when there are none). */
export function websitesError(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  const raw = error.problem?.errors;
  if (!Array.isArray(raw)) return undefined;
  const messages = raw
    .filter(
      (item): item is { field: string; message: string } =>
        typeof item?.field === "string" && item.field.startsWith("allowed_origins"),
    )
    .map((item) => item.message);
  return messages.length ? messages.join(" ") : undefined;
}

/** How a site's server proves who its visitor is with the identity secret. */
export function IdentitySecretHelp() {
  return (
    <Stack gap={4}>
      <Text size="sm" c="dimmed">
        Keep it on your server, never in a page. When a customer signs in to your site, your server
        computes their user hash and puts it in the page for track.js:
      </Text>
      <Code block fz="xs">
        {`user_hash = HMAC-SHA256(identity secret, user id)   // hex
waymark.identify("cust-1001", {}, { userHash: user_hash });`}
      </Code>
      <Text size="sm" c="dimmed">
        Without a matching hash, events from pages stay with the anonymous visitor.
      </Text>
    </Stack>
  );
}
