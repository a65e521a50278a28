"""Templates as every part of Waymark renders them (messages, job titles and guidance,
staff notifications, webhook requests) and as validation checks them: sandboxed Jinja2
with bounded work (`sandbox`) and the context, filters and parts (`render`). Pure: no
database, no web framework, so the engine's validation renders through the very code
sending uses."""
