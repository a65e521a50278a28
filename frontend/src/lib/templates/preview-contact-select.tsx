import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { previewContactsQueryOptions } from "./api";

interface PreviewContactSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
}

/** Search a contact to render the template as they would receive it. */
export function PreviewContactSelect({ value, onChange }: PreviewContactSelectProps) {
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search, 300);
  const contacts = useQuery({
    ...previewContactsQueryOptions(query),
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      label="Contact"
      description="Render as this contact sees it; empty uses a sample contact."
      placeholder="Sample contact"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={(contacts.data ?? []).map((c) => ({
        value: c.id,
        label: c.email ? `${c.name || "(no name)"} · ${c.email}` : c.name || c.id,
      }))}
      value={value}
      onChange={onChange}
      nothingFoundMessage="No contact matches"
    />
  );
}
