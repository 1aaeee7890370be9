"""Everything Dozen shows, one module per feature: it reads through services, renders with
`views/`, sends through `slack/`, and records where it posted through a service."""
