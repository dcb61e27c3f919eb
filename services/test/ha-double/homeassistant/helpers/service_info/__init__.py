"""Discovery service info, after homeassistant/helpers/service_info/."""
