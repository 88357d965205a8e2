"""The kit every Groupbuy part is built from: settings, database, problems, HTTP, health, metrics."""
