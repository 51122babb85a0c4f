"""Accounts: who the request belongs to. Local mode has one implicit user; hosted mode logs in."""
