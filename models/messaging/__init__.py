"""In-app messages (我的消息) and batch notifications fanned out by a job."""
