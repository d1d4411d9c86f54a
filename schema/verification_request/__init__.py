"""证书核验申请 as clients see it."""
