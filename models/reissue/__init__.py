"""补换证 (reissue and correction, 001 §五（四）): a person asks for a lost certificate to be issued again, or for
wrong fields to be corrected; the chain employer → … → the issuer reviews it, and the issuer's PASS issues a new
``YB`` certificate that replaces the old one."""
