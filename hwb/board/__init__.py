"""The board's own business: meetings, agenda items, resolutions, actions and board papers."""
