"""The storefront: categories, browsing and search of published products, and the home page."""
