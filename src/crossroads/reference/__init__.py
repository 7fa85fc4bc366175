"""World knowledge as data: people (officials with country, role and dates) and outlets."""
