"""Local servers that speak the real protocols of IntelliFin's outside parties.

Each runs as its own process on its own port (`python -m local_runtime.sandboxes.<name>`);
the production clients reach them only by URL. `process.py` starts one and waits until it
listens; the local runtime and the tests start them the same way.
"""
