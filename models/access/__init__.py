"""Who may see and do what: the Viewer built once per request (viewer.py), one policy module per resource
(application, task, plan, committee, achievement, binding, person, account, review_path) asked by GraphQL fields,
``node(id)`` and workers alike, and how much of a person shows (masking.py)."""
