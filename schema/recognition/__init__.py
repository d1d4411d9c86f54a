"""异地职称确认 as clients see it."""
