"""The rules of Dozen. Services take plain values and a session, return domain objects
or raise a DomainError whose message is fit for a person. No Slack imports here."""
