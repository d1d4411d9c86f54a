"""初定 / 认定 declarations and acceptance bodies as clients see them."""
