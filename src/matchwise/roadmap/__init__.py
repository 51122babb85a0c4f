"""Roadmap: dated milestones to Match Day, letters, readiness and the weekly agenda."""
