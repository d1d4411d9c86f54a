"""The review engine: tasks addressed to units, claim / decide / withdraw, the process registry,
review paths as configuration, the task-centre boxes."""
