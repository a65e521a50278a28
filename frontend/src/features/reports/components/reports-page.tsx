import { Grid, Group, Stack } from "@mantine/core";
import { DatePickerInput, type DatesRangeValue } from "@mantine/dates";
import { useDocumentTitle } from "@mantine/hooks";
import { useState } from "react";
import { PageHeader } from "@/components/page-header/page-header";
import type { Period } from "../api/reports";
import { JobAuditSection } from "./job-audit-section";
import { TimesSection } from "./times-section";
import { OverrunningSection, TrendSection } from "./trend-section";

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A picked range of local days as [from, to) instants for the API. */
export function periodOf([from, to]: DatesRangeValue<string>): Period {
  const start = from ? new Date(`${from}T00:00:00`) : null;
  const end = to ? new Date(`${to}T00:00:00`) : null;
  if (end) end.setDate(end.getDate() + 1);
  return { from: start?.toISOString() ?? null, to: end?.toISOString() ?? null };
}

/** `/reports`: how the queues perform, from the jobs audit log. */
export function ReportsPage() {
  useDocumentTitle("Reports · Waymark");
  const [range, setRange] = useState<DatesRangeValue<string>>(() => {
    const today = new Date();
    const start = new Date(today);
    start.setDate(start.getDate() - 29);
    return [isoDay(start), isoDay(today)];
  });
  // A half-picked range keeps the last whole one.
  const [period, setPeriod] = useState<Period>(() => periodOf(range));

  return (
    <Stack gap="xl">
      <PageHeader
        title="Reports"
        description="How quickly jobs are claimed and completed, what is overrunning, and every change to every job."
        actions={
          <Group>
            <DatePickerInput
              type="range"
              label="Jobs created"
              value={range}
              onChange={(value) => {
                setRange(value);
                if ((value[0] && value[1]) || (!value[0] && !value[1])) setPeriod(periodOf(value));
              }}
              allowSingleDateInRange
              clearable
              clearButtonProps={{ "aria-label": "Clear the dates" }}
              w={250}
            />
          </Group>
        }
      />
      <TimesSection period={period} />
      <Grid gutter={{ base: "md", lg: "xl" }}>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <TrendSection period={period} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <OverrunningSection />
        </Grid.Col>
      </Grid>
      <JobAuditSection period={period} />
    </Stack>
  );
}
