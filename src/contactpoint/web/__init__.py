"""The web application: factory, middleware, layout templates and error pages."""
