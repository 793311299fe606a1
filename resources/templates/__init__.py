"""Process templates a manager may start a new process from (app.templates)."""
