import { Anchor } from "@mantine/core";
import { Link } from "react-router";

/**
 * Whether a journey's link may be put in front of the customer: a web address, a mailto:
 * address or a portal page. The API checks the same when a journey is published and when
 * it serves a message (app/lib/links.py); this keeps an old or odd value from ever
 * becoming a `javascript:` anchor here. Browsers drop spaces, tabs and control characters
 * inside a URL and read `\` as `/`, so those are refused rather than read.
 */
export function isSafeLink(link: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (!link || /[\u0000-\u0020\u007f\\]/.test(link)) return false;
  if (link.startsWith("//")) return false;
  if (link.startsWith("/")) return true;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  if (url.protocol === "http:" || url.protocol === "https:") return url.hostname !== "";
  return url.protocol === "mailto:" && url.pathname !== "";
}

/** A message's link: a portal page opens in place, anything else in a new tab. */
export function MessageLink({ link }: { link: string }) {
  if (!isSafeLink(link)) return null;
  if (link.startsWith("/")) {
    return (
      <Anchor component={Link} to={link} size="sm">
        Open
      </Anchor>
    );
  }
  return (
    <Anchor href={link} target="_blank" rel="noopener noreferrer" size="sm">
      Open (new tab)
    </Anchor>
  );
}
