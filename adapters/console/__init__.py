"""The console: the engine in a terminal, as one or several simulated people, no token needed."""
