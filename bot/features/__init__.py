"""One module per capability. Each exposes plain handler functions; bot.commands lists them."""
