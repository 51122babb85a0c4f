"""Shipped reference data: published facts with sources, the fitted parameters, the DEMO catalog."""
