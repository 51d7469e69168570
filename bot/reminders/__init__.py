"""Reminders, in one place: when they fall (timing), which rows each member gets (plan),
what a due one says (texts) and the commands that show and tune them (commands). The
scheduler (scheduler/) claims due rows from the outbox and sends them."""
