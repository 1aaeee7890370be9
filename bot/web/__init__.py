"""The public board on the web (`/board`): routes and Jinja2 templates, HTML-escaped."""
