"""Network: contacts, interactions, who is due a follow-up and why, and outreach drafts checked.

Reads the profile's ties; does not import Scholarly or Roadmap."""
