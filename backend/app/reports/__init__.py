"""Reports: read models that join several domains (a contact's timeline, the journeys'
step numbers, the job reports) and the endpoints that serve them. Above every domain
core, imported by none."""
