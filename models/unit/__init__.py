"""Units (单位): employers, departments, HR bureaus, talent centres, organizers — their registration,
details, admins and electronic seals."""
