"""Cross-cutting helpers. Nothing here imports a domain."""
