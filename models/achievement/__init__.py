"""The achievement library (个人业绩库): typed records per category, attachments, unit review."""
