"""专技人才统计 as clients see it: a person's talent records, their review, and the counts."""
