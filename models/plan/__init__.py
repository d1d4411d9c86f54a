"""Evaluation plans (评审计划): draft, publish (with its notice), close; what makes a plan valid."""
