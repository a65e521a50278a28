import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "@/testing/render";
import { DataTable, type DataTableColumn, type DataTableQuery } from "./data-table";

interface Fruit {
  id: number;
  name: string;
  stock: number;
}

const FRUITS: Fruit[] = [
  { id: 1, name: "Apple", stock: 12 },
  { id: 2, name: "Pear", stock: 0 },
];

function columns(remove: (fruit: Fruit) => void): DataTableColumn<Fruit>[] {
  return [
    { header: "Name", cell: (fruit) => fruit.name },
    { header: "Stock", align: "right", cell: (fruit) => fruit.stock },
    {
      header: "Actions",
      hideHeader: true,
      cell: (fruit) => (
        <button type="button" aria-label={`Remove ${fruit.name}`} onClick={() => remove(fruit)}>
          Remove
        </button>
      ),
    },
  ];
}

const loaded = (data: DataTableQuery<Fruit>["data"]): DataTableQuery<Fruit> => ({
  data,
  error: null,
  isPending: false,
  isFetching: false,
});

function renderTable(query: DataTableQuery<Fruit>, remove = vi.fn()) {
  renderWithProviders(
    <DataTable
      label="Fruit"
      minWidth={400}
      columns={columns(remove)}
      query={query}
      rowKey="id"
      loadingText="Loading fruit…"
      emptyText="No fruit in stock."
      what="the fruit"
      pagination={{ page: 1, pageSize: 2, onChange: () => {}, noun: "fruit" }}
    />,
  );
  return remove;
}

describe("DataTable", () => {
  it("renders a row a record under named column headers, in a labelled table", () => {
    renderTable(loaded(FRUITS));
    const table = screen.getByRole("table", { name: "Fruit" });
    expect(screen.getByRole("region", { name: "Fruit table" })).toContainElement(table);
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((th) => th.textContent);
    expect(headers).toEqual(["Name", "Stock", "Actions"]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[0]?.textContent)).toEqual([
      "Apple",
      "Pear",
    ]);
    expect(within(rows[1] as HTMLElement).getByText("0")).toBeVisible();
    expect(screen.queryByText("No fruit in stock.")).toBeNull();
  });

  it("pages a paged answer and counts what it holds", () => {
    renderTable(loaded({ items: FRUITS, total: 5 }));
    expect(screen.getByText("1–2 of 5 fruit")).toBeVisible();
    expect(screen.getByRole("navigation", { name: "Pages of fruit" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Page 3" })).toBeVisible();
  });

  it("says so when there are no rows, across every column", () => {
    renderTable(loaded([]));
    const cell = screen.getByText("No fruit in stock.").closest("td");
    expect(cell).toHaveAttribute("colspan", "3");
    expect(screen.queryByText("Loading fruit…")).toBeNull();
  });

  it("says it is loading until the first answer, and marks the rows busy", () => {
    renderTable({ data: undefined, error: null, isPending: true, isFetching: true });
    expect(screen.getByText("Loading fruit…")).toBeVisible();
    expect(screen.getByText("Loading fruit…").closest("tbody")).toHaveAttribute(
      "aria-busy",
      "true",
    );
    expect(screen.queryByText("No fruit in stock.")).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("names what failed to load and why, with no empty message or pager", () => {
    renderTable({
      data: undefined,
      error: new Error("The server is down."),
      isPending: false,
      isFetching: false,
    });
    expect(screen.getByText("Could not load the fruit")).toBeVisible();
    expect(screen.getByText("The server is down.")).toBeVisible();
    expect(screen.queryByText("No fruit in stock.")).toBeNull();
    expect(screen.queryByText("Loading fruit…")).toBeNull();
    expect(screen.queryByText(/of \d+ fruit/)).toBeNull();
  });

  it("reaches each row's actions with the keyboard, in row order", async () => {
    const user = userEvent.setup();
    const remove = renderTable(loaded(FRUITS));
    // The scrolling region comes first (it scrolls with the arrow keys), then the rows' actions.
    await user.tab();
    expect(screen.getByRole("region", { name: "Fruit table" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Remove Apple" })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole("button", { name: "Remove Pear" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(remove).toHaveBeenCalledWith(FRUITS[1]);
  });
});
