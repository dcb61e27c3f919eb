"""The double's own pieces, which have no counterpart in Home Assistant: building a running instance with
two users and the Jarvis integration, and test-only WebSocket commands (all named test_double/*)."""
