"""A test double of the parts of Home Assistant (2025.10) that custom_components/jarvis uses.

Each module says which HA source file it follows; NOTES.md lists where the double had to guess. Nothing here
is HA's code: the behaviour was read from HA's source and written again, small.
"""
