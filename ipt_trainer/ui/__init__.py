"""The Textual app: a thin layer that renders core results and sends intent back."""
