"""Every change to the domain goes through a function here. Views, the API, and (later)
sockets and the offline outbox only parse input, call an action and render the result."""
