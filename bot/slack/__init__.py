"""The wire: the only code that calls Slack's Web API or reads raw Slack payloads."""
