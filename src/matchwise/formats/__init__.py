"""Readers and writers of the files users bring and take away; they produce engine types."""
