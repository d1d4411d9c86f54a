"""专技人才统计 [002 §2.6]: records a person submits to the unit for review, counted by region, series and level."""
