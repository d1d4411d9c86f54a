"""异地职称确认 (recognition of a title obtained in another province, seed 000; 002 §2.7): a person who brings
a title from elsewhere asks for it to be confirmed here; the chain employer → competent department → HR
bureau reviews it, and the last HR bureau's PASS records the recognised title among the person's
certificates (acquisition method 确认)."""
