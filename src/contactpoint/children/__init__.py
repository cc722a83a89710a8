"""Children: names, addresses, parents and carers, and the source identifiers they came from."""
