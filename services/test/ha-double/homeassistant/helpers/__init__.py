"""Helpers of the Home Assistant double."""
