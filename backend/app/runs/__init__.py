"""Running journeys: enrollments, timers, the step log and the outbox (DESIGN.md)."""
