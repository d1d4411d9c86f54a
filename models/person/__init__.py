"""Persons (专业技术人员): registration, profile rules, the ID photo and the binding to a unit (人员注册审核)."""
