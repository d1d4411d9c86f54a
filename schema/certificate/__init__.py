"""Certificates as clients see them: issuer codes and number ranges (numbers.py), certificates and issuing
(types.py, inputs.py)."""
