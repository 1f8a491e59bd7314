"""Review reminders (issue 7): rules as data, an engine that finds what is due per mission
day, and delivery that sends each reminder exactly once."""
