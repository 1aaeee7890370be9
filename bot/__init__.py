"""Dozen: a Slack bot for UK councils to share challenges and people."""
