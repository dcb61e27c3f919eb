"""Built-in integrations of the Home Assistant double (only those Jarvis depends on)."""
