"""Regions (属地): GB/T 2260 administrative divisions and how they nest."""
