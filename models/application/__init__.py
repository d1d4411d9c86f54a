"""Declarations (职称申报): create, sections, attachments, the pre-submit check, submission and review
effects, the path of reviewing units, the review form and the integrity pledge."""
