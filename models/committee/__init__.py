"""Review committees (评委会): scope, organizers, admins, the committee choice for a declaration, Excel."""
