"""The customer portal: customers see and update their own records, and nobody else's."""
