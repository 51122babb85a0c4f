"""Network's files: contacts (LinkedIn, vCard, spreadsheets), iCalendar follow-ups, .eml drafts."""
