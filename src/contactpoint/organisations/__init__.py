"""Local authorities and the organisations (schools, GPs, services) that work with children."""
