import { Button } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { paths } from "@/config/paths";
import { BookAppointmentForm, MoveAppointmentButton } from "./appointment-forms";
import { RecordsPage } from "./records-page";
import { ReturnForm } from "./return-form";
import { TicketForm } from "./ticket-form";

const RETURNABLE = new Set(["despatched", "shipped", "delivered", "completed"]);

export function OrdersPage() {
  return (
    <RecordsPage
      list="orders"
      title="Orders"
      description="Everything you ordered from us, and where it is."
      empty="You have no orders yet."
      actions={(order) =>
        RETURNABLE.has(order.status) ? (
          <Button
            size="xs"
            variant="light"
            component={Link}
            to={`${paths.portalReturns}?order=${encodeURIComponent(order.id)}`}
            aria-label={`Return order ${order.reference ?? ""}`.trim()}
          >
            Return
          </Button>
        ) : null
      }
    />
  );
}

export function ReturnsPage() {
  const [params] = useSearchParams();
  const orderId = params.get("order");
  return (
    <RecordsPage
      list="returns"
      title="Returns"
      description="Send something back. You can follow each return here as we work on it."
      empty="You have no returns."
      request={{
        label: "Start a return",
        open: Boolean(orderId),
        form: (close) => <ReturnForm orderId={orderId} onCancel={close} />,
      }}
    />
  );
}

export function TicketsPage() {
  return (
    <RecordsPage
      list="tickets"
      title="Support"
      description="Your questions and complaints, and our answers."
      empty="You have not contacted support yet."
      request={{ label: "Contact support", form: (close) => <TicketForm onCancel={close} /> }}
    />
  );
}

export function AppointmentsPage() {
  return (
    <RecordsPage
      list="appointments"
      title="Appointments"
      description="Book a visit, or move one you have."
      empty="You have no appointments."
      request={{
        label: "Book an appointment",
        form: (close) => <BookAppointmentForm onCancel={close} />,
      }}
      actions={(record) => <MoveAppointmentButton record={record} />}
    />
  );
}
