"""What leaves Convener as files: calendars, exports, the synthesis pack, a member's own
data. Each is built from the database in the language it is asked in, and only reads."""
