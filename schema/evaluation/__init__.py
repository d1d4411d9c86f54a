"""Evaluation schemes (呈报方案), results, publicity and filing: ``types`` as clients read them, ``inputs``
and payloads of the mutations."""
