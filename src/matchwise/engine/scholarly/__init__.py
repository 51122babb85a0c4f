"""Scholarly: research outputs with their honest status and role, checks and benchmarks.

Does not import Network or Roadmap."""
