"""Constants, after homeassistant/components/mcp/const.py."""

DOMAIN = "mcp"
CONF_SLUG = "slug"
