"""What each query and mutation does: thin functions over the domain services in models/."""
