"""职称初定 / 职称认定: declarations without a committee, the acceptance bodies (受理机构) that accept them, and
the issuer's approval that issues the certificate directly [002 §2.1, §2.2.1.2; 003 §1.3–1.5]."""
