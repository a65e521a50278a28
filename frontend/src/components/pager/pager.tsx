import { Group, Pagination, Text } from "@mantine/core";

interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  /** What is being paged, for the summary and the landmark: "users". */
  noun: string;
}

/** "1–25 of 240 users" and page buttons, inside a labelled navigation landmark. */
export function Pager({ page, pageSize, total, onChange, noun }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" gap="sm">
      <Text size="sm" c="dimmed">
        {total === 0 ? `No ${noun}` : `${first}–${last} of ${total} ${noun}`}
      </Text>
      {pages > 1 && (
        <nav aria-label={`Pages of ${noun}`}>
          <Pagination
            value={page}
            onChange={onChange}
            total={pages}
            size="sm"
            getItemProps={(item) => ({
              "aria-label": `Page ${item}`,
              "aria-current": item === page ? "page" : undefined,
            })}
            getControlProps={(control) => ({
              "aria-label":
                control === "previous"
                  ? "Previous page"
                  : control === "next"
                    ? "Next page"
                    : control === "first"
                      ? "First page"
                      : "Last page",
            })}
          />
        </nav>
      )}
    </Group>
  );
}
