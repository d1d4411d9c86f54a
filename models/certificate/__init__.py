"""Certificates (职称证书): issuer codes that HR bureaus assign (issuers.py), number ranges per issuer, year and
category (ranges.py), the numbers taken from them once per subject and never twice (numbering.py), and the
e-certificate: the PDF (document.py) and its signature (signing.py)."""
