"""Evaluation (评审): the organizer's scheme (呈报方案) reviewed by the HR bureau; results, publicity and filing follow."""
