import { Anchor } from "@mantine/core";
import { Link } from "react-router";

/** A message's link: a portal page opens in place, anything else in a new tab. */
export function MessageLink({ link }: { link: string }) {
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
